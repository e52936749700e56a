"""One Cognito user's password, and every user of a list, reset on create, on
a new rotation key and every 90 days, from a Pulumi Python program through
the cognito-password-reset provider plugin and its generated Python SDK (see
the README, "Use from Python, Go or YAML"):

    pulumi config set userPoolId eu-west-1_AbC123
    pulumi config set username alice
    pulumi config set --secret campaign spring-2026
    pulumi up
"""
import pulumi
import pulumi_cognito_password_reset as cpr

config = pulumi.Config()
rotation = cpr.RotationPolicyArgs(every="90d", stagger=True)

reset = cpr.UserPasswordReset(
    "alice",
    user_pool_id=config.require("userPoolId"),
    username=config.require("username"),
    rotation=rotation,
    client_metadata={"campaign": config.require_secret("campaign")},
)

staff = cpr.UserPasswordResets(
    "staff",
    user_pool_id=config.require("userPoolId"),
    usernames=["bob", "carol"],
    rotation=rotation,
    initial_reset="scheduled",
    max_resets_per_run=45,
)

pulumi.export("lastResetAt", reset.last_reset_at)
pulumi.export("rotationPeriod", reset.rotation_period)
pulumi.export("summary", staff.summary)
