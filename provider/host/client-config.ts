/**
 * The Cognito client's configuration, read inside the provider host: region,
 * endpoint, attempts and timeouts, from the resource's inputs and the
 * environment variables this layer reads (checked at preview, see
 * {@link environmentProblems}).
 */
import { CognitoIdentityProviderClientConfig } from "@aws-sdk/client-cognito-identity-provider";
import { retryStrategy } from "./retry";
import { categoryRates, QUOTA_CATEGORIES } from "./rate-limit";
import { ResetInputs } from "../core/types";
import { resolveRegion } from "../core/region";

/** Attempts per call (the first try and its retries) unless AWS_MAX_ATTEMPTS says otherwise. */
export const DEFAULT_MAX_ATTEMPTS = 15;
/** The environment variable that sets the attempts per call (the AWS SDK's own name for it). */
export const MAX_ATTEMPTS_ENV = "AWS_MAX_ATTEMPTS";
/** The largest AWS_MAX_ATTEMPTS accepted: beyond it a throttled run would wait for hours on one user. */
export const MAX_ATTEMPTS_LIMIT = 100;
/**
 * The environment variable that sets the request timeout in milliseconds: how
 * long one attempt may wait for Cognito's answer before it is abandoned (and
 * retried). The connection timeout is the smaller of it and
 * {@link DEFAULT_CONNECTION_TIMEOUT_MS}.
 */
export const TIMEOUT_ENV = "PULUMI_COGNITO_PASSWORD_RESET_TIMEOUT_MS";
/**
 * The request timeout of one attempt, unless {@link TIMEOUT_ENV} says
 * otherwise. Cognito itself answers in well under a second, but it waits up
 * to 5 s for each Lambda trigger of the pool; 15 s leaves room for that and a
 * slow network, and still turns an endpoint that accepts connections and never
 * answers into a retried timeout instead of a hang (the SDK's own default
 * would wait 5 minutes per attempt).
 */
export const DEFAULT_REQUEST_TIMEOUT_MS = 15_000;
/** The time allowed to open a connection to the endpoint. */
export const DEFAULT_CONNECTION_TIMEOUT_MS = 3_000;
/** The range of {@link TIMEOUT_ENV}, in milliseconds. */
export const TIMEOUT_RANGE_MS = { min: 100, max: 600_000 } as const;

/** A problem with an environment variable this layer reads, as `check` reports it. */
export interface EnvironmentProblem {
    variable: string;
    reason: string;
}

type Env = Record<string, string | undefined>;

/** A whole number in `[min, max]`, the default when the variable is unset or empty, or a problem. */
function wholeNumber(
    env: Env,
    variable: string,
    min: number,
    max: number,
    fallback: number,
    unit = "",
): number | EnvironmentProblem {
    const raw = env[variable];
    if (raw === undefined || raw.trim() === "") return fallback;
    const value = Number(raw.trim());
    if (/^\d+$/.test(raw.trim()) && value >= min && value <= max) return value;
    return {
        variable,
        reason: `${variable} must be a whole number${unit} from ${min} to ${max} (or unset for ${fallback}), got '${raw}'`,
    };
}

/** The settings this layer reads from the environment, or the problems with them. */
function settings(env: Env) {
    return {
        attempts: wholeNumber(env, MAX_ATTEMPTS_ENV, 1, MAX_ATTEMPTS_LIMIT, DEFAULT_MAX_ATTEMPTS),
        timeout: wholeNumber(
            env,
            TIMEOUT_ENV,
            TIMEOUT_RANGE_MS.min,
            TIMEOUT_RANGE_MS.max,
            DEFAULT_REQUEST_TIMEOUT_MS,
            " of milliseconds",
        ),
    };
}

/**
 * The problems with the environment variables the Cognito client reads
 * (AWS_MAX_ATTEMPTS, {@link TIMEOUT_ENV}), one per variable, so that `check`
 * can fail at preview instead of the first call failing (or silently using a
 * default) at update. Empty when all is well.
 *
 * @example
 * environmentProblems({ AWS_MAX_ATTEMPTS: "lots" });
 * // [{ variable: "AWS_MAX_ATTEMPTS", reason: "AWS_MAX_ATTEMPTS must be a whole number from 1 to 100 (or unset for 15), got 'lots'" }]
 */
export function environmentProblems(env: Env = process.env): EnvironmentProblem[] {
    const problems = Object.values(settings(env)).filter((v): v is EnvironmentProblem => typeof v === "object");
    const rates = categoryRates(env).problems;
    for (const { env: variable } of Object.values(QUOTA_CATEGORIES)) {
        const reason = rates.find((r) => r.startsWith(`${variable} `));
        if (reason) problems.push({ variable, reason });
    }
    return problems;
}

/**
 * The client configuration for a resource: region from the inputs or the pool
 * id (else the SDK's own resolution), endpoint from the input (else the SDK's
 * standard settings such as AWS_ENDPOINT_URL_COGNITO_IDENTITY_PROVIDER),
 * attempts from AWS_MAX_ATTEMPTS, and connection and request timeouts (see
 * {@link DEFAULT_REQUEST_TIMEOUT_MS}, {@link TIMEOUT_ENV}).
 *
 * @throws Error naming the variable and its value when AWS_MAX_ATTEMPTS or {@link TIMEOUT_ENV} is invalid.
 */
export function clientConfig(
    inputs: Pick<ResetInputs, "region" | "userPoolId" | "endpoint">,
    env: Env = process.env,
): CognitoIdentityProviderClientConfig {
    const { attempts, timeout } = settings(env);
    if (typeof attempts === "object") throw new Error(attempts.reason);
    if (typeof timeout === "object") throw new Error(timeout.reason);
    const config: CognitoIdentityProviderClientConfig = {};
    const region = resolveRegion(inputs);
    if (region) config.region = region;
    if (inputs.endpoint) config.endpoint = inputs.endpoint;
    config.maxAttempts = attempts;
    config.retryStrategy = retryStrategy(attempts) as CognitoIdentityProviderClientConfig["retryStrategy"];
    config.requestHandler = {
        connectionTimeout: Math.min(DEFAULT_CONNECTION_TIMEOUT_MS, timeout),
        requestTimeout: timeout,
        // Without it the SDK only logs a warning when the request timeout passes, and keeps waiting.
        throwOnRequestTimeout: true,
    };
    return config;
}
