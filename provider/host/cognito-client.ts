/**
 * The Cognito client layer, run inside the provider host: the calls this
 * package makes and the mapping of their errors, over one client per region,
 * endpoint and credential setting (their configuration is `client-config.ts`'s,
 * the pacing of each attempt `pacing.ts`'s).
 *
 * Clients are created on first use in the provider process (one per region
 * and endpoint) and never in the user's program: nothing here is captured in
 * the serialized provider, and credentials are resolved by the AWS SDK's
 * default chain when calls are made (and refreshed by it when they expire).
 */
import {
    AdminGetUserCommand,
    DescribeUserPoolCommand,
    AdminResetUserPasswordCommand,
    CognitoIdentityProviderClient,
    ListUsersCommand,
    ListUsersInGroupCommand,
    UserType,
} from "@aws-sdk/client-cognito-identity-provider";
import { CognitoResetError, mapCognitoError, ResetTarget } from "./errors";
import { ResetInputs } from "../core/types";
import { describeSelection, ListedUser, Selection } from "../core/select";
import { secretTexts } from "../core/digest";
import { resolveRegion } from "../core/region";
import { credentialsFor, settingKey } from "./credentials";
import { addPacing } from "./pacing";
import { clientConfig } from "./client-config";
import type { Run } from "./pool-run";

/** What reaches a pool: its id, region and endpoint, and the credential setting (`profile`, `assumeRole`). */
export type PoolAccess = Pick<ResetInputs, "userPoolId" | "region" | "endpoint" | "profile" | "assumeRole">;

/** The two Cognito operations the provider needs; an interface so tests can substitute it. */
export interface CognitoApi {
    /**
     * AdminResetUserPassword. Throws a {@link CognitoResetError}. A request
     * whose `abortSignal` has fired by the time it would leave (after the
     * shared rate limit let it go) is not sent.
     */
    resetPassword(inputs: ResetInputs, options?: { abortSignal?: AbortSignal }): Promise<void>;
    /**
     * AdminGetUser's UserStatus, or `undefined` when the user no longer exists
     * (UserNotFoundException only). Any other failure, the pool not found
     * included, throws: a refresh with the wrong account or region must not
     * empty the state.
     */
    getUserStatus(inputs: ResetInputs): Promise<string | undefined>;
    /**
     * The pool's email sender (DescribeUserPool's EmailConfiguration.EmailSendingAccount,
     * `COGNITO_DEFAULT` when the pool has none), for the preview's quota warning.
     * Optional, and its permission too: a failure means "not known".
     */
    emailSender?(inputs: PoolAccess): Promise<string | undefined>;
    /**
     * The pool's size as DescribeUserPool estimates it (EstimatedNumberOfUsers),
     * for a whole pool's summary and preview line. Optional, and its
     * permission too: a failure means "not known".
     */
    estimatedUsers?(inputs: PoolAccess): Promise<number | undefined>;
    /**
     * The users a selection names, every page of them: ListUsersInGroup for
     * a group, ListUsers (with the filter) otherwise, 60 a page. Throws a
     * {@link CognitoResetError} that names the pool, the selection and the call.
     */
    listUsers?(pool: PoolAccess, selection: Selection): Promise<ListedUser[]>;
}

/** What the hosts depend on: Cognito, a clock, and the run they share. Tests inject all three. */
export interface HostDeps {
    cognito: CognitoApi;
    now: () => Date;
    /** What the run shares across resources (stops, budgets, progress): one per provider process. */
    run: Run;
}

const clients = new Map<string, CognitoIdentityProviderClient>();
/**
 * One client per region, endpoint and credential setting, reused by every
 * resource the host serves; the clients of an account and region share one
 * rate limit per quota category.
 */
function clientFor(inputs: PoolAccess): CognitoIdentityProviderClient {
    const region = resolveRegion(inputs);
    const setting = settingKey(inputs);
    const key = `${region ?? ""}|${inputs.endpoint ?? ""}|${setting}`;
    let client = clients.get(key);
    if (!client) {
        const credentials = credentialsFor(inputs);
        // Built once per key, not per call: a pool's run makes thousands of calls.
        client = new CognitoIdentityProviderClient({ ...clientConfig(inputs), ...(credentials && { credentials }) });
        // Inside the retry middleware: every attempt is paced by its account and region's limit.
        addPacing(client, inputs, setting, region);
        clients.set(key, client);
    }
    return client;
}

function targetOf(inputs: ResetInputs): ResetTarget {
    return { userPoolId: inputs.userPoolId, username: inputs.username, region: resolveRegion(inputs) };
}

/** A listed user as the selection rules read it. */
function listed(u: UserType): ListedUser {
    const attribute = (name: string) => u.Attributes?.find((a) => a.Name === name)?.Value;
    return {
        username: u.Username ?? "",
        sub: attribute("sub") ?? "",
        enabled: u.Enabled ?? true,
        status: u.UserStatus ?? "UNKNOWN",
        emailVerified: attribute("email_verified") === "true",
        phoneVerified: attribute("phone_number_verified") === "true",
        createdAt: u.UserCreateDate?.toISOString(),
    };
}

/**
 * A failed listing as an error naming the selection and the pool. For a group,
 * Cognito's ResourceNotFoundException means the group or the pool is missing.
 */
function listingError(
    err: unknown,
    pool: Pick<ResetInputs, "userPoolId" | "region">,
    selection: Selection,
): CognitoResetError {
    const target = { userPoolId: pool.userPoolId, username: describeSelection(selection), region: resolveRegion(pool) };
    const mapped = mapCognitoError(err, target, "list");
    if ("group" in selection && mapped.errorCode === "POOL_NOT_FOUND") {
        mapped.message = mapped.message
            .replace("the user pool does not exist", `group '${selection.group}' or the user pool does not exist`)
            .replace("Check userPoolId,", "Check select.group (group names are case-sensitive), userPoolId,");
    }
    return mapped;
}

/** Cognito's largest page of users. */
const PAGE = 60;

/** The real Cognito, through the AWS SDK v3. */
export const awsCognito: CognitoApi = {
    async resetPassword(inputs, options) {
        const client = clientFor(inputs);
        try {
            await client.send(
                new AdminResetUserPasswordCommand({
                    UserPoolId: inputs.userPoolId,
                    Username: inputs.username,
                    ClientMetadata: inputs.clientMetadata,
                }),
                { abortSignal: options?.abortSignal },
            );
        } catch (err) {
            const name = (err as { name?: string }).name;
            const message = String((err as { message?: string }).message ?? "");
            // Cognito does not say which state forbids the reset: look it up for the message.
            let status: string | undefined;
            if (name === "NotAuthorizedException" && /current state/i.test(message)) {
                status = await this.getUserStatus(inputs).catch(() => undefined);
            }
            throw mapCognitoError(err, targetOf(inputs), "reset", status, secretTexts(inputs));
        }
    },

    async getUserStatus(inputs) {
        const client = clientFor(inputs);
        try {
            const out = await client.send(
                new AdminGetUserCommand({ UserPoolId: inputs.userPoolId, Username: inputs.username }),
            );
            return out.UserStatus ?? "UNKNOWN";
        } catch (err) {
            const name = (err as { name?: string }).name;
            if (name === "UserNotFoundException") return undefined;
            throw mapCognitoError(err, targetOf(inputs), "read", undefined, secretTexts(inputs));
        }
    },

    async listUsers(pool, selection) {
        const client = clientFor(pool);
        const users: ListedUser[] = [];
        try {
            let token: string | undefined;
            do {
                if ("group" in selection) {
                    const out = await client.send(
                        new ListUsersInGroupCommand({
                            UserPoolId: pool.userPoolId,
                            GroupName: selection.group,
                            Limit: PAGE,
                            NextToken: token,
                        }),
                    );
                    users.push(...(out.Users ?? []).map(listed));
                    token = out.NextToken;
                } else {
                    // A token goes back with the filter it came with, or Cognito refuses it.
                    const out = await client.send(
                        new ListUsersCommand({
                            UserPoolId: pool.userPoolId,
                            Filter: "filter" in selection ? selection.filter : undefined,
                            Limit: PAGE,
                            PaginationToken: token,
                        }),
                    );
                    users.push(...(out.Users ?? []).map(listed));
                    token = out.PaginationToken;
                }
            } while (token);
        } catch (err) {
            throw listingError(err, pool, selection);
        }
        return users;
    },

    async emailSender(inputs) {
        const client = clientFor(inputs);
        const out = await client.send(new DescribeUserPoolCommand({ UserPoolId: inputs.userPoolId }));
        return out.UserPool?.EmailConfiguration?.EmailSendingAccount ?? "COGNITO_DEFAULT";
    },

    async estimatedUsers(inputs) {
        const client = clientFor(inputs);
        const out = await client.send(new DescribeUserPoolCommand({ UserPoolId: inputs.userPoolId }));
        return out.UserPool?.EstimatedNumberOfUsers;
    },
};
