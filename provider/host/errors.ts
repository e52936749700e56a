/**
 * The one function that maps what Cognito (or the AWS SDK) answered to a
 * typed error (`error-classes.ts`), by its stable code (`error-classify.ts`),
 * one of {@link ERROR_CODES}. Every message names the pool and the user, gives Cognito's error
 * name, says what went wrong and what to do, and ends with the code in
 * brackets, e.g. `... or remove the user from the list. [USER_NOT_FOUND]`.
 *
 * Text that comes back from outside (Cognito's message, a Lambda trigger's
 * error) may echo what was sent, clientMetadata included: it is scrubbed with
 * {@link redact} before it is built into a message. No message ever includes a
 * credential.
 */

import { adviceForStatus, ResetErrorCode } from "../core/error-codes";
import { redact } from "../core/redact";
import {
    CognitoResetError,
    UserNotFoundError,
    UserPoolNotFoundError,
    UserDisabledError,
    UserStatusError,
    NoVerifiedContactError,
    CredentialsError,
    AccessDeniedError,
    EndpointUnreachableError,
    ThrottledError,
    InvalidParameterError,
    EmailQuotaError,
    LambdaTriggerError,
    DeliveryConfigurationError,
    UnexpectedCognitoError,
    ResetTarget,
} from "./error-classes";
import { classify, describe, DROPPED_CODES } from "./error-classify";

export { adviceForStatus, ERROR_CODES, ErrorCategory, ErrorCodeInfo, ResetErrorCode } from "../core/error-codes";
export { MIN_SECRET_LENGTH, redact } from "../core/redact";
export * from "./error-classes";
export { errorCodeOf } from "./error-classify";

/** Cognito's (or a trigger's) text, redacted, on one line, and not longer than a reader needs. */
function externalText(message: string, secrets: readonly string[]): string {
    const text = redact(message, secrets).replace(/\s+/g, " ").trim().replace(/\.$/, "");
    return text.length > 500 ? `${text.slice(0, 500)}...` : text;
}

/**
 * Maps a failed Cognito call to a typed error whose message names the pool,
 * the user, Cognito's error name, the fix, and ends with the stable code.
 *
 * @param operation - "reset" for AdminResetUserPassword, "read" for AdminGetUser, "list" for
 *   ListUsers and ListUsersInGroup (then `target.username` describes the selection listed).
 * @param userStatus - the user's status, when the caller looked it up after a state error.
 * @param secrets - values that must never appear in a message (the values of clientMetadata):
 *   Cognito's and the triggers' text is {@link redact}ed with them.
 */
export function mapCognitoError(
    err: unknown,
    target: ResetTarget,
    operation: "reset" | "read" | "list" = "reset",
    userStatus?: string,
    secrets: readonly string[] = [],
): CognitoResetError {
    if (err instanceof CognitoResetError) return err;
    const described = describe(err);
    const { name, message, status, code, attempts } = described;
    const errorCode = classify(described);
    const who = `user '${target.username}' in user pool '${target.userPoolId}'`;
    const what =
        operation === "reset"
            ? `Could not reset the password of ${who}`
            : operation === "list"
              ? `Could not list ${target.username} of user pool '${target.userPoolId}'`
              : `Could not read ${who}`;
    const region = target.region ? ` (region ${target.region})` : "";
    const http = status ? ` (HTTP ${status})` : "";
    const tries = attempts && attempts > 1 ? ` after ${attempts} attempts` : "";
    const text = externalText(message, secrets);
    // A service answer carries an HTTP status; anything else was raised on this side (SDK, network).
    const source = status ? "Cognito answered" : "The AWS SDK reported";
    const answered = `${source} ${name}${http}${text ? `: ${text}` : ""}.`;
    const network = code ?? name;
    /** `what: problem. answered advice [CODE]`, or with the answer after the advice when `answerLast`. */
    const build = (problem: string, advice: string, answerLast = true) =>
        answerLast
            ? `${what}: ${problem} ${advice} ${answered} [${errorCode}]`
            : `${what}: ${problem} ${answered} ${advice} [${errorCode}]`;
    if (errorCode === "USER_STATUS") {
        const state = userStatus ? `its status is ${userStatus}` : "its status does not allow a reset";
        const advice = "Otherwise remove the user from the list (or its resource).";
        return new UserStatusError(
            target,
            name,
            build(`${state}; ${adviceForStatus(userStatus)}.`, advice),
            userStatus,
        );
    }
    const e = EXPLANATIONS[errorCode]({ name, network, region, tries, attempts, message });
    return new e.cls(target, e.network ? network : name, build(e.problem, e.advice, !e.answerFirst), errorCode);
}

/**
 * A failed call as a host acts on it. The client layer (`cognito-client.ts`)
 * maps every answer of Cognito, so its typed error is kept as it is; anything
 * else is a fault on this side, named for its pool and user all the same.
 */
export function asResetError(
    err: unknown,
    target: ResetTarget,
    operation: "reset" | "read" = "reset",
    secrets: readonly string[] = [],
): CognitoResetError {
    return err instanceof CognitoResetError ? err : mapCognitoError(err, target, operation, undefined, secrets);
}

/**
 * The name of the error a profile or role setting throws when it cannot give
 * credentials (`credentials.ts`); its message names the setting and the cause.
 */
export const ROLE_CREDENTIALS_ERROR = "RoleCredentialsError";

/** What went wrong in a failed call, as a message tells it. */
interface Facts {
    /** Cognito's or the SDK's error name. */
    name: string;
    /** The Node error code, else the name. */
    network: string;
    /** ` (region eu-west-1)`, or "". */
    region: string;
    /** ` after N attempts`, or "". */
    tries: string;
    attempts?: number;
    message: string;
}

/** What a message says for one code: the error class, the problem, the advice. */
interface Explanation {
    cls: new (target: ResetTarget, code: string, message: string, errorCode?: ResetErrorCode) => CognitoResetError;
    problem: string;
    advice: string;
    /** Cognito's answer comes before the advice (the advice refers to it). */
    answerFirst?: boolean;
    /** The error carries the network code instead of the error name. */
    network?: boolean;
}

const REMOVE = "or remove the user from the list (or its resource).";

/** The message of each code but USER_STATUS (which names the user's status): one entry per code. */
const EXPLANATIONS: Record<Exclude<ResetErrorCode, "USER_STATUS">, (f: Facts) => Explanation> = {
    USER_NOT_FOUND: () => ({
        cls: UserNotFoundError,
        problem: "the user does not exist.",
        advice:
            "Check the username (usernames are case-sensitive unless the pool is case-insensitive, and an " +
            `alias such as an email address may not be accepted), ${REMOVE}`,
    }),
    POOL_NOT_FOUND: (f) => ({
        cls: UserPoolNotFoundError,
        problem: `the user pool does not exist${f.region}.`,
        advice:
            "Check userPoolId, the region and the AWS account of your credentials (AWS_PROFILE, the role in use); " +
            "every user of this pool fails the same way.",
    }),
    USER_DISABLED: () => ({
        cls: UserDisabledError,
        problem: "the user is disabled.",
        advice: `Enable it (AdminEnableUser) and run again, ${REMOVE}`,
    }),
    NO_VERIFIED_CONTACT: () => ({
        cls: NoVerifiedContactError,
        problem: "the user has no verified email address or phone number to send the reset code to.",
        advice:
            "Verify one (AdminUpdateUserAttributes with email_verified or phone_number_verified), set a " +
            `password with AdminSetUserPassword instead, ${REMOVE}`,
    }),
    INVALID_PARAMETER: () => ({
        cls: InvalidParameterError,
        problem: "Cognito rejected a parameter.",
        advice:
            "Check this user's username and clientMetadata against Cognito's message (keys and values " +
            `are strings; the map is limited in size), ${REMOVE}`,
        answerFirst: true,
    }),
    LAMBDA_REJECTED: () => ({
        cls: LambdaTriggerError,
        problem:
            "the pool's own Lambda trigger (a custom message or custom sender trigger) refused the reset of this user.",
        advice:
            "Read the trigger's message and its logs in CloudWatch; fix the trigger's rule or the user's " +
            `attributes, ${REMOVE}`,
        answerFirst: true,
    }),
    LAMBDA_INVALID_RESPONSE: () => ({
        cls: LambdaTriggerError,
        problem:
            "the pool's Lambda trigger returned a response Cognito cannot use; this is a configuration problem " +
            "of the pool, not of this user, and every reset would fail the same way.",
        advice:
            "Fix the trigger: it must return the event it received, and a custom message for ForgotPassword " +
            "must contain the code placeholder {####}; then run again.",
    }),
    LAMBDA_FAILED: () => ({
        cls: LambdaTriggerError,
        problem:
            "the pool's Lambda trigger failed: it crashed, timed out (Cognito waits at most 5 seconds) or " +
            "could not be invoked; this is a configuration problem of the pool, not of this user.",
        advice:
            "Read the trigger's logs in CloudWatch and fix it; check that its resource policy lets " +
            "cognito-idp.amazonaws.com invoke it (lambda:InvokeFunction) and that it answers within 5 seconds; then run again.",
    }),
    EMAIL_ROLE_POLICY: () => ({
        cls: DeliveryConfigurationError,
        problem:
            "Cognito may not send email through the pool's Amazon SES identity; this is a configuration problem " +
            "of the pool, not of this user.",
        advice:
            "Fix the pool's EmailConfiguration: the SES identity named by SourceArn must be verified in SES, and " +
            "its sending authorization policy must allow email.cognito-idp.amazonaws.com to call " +
            "ses:SendEmail and ses:SendRawEmail (or let Cognito use its service-linked role " +
            "AWSServiceRoleForAmazonCognitoIdpEmailService); then run again.",
    }),
    SMS_ROLE_POLICY: () => ({
        cls: DeliveryConfigurationError,
        problem:
            "the pool's SMS role may not send SMS through Amazon SNS; this is a configuration problem of the " +
            "pool, not of this user.",
        advice:
            "Fix the policy of the IAM role named by the pool's SmsConfiguration SnsCallerArn: it must allow " +
            "sns:Publish (and SNS must be out of its SMS sandbox or the number verified, within the spend limit); " +
            "then run again.",
    }),
    SMS_ROLE_TRUST: () => ({
        cls: DeliveryConfigurationError,
        problem:
            "Cognito may not assume the pool's SMS role; this is a configuration problem of the pool, not of " +
            "this user.",
        advice:
            "Fix the trust relationship of the IAM role named by the pool's SmsConfiguration SnsCallerArn: it " +
            "must let the service cognito-idp.amazonaws.com call sts:AssumeRole, with an sts:ExternalId " +
            "condition equal to the pool's SmsConfiguration ExternalId; then run again.",
    }),
    CREDENTIALS: (f) =>
        f.name === ROLE_CREDENTIALS_ERROR
            ? {
                  cls: CredentialsError,
                  problem: `${f.message}.`,
                  advice:
                      "Check the profile and the role: the role's trust policy must let those credentials call " +
                      "sts:AssumeRole (with the external id it asks for, if any), then run again.",
              }
            : f.name === "CredentialsProviderError"
              ? {
                    cls: CredentialsError,
                    problem: "no AWS credentials were found.",
                    advice:
                        "Provide them the usual AWS SDK way (AWS_PROFILE, AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY, SSO, " +
                        "a web identity token, or an instance/task role), then run again.",
                }
              : {
                    cls: CredentialsError,
                    problem: `Cognito rejected the AWS credentials (${f.name}).`,
                    advice: "Refresh or fix them (expired session, wrong secret key, wrong account, a clock far off), then run again.",
                },
    ACCESS_DENIED: () => ({
        cls: AccessDeniedError,
        problem: "access denied: the credentials may not make this call on this pool.",
        advice:
            "Allow cognito-idp:AdminResetUserPassword and cognito-idp:AdminGetUser (and, with select, " +
            "cognito-idp:ListUsers or ListUsersInGroup: see passwordResetPolicy) on the pool's ARN for the " +
            "identity that runs Pulumi (check SCPs and permission boundaries too), then run again.",
    }),
    ENDPOINT_UNREACHABLE: (f) => ({
        cls: EndpointUnreachableError,
        problem: `the Cognito endpoint could not be reached${f.region}${f.tries} (${f.network}).`,
        advice:
            "Check the network, the region, and any endpoint setting (the endpoint input, " +
            "AWS_ENDPOINT_URL_COGNITO_IDENTITY_PROVIDER, AWS_ENDPOINT_URL, a proxy).",
        network: true,
    }),
    EMAIL_QUOTA: () => ({
        cls: EmailQuotaError,
        problem:
            "the pool's daily email quota is used up. The pool sends with Cognito's default email sender " +
            "(EmailSendingAccount COGNITO_DEFAULT), which sends about 50 emails a day per account; no retry today will help.",
        advice:
            "Switch the pool to its own Amazon SES identity (EmailConfiguration EmailSendingAccount DEVELOPER " +
            "with a verified SourceArn), or wait for the next day, or set maxResetsPerRun below the quota; " +
            "the users not reached stay due and the next run resets them.",
    }),
    THROTTLED: (f) => ({
        cls: ThrottledError,
        problem: `Cognito kept throttling the request after all retries (${f.name}${f.attempts ? `, ${f.attempts} attempts` : ""}).`,
        advice:
            "Lower the request rate (PULUMI_COGNITO_PASSWORD_RESET_RATE, fewer resets at once, pulumi up " +
            "--parallel), ask for a higher quota, or run again later; the user stays due.",
    }),
    TRANSIENT: (f) =>
        DROPPED_CODES.has(f.network) || /socket hang up/i.test(f.message)
            ? {
                  cls: UnexpectedCognitoError,
                  problem: `Cognito did not answer${f.region}${f.tries}: the connection was dropped or timed out (${f.network}).`,
                  advice:
                      "This usually passes: run again later (the user stays due). If it persists, check the network and the " +
                      "pool's Lambda triggers (slow triggers delay the answer), or raise " +
                      "PULUMI_COGNITO_PASSWORD_RESET_TIMEOUT_MS for a slow endpoint.",
                  network: true,
              }
            : {
                  cls: UnexpectedCognitoError,
                  problem: `Cognito failed${f.tries}.`,
                  advice:
                      "Run again later (the user stays due); if it persists, check the AWS Health Dashboard for Cognito in " +
                      "this region.",
              },
};

/** Whether a failed call was a request that the run's stop kept from leaving (mapped or not). */
export function isAbort(err: unknown): boolean {
    const e = err as { name?: unknown; code?: unknown };
    return e?.name === "AbortError" || (err instanceof CognitoResetError && e.code === "AbortError");
}
