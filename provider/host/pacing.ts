/**
 * The pacing of every Cognito request, run inside the provider host: each
 * attempt takes a slot of its quota category's limit in its account and
 * region (`rate-limit.ts`), shared by the clients of the process, and its
 * outcome (throttled or not) adapts that limit, as Cognito keeps its quotas
 * per category, account and region.
 */
import type { CognitoIdentityProviderClient } from "@aws-sdk/client-cognito-identity-provider";
import { AccessInputs, accountOfRole } from "../core/access";
import { accountOf } from "./credentials";
import { attemptSignal, categoryLimiter, categoryOf } from "./rate-limit";

/** The credential settings the clients of this process use (see {@link paceAccount}). */
const settingsInUse = new Set<string>();

/**
 * The account whose quotas a request of `access` counts against. While the
 * process uses one credential setting, that setting is the only account in
 * play and nothing is asked; once it uses several, each is told apart by its
 * account ({@link accountOf}), or paced on its own when STS cannot say.
 */
async function paceAccount(
    access: AccessInputs,
    setting: string,
    region: string | undefined,
    client: CognitoIdentityProviderClient,
): Promise<string> {
    const fromRole = access.assumeRole && accountOfRole(access.assumeRole.roleArn);
    if (fromRole) return fromRole;
    if (settingsInUse.size <= 1) return "";
    const account = await accountOf(access, region, () => client.config.credentials());
    return account ?? `setting:${setting}`;
}

/**
 * Paces every attempt of `client` (inside the retry middleware, so retries
 * are paced too) by the limit of its quota category in the account of
 * `access` (the credential setting `setting`) and in `region`.
 */
export function addPacing(
    client: CognitoIdentityProviderClient,
    access: AccessInputs,
    setting: string,
    region: string | undefined,
): void {
    settingsInUse.add(setting);
    client.middlewareStack.add(
        (next, context) => async (args) => {
            const category = categoryOf(String(context.commandName ?? ""));
            const account = category && (await paceAccount(access, setting, region, client));
            const limiter = category && categoryLimiter(category, region, account || "");
            if (!limiter) return next(args);
            const startedAt = await limiter.acquire();
            try {
                const out = await next(args);
                limiter.succeeded(startedAt);
                return out;
            } catch (err) {
                const signal = attemptSignal(err);
                if (signal === "throttled") limiter.throttled(startedAt);
                else if (signal === "answered") limiter.succeeded(startedAt);
                throw err;
            }
        },
        { step: "finalizeRequest", priority: "low", name: "sharedRateLimit" },
    );
}
