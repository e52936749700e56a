/**
 * Credentials per credential setting, run inside the provider host: one
 * credential provider for each distinct `profile` and `assumeRole` a process
 * meets (the AWS SDK's own `fromIni` and `fromTemporaryCredentials`), the
 * account each setting reaches (for the pacing, which Cognito keeps per
 * account and region), and the preview's check that a profile can work
 * unattended.
 *
 * A provider is kept, not the credentials it resolved: the SDK renews them
 * before they expire, in a run of hours. Credentials are never written
 * anywhere: not in the state, not in a message.
 */
import { fromIni, fromNodeProviderChain, fromTemporaryCredentials } from "@aws-sdk/credential-providers";
import { GetCallerIdentityCommand, STSClient } from "@aws-sdk/client-sts";
import { readFile } from "node:fs/promises";
import { homedir } from "node:os";
import { join } from "node:path";
import type { AwsCredentialIdentity, AwsCredentialIdentityProvider } from "@smithy/types";
import { AccessInputs, accessKey, accountOfRole, DEFAULT_SESSION_NAME, describeAccess } from "../core/access";
import { digestOf, isDigest } from "../core/digest";
import { ROLE_CREDENTIALS_ERROR } from "./errors";
import { CheckFailure, UNKNOWN } from "../core/validation";
import { mergeProfiles, parseSharedConfig, profileProblem } from "../core/shared-config";

/** Credentials are renewed this long before they expire (the SDK's own margin). */
const RENEW_BEFORE_MS = 5 * 60_000;

/**
 * `provider` shared by every caller: one pending resolution at a time (so
 * concurrent batches make one AssumeRole, not one each), the credentials kept
 * until shortly before they expire, and a failure kept by no one (the next
 * call tries again).
 */
export function shared(provider: AwsCredentialIdentityProvider, now = () => Date.now()): AwsCredentialIdentityProvider {
    let pending: Promise<AwsCredentialIdentity> | undefined;
    let held: AwsCredentialIdentity | undefined;
    const fresh = (c: AwsCredentialIdentity) =>
        c.expiration === undefined || c.expiration.getTime() - RENEW_BEFORE_MS > now();
    return async (props) => {
        if (held && fresh(held)) return held;
        pending ??= provider(props)
            .then((c) => (held = c))
            .finally(() => (pending = undefined));
        return pending;
    };
}

const providers = new Map<string, AwsCredentialIdentityProvider>();
/** The digest of each external id met, computed once (scrypt is slow on purpose). */
const externalIdDigests = new Map<string, string>();

/**
 * The key of a setting in this process, with the external id as its digest:
 * a check, which sees the value, and a later diff or refresh, which sees only
 * the recorded digest, find the same credential provider.
 */
export function settingKey(access: AccessInputs): string {
    const id = access.assumeRole?.externalId;
    if (id === undefined || isDigest(id)) return accessKey(access);
    let digest = externalIdDigests.get(id);
    if (digest === undefined) {
        digest = digestOf("assumeRole", "externalId", id);
        externalIdDigests.set(id, digest);
    }
    return accessKey({ ...access, assumeRole: { ...access.assumeRole!, externalId: digest } });
}

function unknownExternalId(access: AccessInputs): string {
    return (
        `the value of assumeRole.externalId for ${describeAccess(access)} is not known in this provider process ` +
        "(only its digest is recorded), so no credentials were asked for. Run `pulumi up`, or " +
        "`pulumi refresh --run-program`, so that the program gives it again."
    );
}

/**
 * Makes the credential provider of a setting whose `externalId` is a value
 * (a check, which sees it), so that a diff or refresh later in the process
 * can reach the pool with only the recorded digest. No call is made.
 */
export function rememberAccess(access: AccessInputs): void {
    const id = access.assumeRole?.externalId;
    if (typeof id === "string" && !isDigest(id) && id !== UNKNOWN && hasRoleArn(access)) credentialsFor(access);
}

/** Whether `assumeRole.roleArn` is a role's ARN (a check that failed it makes no provider). */
function hasRoleArn(access: AccessInputs): boolean {
    return typeof access.assumeRole?.roleArn === "string" && accountOfRole(access.assumeRole.roleArn) !== undefined;
}

/**
 * The credential provider of a setting, one per process: `fromIni` for a
 * profile, `fromTemporaryCredentials` over it (or over the default chain) for
 * a role, and undefined when neither is given (the client's own default
 * chain, as before these inputs existed). `externalId` must be the value,
 * not its digest.
 */
export function credentialsFor(access: AccessInputs): AwsCredentialIdentityProvider | undefined {
    if (access.profile === undefined && !access.assumeRole) return undefined;
    const key = settingKey(access);
    let provider = providers.get(key);
    if (!provider) {
        if (isDigest(access.assumeRole?.externalId))
            throw Object.assign(new Error(unknownExternalId(access)), { name: ROLE_CREDENTIALS_ERROR });
        const base = access.profile !== undefined ? fromIni({ profile: access.profile }) : undefined;
        const role = access.assumeRole;
        const resolve = (
            role
                ? fromTemporaryCredentials({
                      params: {
                          RoleArn: role.roleArn,
                          ExternalId: role.externalId,
                          RoleSessionName: role.sessionName ?? DEFAULT_SESSION_NAME,
                          DurationSeconds: role.durationSeconds,
                      },
                      masterCredentials: base ?? fromNodeProviderChain(),
                  })
                : base!
        ) as AwsCredentialIdentityProvider;
        provider = shared(async (props) => {
            try {
                return await resolve(props);
            } catch (err) {
                throw Object.assign(new Error(credentialsMessage(access, err)), { name: ROLE_CREDENTIALS_ERROR });
            }
        });
        providers.set(key, provider);
    }
    return provider;
}

const callerAccounts = new Map<string, Promise<string | undefined>>();

/**
 * The account a setting reaches, for the pacing: from `assumeRole.roleArn`,
 * else from the credentials when they carry it (`AWS_ACCOUNT_ID`, a profile's
 * `aws_account_id`), else from STS GetCallerIdentity (which needs no
 * permission), asked once per setting and region in a process. Undefined when
 * STS cannot say: the setting is then paced on its own.
 */
export async function accountOf(
    access: AccessInputs,
    region: string | undefined,
    credentials: () => Promise<AwsCredentialIdentity>,
): Promise<string | undefined> {
    const fromRole = access.assumeRole && accountOfRole(access.assumeRole.roleArn);
    if (fromRole) return fromRole;
    const key = `${settingKey(access)}|${region ?? ""}`;
    let account = callerAccounts.get(key);
    if (!account) {
        account = (async () => {
            const c = await credentials();
            if (c.accountId) return c.accountId;
            // Bounded like the Cognito client's attempts: an STS endpoint that never answers must not hold the run.
            const sts = new STSClient({
                region,
                credentials: c,
                maxAttempts: 2,
                requestHandler: { connectionTimeout: 3_000, requestTimeout: 10_000, throwOnRequestTimeout: true },
            });
            return (await sts.send(new GetCallerIdentityCommand({}))).Account;
        })().catch(() => undefined);
        callerAccounts.set(key, account);
    }
    return account;
}

/** For tests: every setting gets a new credential provider and asks its account again. */
export function forgetCredentials(): void {
    providers.clear();
    callerAccounts.clear();
    externalIdDigests.clear();
}

type Env = Record<string, string | undefined>;

/** The text of a file, or "" when it cannot be read (it is missing, say). */
async function textOf(file: string): Promise<string> {
    return readFile(file, "utf8").catch(() => "");
}

/**
 * What stops a profile from working in an unattended run, as `check` reports
 * it at preview ({@link profileProblem}), from the shared config files the
 * SDK reads: `AWS_CONFIG_FILE` and `AWS_SHARED_CREDENTIALS_FILE`, else
 * `~/.aws/config` and `~/.aws/credentials`.
 */
export async function unattendedProfileProblem(profile: string, env: Env = process.env): Promise<string | undefined> {
    const home = env.HOME ?? env.USERPROFILE ?? homedir();
    const [config, credentials] = await Promise.all([
        textOf(env.AWS_CONFIG_FILE ?? join(home, ".aws", "config")),
        textOf(env.AWS_SHARED_CREDENTIALS_FILE ?? join(home, ".aws", "credentials")),
    ]);
    return profileProblem(
        profile,
        mergeProfiles(parseSharedConfig(config, "config"), parseSharedConfig(credentials, "credentials")),
    );
}

/**
 * The preview's checks of a resource's credential setting, once its inputs
 * passed their own rules (`failures` so far): a profile that cannot work
 * unattended fails, naming it. A role with an external id is remembered for
 * the rest of the process ({@link rememberAccess}). No call is made.
 */
export async function accessFailures(
    news: Record<string, unknown>,
    failures: readonly CheckFailure[],
): Promise<CheckFailure[]> {
    if (failures.some((f) => f.property === "profile" || f.property === "assumeRole")) return [];
    const access = news as AccessInputs;
    const profile = access.profile;
    const problem =
        typeof profile === "string" && profile !== UNKNOWN ? await unattendedProfileProblem(profile) : undefined;
    if (problem) return [{ property: "profile", reason: problem }];
    rememberAccess(access);
    return [];
}

/** Whether every part of a credential setting is known (not a preview's placeholder). */
export function accessKnown(news: Record<string, unknown>): boolean {
    const role: unknown = news.assumeRole;
    if (news.profile === UNKNOWN || role === UNKNOWN) return false;
    return !(role && typeof role === "object" && Object.values(role).includes(UNKNOWN));
}

/** How a credential failure reads: which setting could not give credentials, and why. */
function credentialsMessage(access: AccessInputs, err: unknown): string {
    const e = err as { name?: string; message?: string };
    const reason = e?.message ? `${e.name ? `${e.name}: ` : ""}${e.message}` : String(err);
    return `no AWS credentials from ${describeAccess(access)} (${reason.replace(/\.$/, "")})`;
}
