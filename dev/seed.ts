/**
 * Seeding the local Cognito: pools and users in each of the states the tests
 * need. Uses the AWS SDK directly, against moto's endpoint: with the dummy
 * credentials (moto's default account) unless given others, such as those of
 * an assumed role (`assumeRole`), whose account moto files them under.
 */
import {
    AdminAddUserToGroupCommand,
    AdminCreateUserCommand,
    AdminRemoveUserFromGroupCommand,
    AdminDisableUserCommand,
    AdminGetUserCommand,
    AdminSetUserPasswordCommand,
    CognitoIdentityProviderClient,
    CreateUserPoolClientCommand,
    CreateGroupCommand,
    CreateUserPoolCommand,
    SignUpCommand,
} from "@aws-sdk/client-cognito-identity-provider";
import { AssumeRoleCommand, STSClient } from "@aws-sdk/client-sts";
import { randomBytes } from "node:crypto";

export const REGION = "eu-west-1";
const PASSWORD = "Sup3r-Secret!pw";

export type SeedState = "CONFIRMED" | "FORCE_CHANGE_PASSWORD" | "UNCONFIRMED" | "DISABLED" | "UNVERIFIED";

/** Credentials to seed with; moto keeps each account's pools apart by the access key that signs. */
export interface SeedCredentials {
    accessKeyId: string;
    secretAccessKey: string;
    sessionToken?: string;
}

export function seedClient(
    endpoint: string,
    region = REGION,
    credentials?: SeedCredentials,
): CognitoIdentityProviderClient {
    return new CognitoIdentityProviderClient({ region, endpoint, credentials });
}

/**
 * Temporary credentials of `roleArn`, from moto's STS at `endpoint`. Moto
 * needs no such role in IAM: the credentials belong to the ARN's account.
 */
export async function assumeRole(endpoint: string, roleArn: string, region = REGION): Promise<SeedCredentials> {
    const out = await new STSClient({ region, endpoint }).send(
        new AssumeRoleCommand({ RoleArn: roleArn, RoleSessionName: "seed" }),
    );
    const c = out.Credentials!;
    return { accessKeyId: c.AccessKeyId!, secretAccessKey: c.SecretAccessKey!, sessionToken: c.SessionToken };
}

export function uniqueName(prefix: string): string {
    return `${prefix}-${randomBytes(4).toString("hex")}`;
}

export async function createPool(
    endpoint: string,
    name = uniqueName("pool"),
    region = REGION,
    credentials?: SeedCredentials,
): Promise<string> {
    const out = await seedClient(endpoint, region, credentials).send(new CreateUserPoolCommand({ PoolName: name }));
    return out.UserPool!.Id!;
}

/** The region a pool lives in: the prefix of its id (`eu-west-1_AbC123`). */
function regionOfPool(poolId: string): string {
    return poolId.split("_")[0];
}

/** Creates CONFIRMED users `usernames` in the pool, 25 at a time (whole pools for the scale tests and the benchmark). */
export async function createUsers(
    endpoint: string,
    poolId: string,
    usernames: string[],
    credentials?: SeedCredentials,
): Promise<void> {
    for (let i = 0; i < usernames.length; i += 25)
        await Promise.all(
            usernames.slice(i, i + 25).map((u) => createUser(endpoint, poolId, u, "CONFIRMED", credentials)),
        );
}

/** Creates a user in the given state (CONFIRMED with a verified email unless told otherwise). */
export async function createUser(
    endpoint: string,
    poolId: string,
    username: string,
    state: SeedState = "CONFIRMED",
    credentials?: SeedCredentials,
): Promise<void> {
    const c = seedClient(endpoint, regionOfPool(poolId), credentials);
    if (state === "UNCONFIRMED") {
        const client = await c.send(new CreateUserPoolClientCommand({ UserPoolId: poolId, ClientName: "signup" }));
        await c.send(
            new SignUpCommand({
                ClientId: client.UserPoolClient!.ClientId!,
                Username: username,
                Password: PASSWORD,
                UserAttributes: [{ Name: "email", Value: `${username}@example.com` }],
            }),
        );
        return;
    }
    await c.send(
        new AdminCreateUserCommand({
            UserPoolId: poolId,
            Username: username,
            MessageAction: "SUPPRESS",
            UserAttributes: [
                { Name: "email", Value: `${username}@example.com` },
                { Name: "email_verified", Value: state === "UNVERIFIED" ? "false" : "true" },
            ],
        }),
    );
    if (state === "FORCE_CHANGE_PASSWORD") return;
    await c.send(
        new AdminSetUserPasswordCommand({
            UserPoolId: poolId,
            Username: username,
            Password: PASSWORD,
            Permanent: true,
        }),
    );
    if (state === "DISABLED") await c.send(new AdminDisableUserCommand({ UserPoolId: poolId, Username: username }));
}

/** Sets a permanent password, as a user does after a reset: status back to CONFIRMED. */
export async function choosePassword(endpoint: string, poolId: string, username: string): Promise<void> {
    await seedClient(endpoint, regionOfPool(poolId)).send(
        new AdminSetUserPasswordCommand({
            UserPoolId: poolId,
            Username: username,
            Password: PASSWORD + "2",
            Permanent: true,
        }),
    );
}

export async function userStatus(
    endpoint: string,
    poolId: string,
    username: string,
    credentials?: SeedCredentials,
): Promise<string | undefined> {
    const out = await seedClient(endpoint, regionOfPool(poolId), credentials).send(
        new AdminGetUserCommand({ UserPoolId: poolId, Username: username }),
    );
    return out.UserStatus;
}

/** Creates group `group` in the pool (if new) and adds each of `usernames` to it. */
export async function addToGroup(endpoint: string, poolId: string, group: string, usernames: string[]): Promise<void> {
    const c = seedClient(endpoint, regionOfPool(poolId));
    await c.send(new CreateGroupCommand({ UserPoolId: poolId, GroupName: group })).catch((err: Error) => {
        if (err.name !== "GroupExistsException") throw err;
    });
    for (const username of usernames)
        await c.send(new AdminAddUserToGroupCommand({ UserPoolId: poolId, GroupName: group, Username: username }));
}

/** Removes `username` from group `group`. */
export async function removeFromGroup(
    endpoint: string,
    poolId: string,
    group: string,
    username: string,
): Promise<void> {
    await seedClient(endpoint, regionOfPool(poolId)).send(
        new AdminRemoveUserFromGroupCommand({ UserPoolId: poolId, GroupName: group, Username: username }),
    );
}
