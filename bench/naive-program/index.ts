// A password reset written the obvious way, for the benchmark to compare
// against: one dynamic resource per user, the provider class serialized by
// value into each resource's state, a client per call, the SDK's default retries.
import * as pulumi from "@pulumi/pulumi";

interface Inputs {
    userPoolId: string;
    username: string;
    endpoint: string;
}

class NaiveResetProvider implements pulumi.dynamic.ResourceProvider {
    async create(inputs: Inputs): Promise<pulumi.dynamic.CreateResult> {
        const sdk = await import("@aws-sdk/client-cognito-identity-provider");
        const client = new sdk.CognitoIdentityProviderClient({ region: "eu-west-1", endpoint: inputs.endpoint });
        await client.send(
            new sdk.AdminResetUserPasswordCommand({ UserPoolId: inputs.userPoolId, Username: inputs.username }),
        );
        return {
            id: `${inputs.userPoolId}/${inputs.username}`,
            outs: { ...inputs, resetAt: new Date().toISOString() },
        };
    }
}

class NaiveReset extends pulumi.dynamic.Resource {
    constructor(name: string, args: Inputs) {
        super(new NaiveResetProvider(), name, { ...args, resetAt: undefined });
    }
}

const config = new pulumi.Config();
const userPoolId = config.require("userPoolId");
const endpoint = config.require("endpoint");
for (const username of config.requireObject<string[]>("usernames")) {
    new NaiveReset(username, { userPoolId, username, endpoint });
}
