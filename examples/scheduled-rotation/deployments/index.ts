// The nightly recipe on Pulumi Deployments instead of a CI schedule: Pulumi
// Cloud runs the rotation stack's `pulumi up` every night at 02:17 UTC, from
// the program in your repository (../index.ts), with AWS credentials from OIDC
// role assumption. Run this small program once, with a Pulumi Cloud access
// token, in a stack of its own:
//
//   pulumi config set organization my-org
//   pulumi config set repoUrl https://github.com/my-org/cognito-rotation.git
//   pulumi config set roleArn arn:aws:iam::123456789012:role/password-rotation
//   pulumi up
//
// The rotation stack itself must use the Pulumi Cloud backend (not the S3
// backend of the CI recipe): Deployments run stacks that Pulumi Cloud holds.
import * as pulumi from "@pulumi/pulumi";
import * as service from "@pulumi/pulumiservice";

const config = new pulumi.Config();
const organization = config.require("organization");
/** The rotation program's project (its Pulumi.yaml) and stack. */
const project = config.get("project") ?? "password-reset-scheduled-rotation";
const stack = config.get("stack") ?? "prod";

const settings = new service.DeploymentSettings("rotation", {
    organization,
    project,
    stack,
    sourceContext: {
        git: {
            repoUrl: config.require("repoUrl"),
            branch: config.get("branch") ?? "main",
            repoDir: config.get("repoDir") ?? ".", // the folder of the rotation program in the repository
        },
    },
    // Node.js 22 or later: what the package needs. Pin the image as the CI recipe pins its CLI.
    executorContext: { executorImage: "pulumi/pulumi-nodejs-22:3.274.1" },
    operationContext: {
        oidc: {
            aws: {
                roleARN: config.require("roleArn"), // trusts Pulumi Cloud's OIDC issuer; see the README
                sessionName: "pulumi-password-rotation",
                duration: "1h0m0s",
            },
        },
        // A red night is a failed deployment, named in Pulumi Cloud with its log.
        options: { skipIntermediateDeployments: true },
    },
});

new service.DeploymentSchedule(
    "nightly",
    {
        organization,
        project,
        stack,
        pulumiOperation: service.PulumiOperation.Update,
        scheduleCron: "17 2 * * *", // UTC
    },
    { dependsOn: [settings] },
);
