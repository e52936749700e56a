// One Cognito user's password, and every user of a list, reset on create, on a
// new rotation key and every 90 days, from a Pulumi Go program through the
// cognito-password-reset provider plugin and its generated Go SDK (see the
// README, "Use from Python, Go or YAML"):
//
//	pulumi config set userPoolId eu-west-1_AbC123
//	pulumi config set username alice
//	pulumi config set --secret campaign spring-2026
//	pulumi up
package main

import (
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi/config"
	cpr "pulumi-cognito-password-reset/sdk/go/cognitopasswordreset"
)

func main() {
	pulumi.Run(func(ctx *pulumi.Context) error {
		conf := config.New(ctx, "")
		rotation := &cpr.RotationPolicyArgs{Every: pulumi.String("90d"), Stagger: pulumi.Bool(true)}

		reset, err := cpr.NewUserPasswordReset(ctx, "alice", &cpr.UserPasswordResetArgs{
			UserPoolId:     pulumi.String(conf.Require("userPoolId")),
			Username:       pulumi.String(conf.Require("username")),
			Rotation:       rotation,
			ClientMetadata: pulumi.StringMap{"campaign": conf.RequireSecret("campaign")},
		})
		if err != nil {
			return err
		}

		staff, err := cpr.NewUserPasswordResets(ctx, "staff", &cpr.UserPasswordResetsArgs{
			UserPoolId:      pulumi.String(conf.Require("userPoolId")),
			Usernames:       pulumi.ToStringArray([]string{"bob", "carol"}),
			Rotation:        rotation,
			InitialReset:    pulumi.String("scheduled"),
			MaxResetsPerRun: pulumi.Int(45),
		})
		if err != nil {
			return err
		}

		ctx.Export("lastResetAt", reset.LastResetAt)
		ctx.Export("rotationPeriod", reset.RotationPeriod)
		ctx.Export("summary", staff.Summary)
		return nil
	})
}
