/**
 * Typed errors, one class per failure, and the one function that maps what
 * Cognito (or the AWS SDK) answered to them. Every error carries a stable code
 * (`errorCode`, one of {@link ERROR_CODES}) and a category that says what a run
 * does next. Every message names the pool and the user, gives Cognito's error
 * name, says what went wrong and what to do, and ends with the code in
 * brackets, e.g. `... or remove the user from the list. [USER_NOT_FOUND]`.
 *
 * Text that comes back from outside (Cognito's message, a Lambda trigger's
 * error) may echo what was sent, clientMetadata included: it is scrubbed with
 * {@link redact} before it is built into a message. No message ever includes a
 * credential.
 */

import { ERROR_CODES, ErrorCategory, ResetErrorCode } from "../core/error-codes";
import { redact } from "../core/redact";

export { ERROR_CODES, ErrorCategory, ErrorCodeInfo, ResetErrorCode } from "../core/error-codes";
export { MIN_SECRET_LENGTH, redact } from "../core/redact";

/** Where a failure happened: the user pool and the user. */
export interface ResetTarget {
    userPoolId: string;
    username: string;
    region?: string;
}

/** The base class of every error this package raises about a Cognito call. */
export class CognitoResetError extends Error {
    /** The stable code a subclass gets when none is given. */
    static readonly defaultErrorCode: ResetErrorCode = "TRANSIENT";

    /** The Cognito or SDK error name that caused this one (e.g. `UserNotFoundException`). */
    readonly code: string;
    readonly userPoolId: string;
    readonly username: string;
    /** The stable code of this failure; the message ends with it in brackets. */
    readonly errorCode: ResetErrorCode;
    /** What the failure means for a run (see {@link ErrorCategory}). */
    readonly category: ErrorCategory;

    constructor(target: ResetTarget, code: string, message: string, errorCode?: ResetErrorCode) {
        super(message);
        this.name = new.target.name;
        this.code = code;
        this.userPoolId = target.userPoolId;
        this.username = target.username;
        this.errorCode = errorCode ?? (new.target as typeof CognitoResetError).defaultErrorCode;
        this.category = ERROR_CODES[this.errorCode].category;
    }
}

/** The user does not exist in the pool. */
export class UserNotFoundError extends CognitoResetError {
    static override readonly defaultErrorCode: ResetErrorCode = "USER_NOT_FOUND";
}
/** The user pool does not exist (in this region and account). */
export class UserPoolNotFoundError extends CognitoResetError {
    static override readonly defaultErrorCode: ResetErrorCode = "POOL_NOT_FOUND";
}
/** The user is disabled. */
export class UserDisabledError extends CognitoResetError {
    static override readonly defaultErrorCode: ResetErrorCode = "USER_DISABLED";
}
/** The user's status does not allow a reset (FORCE_CHANGE_PASSWORD, UNCONFIRMED, ...). */
export class UserStatusError extends CognitoResetError {
    static override readonly defaultErrorCode: ResetErrorCode = "USER_STATUS";
    constructor(
        target: ResetTarget,
        code: string,
        message: string,
        /** The status Cognito reported for the user, when it could be read. */
        readonly userStatus: string | undefined,
    ) {
        super(target, code, message, "USER_STATUS");
    }
}
/** The user has no verified email address or phone number to send the code to. */
export class NoVerifiedContactError extends CognitoResetError {
    static override readonly defaultErrorCode: ResetErrorCode = "NO_VERIFIED_CONTACT";
}
/** No AWS credentials were found, or Cognito rejected them. */
export class CredentialsError extends CognitoResetError {
    static override readonly defaultErrorCode: ResetErrorCode = "CREDENTIALS";
}
/** The credentials are valid but not allowed to make the call. */
export class AccessDeniedError extends CognitoResetError {
    static override readonly defaultErrorCode: ResetErrorCode = "ACCESS_DENIED";
}
/** Cognito could not be reached at all. */
export class EndpointUnreachableError extends CognitoResetError {
    static override readonly defaultErrorCode: ResetErrorCode = "ENDPOINT_UNREACHABLE";
}
/** Cognito kept throttling the call until the retries ran out. */
export class ThrottledError extends CognitoResetError {
    static override readonly defaultErrorCode: ResetErrorCode = "THROTTLED";
}
/** Cognito rejected a parameter. */
export class InvalidParameterError extends CognitoResetError {
    static override readonly defaultErrorCode: ResetErrorCode = "INVALID_PARAMETER";
}
/** The pool's daily email quota is used up (`EMAIL_QUOTA`): no retry today will help. */
export class EmailQuotaError extends CognitoResetError {
    static override readonly defaultErrorCode: ResetErrorCode = "EMAIL_QUOTA";
}
/** The pool's Lambda trigger refused the call, answered badly or failed (`LAMBDA_*`). */
export class LambdaTriggerError extends CognitoResetError {
    static override readonly defaultErrorCode: ResetErrorCode = "LAMBDA_FAILED";
}
/** The pool's email or SMS delivery is misconfigured (`EMAIL_ROLE_POLICY`, `SMS_ROLE_POLICY`, `SMS_ROLE_TRUST`). */
export class DeliveryConfigurationError extends CognitoResetError {
    static override readonly defaultErrorCode: ResetErrorCode = "EMAIL_ROLE_POLICY";
}
/** A failure that may pass on its own (server error, timeout, dropped connection), or an unknown one, after the retries. */
export class UnexpectedCognitoError extends CognitoResetError {
    static override readonly defaultErrorCode: ResetErrorCode = "TRANSIENT";
}

/** Network failures that mean the endpoint cannot be reached at all. */
const UNREACHABLE_CODES = new Set(["ECONNREFUSED", "ENOTFOUND", "EAI_AGAIN", "EHOSTUNREACH", "ENETUNREACH"]);
/** Network failures after a connection was made (or may pass): a reset, a broken pipe, a timeout. */
const DROPPED_CODES = new Set(["ECONNRESET", "ETIMEDOUT", "EPIPE", "ECONNABORTED", "TimeoutError"]);
/** Error names that say the credentials are missing or were rejected. */
const CREDENTIALS_NAMES = new Set([
    "CredentialsProviderError",
    "UnrecognizedClientException",
    "InvalidSignatureException",
    "ExpiredTokenException",
    "ExpiredToken",
    "InvalidClientTokenId",
    "SignatureDoesNotMatch",
    "IncompleteSignature",
    "MissingAuthenticationToken",
    "MissingAuthenticationTokenException",
]);
/** The start of Cognito's answer when the default email sender's daily quota is used up. */
const EMAIL_QUOTA_MESSAGE = /exceeded daily email limit/i;
/** The Node HTTP handler's words for a connection that was never established within the connection timeout. */
const CONNECTION_TIMEOUT_MESSAGE = /did not establish a connection/i;

/** The operator's way out of a status that forbids a reset. */
export function adviceForStatus(status: string | undefined): string {
    switch (status) {
        case "FORCE_CHANGE_PASSWORD":
            return (
                "the user has not yet signed in with the temporary password of its invitation; " +
                "send a new invitation (AdminCreateUser with MessageAction=RESEND) or set a password " +
                "(AdminSetUserPassword) instead of resetting"
            );
        case "UNCONFIRMED":
            return (
                "the user has not confirmed its sign-up; confirm it (AdminConfirmSignUp) or resend the " +
                "confirmation code (ResendConfirmationCode), then reset"
            );
        case "EXTERNAL_PROVIDER":
            return "the user signs in through an external identity provider, which owns its password; nothing to reset here";
        default:
            return "check the user's status with AdminGetUser; only CONFIRMED users can be reset";
    }
}

/** An error's name, message, HTTP status, Node error code and attempt count, the way the AWS SDK v3 shapes them. */
interface Described {
    name: string;
    message: string;
    status?: number;
    code?: string;
    attempts?: number;
}

function describe(err: unknown): Described {
    const e = (err ?? {}) as {
        name?: unknown;
        message?: unknown;
        code?: unknown;
        $metadata?: { httpStatusCode?: unknown; attempts?: unknown };
    };
    const status = e.$metadata?.httpStatusCode;
    const attempts = e.$metadata?.attempts;
    return {
        name: typeof e.name === "string" && e.name ? e.name : "Error",
        message:
            typeof e.message === "string"
                ? e.message
                : err === undefined || err === null || typeof err === "object"
                  ? ""
                  : String(err),
        status: typeof status === "number" ? status : undefined,
        code: typeof e.code === "string" ? e.code : undefined,
        attempts: typeof attempts === "number" ? attempts : undefined,
    };
}

function classify({ name, message, status, code }: Described): ResetErrorCode {
    switch (name) {
        case "UserNotFoundException":
            return "USER_NOT_FOUND";
        case "ResourceNotFoundException":
            return "POOL_NOT_FOUND";
        case "NotAuthorizedException":
            if (/disabled/i.test(message)) return "USER_DISABLED";
            if (/current state/i.test(message)) return "USER_STATUS";
            return "ACCESS_DENIED";
        case "InvalidParameterException":
            return /verified|registered|no (email|phone)/i.test(message) ? "NO_VERIFIED_CONTACT" : "INVALID_PARAMETER";
        case "UserLambdaValidationException":
            return "LAMBDA_REJECTED";
        case "InvalidLambdaResponseException":
            return "LAMBDA_INVALID_RESPONSE";
        case "UnexpectedLambdaException":
            return "LAMBDA_FAILED";
        case "InvalidEmailRoleAccessPolicyException":
            return "EMAIL_ROLE_POLICY";
        case "InvalidSmsRoleAccessPolicyException":
            return "SMS_ROLE_POLICY";
        case "InvalidSmsRoleTrustRelationshipException":
            return "SMS_ROLE_TRUST";
        case "AccessDeniedException":
            return "ACCESS_DENIED";
        case "LimitExceededException":
            return EMAIL_QUOTA_MESSAGE.test(message) ? "EMAIL_QUOTA" : "THROTTLED";
        case "TooManyRequestsException":
        case "ThrottlingException":
            return "THROTTLED";
        case "InternalErrorException":
            return "TRANSIENT";
    }
    if (CREDENTIALS_NAMES.has(name)) return "CREDENTIALS";
    if (status === 429) return "THROTTLED";
    // The SDK names refused connections "TimeoutError" too: the Node code says what happened.
    if (code && UNREACHABLE_CODES.has(code)) return "ENDPOINT_UNREACHABLE";
    if (!code && /\b(ECONNREFUSED|ENOTFOUND|EAI_AGAIN|EHOSTUNREACH|ENETUNREACH)\b/.test(message)) {
        return "ENDPOINT_UNREACHABLE";
    }
    if (name === "TimeoutError" && CONNECTION_TIMEOUT_MESSAGE.test(message)) return "ENDPOINT_UNREACHABLE";
    return "TRANSIENT";
}

/**
 * The stable code of a failed Cognito call, from the error as the AWS SDK v3
 * threw it (an Error, or a plain object with `name`, `message`, `code`,
 * `$metadata`). Pure: used both to map errors and to decide retries.
 */
export function errorCodeOf(err: unknown): ResetErrorCode {
    if (err instanceof CognitoResetError) return err.errorCode;
    return classify(describe(err));
}

/** Cognito's (or a trigger's) text, redacted, on one line, and not longer than a reader needs. */
function externalText(message: string, secrets: readonly string[]): string {
    const text = redact(message, secrets).replace(/\s+/g, " ").trim().replace(/\.$/, "");
    return text.length > 500 ? `${text.slice(0, 500)}...` : text;
}

/**
 * Maps a failed Cognito call to a typed error whose message names the pool,
 * the user, Cognito's error name, the fix, and ends with the stable code.
 *
 * @param operation - "reset" for AdminResetUserPassword, "read" for AdminGetUser.
 * @param userStatus - the user's status, when the caller looked it up after a state error.
 * @param secrets - values that must never appear in a message (the values of clientMetadata):
 *   Cognito's and the triggers' text is {@link redact}ed with them.
 */
export function mapCognitoError(
    err: unknown,
    target: ResetTarget,
    operation: "reset" | "read" = "reset",
    userStatus?: string,
    secrets: readonly string[] = [],
): CognitoResetError {
    if (err instanceof CognitoResetError) return err;
    const described = describe(err);
    const { name, message, status, code, attempts } = described;
    const errorCode = classify(described);
    const who = `user '${target.username}' in user pool '${target.userPoolId}'`;
    const what = operation === "reset" ? `Could not reset the password of ${who}` : `Could not read ${who}`;
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
    const user = "or remove the user from the list (or its resource).";

    switch (errorCode) {
        case "USER_NOT_FOUND":
            return new UserNotFoundError(
                target,
                name,
                build(
                    "the user does not exist.",
                    "Check the username (usernames are case-sensitive unless the pool is case-insensitive, and an " +
                        `alias such as an email address may not be accepted), ${user}`,
                ),
                errorCode,
            );
        case "POOL_NOT_FOUND":
            return new UserPoolNotFoundError(
                target,
                name,
                build(
                    `the user pool does not exist${region}.`,
                    "Check userPoolId, the region and the AWS account of your credentials (AWS_PROFILE, the role in use); " +
                        "every user of this pool fails the same way.",
                ),
                errorCode,
            );
        case "USER_DISABLED":
            return new UserDisabledError(
                target,
                name,
                build("the user is disabled.", `Enable it (AdminEnableUser) and run again, ${user}`),
                errorCode,
            );
        case "USER_STATUS": {
            const state = userStatus ? `its status is ${userStatus}` : "its status does not allow a reset";
            return new UserStatusError(
                target,
                name,
                build(
                    `${state}; ${adviceForStatus(userStatus)}.`,
                    "Otherwise remove the user from the list (or its resource).",
                ),
                userStatus,
            );
        }
        case "NO_VERIFIED_CONTACT":
            return new NoVerifiedContactError(
                target,
                name,
                build(
                    "the user has no verified email address or phone number to send the reset code to.",
                    "Verify one (AdminUpdateUserAttributes with email_verified or phone_number_verified), set a " +
                        `password with AdminSetUserPassword instead, ${user}`,
                ),
                errorCode,
            );
        case "INVALID_PARAMETER":
            return new InvalidParameterError(
                target,
                name,
                build(
                    "Cognito rejected a parameter.",
                    "Check this user's username and clientMetadata against Cognito's message (keys and values " +
                        `are strings; the map is limited in size), ${user}`,
                    false,
                ),
                errorCode,
            );
        case "LAMBDA_REJECTED":
            return new LambdaTriggerError(
                target,
                name,
                build(
                    "the pool's own Lambda trigger (a custom message or custom sender trigger) refused the reset of this user.",
                    "Read the trigger's message and its logs in CloudWatch; fix the trigger's rule or the user's " +
                        `attributes, ${user}`,
                    false,
                ),
                errorCode,
            );
        case "LAMBDA_INVALID_RESPONSE":
            return new LambdaTriggerError(
                target,
                name,
                build(
                    "the pool's Lambda trigger returned a response Cognito cannot use; this is a configuration problem " +
                        "of the pool, not of this user, and every reset would fail the same way.",
                    "Fix the trigger: it must return the event it received, and a custom message for ForgotPassword " +
                        "must contain the code placeholder {####}; then run again.",
                ),
                errorCode,
            );
        case "LAMBDA_FAILED":
            return new LambdaTriggerError(
                target,
                name,
                build(
                    "the pool's Lambda trigger failed: it crashed, timed out (Cognito waits at most 5 seconds) or " +
                        "could not be invoked; this is a configuration problem of the pool, not of this user.",
                    "Read the trigger's logs in CloudWatch and fix it; check that its resource policy lets " +
                        "cognito-idp.amazonaws.com invoke it (lambda:InvokeFunction) and that it answers within 5 seconds; then run again.",
                ),
                errorCode,
            );
        case "EMAIL_ROLE_POLICY":
            return new DeliveryConfigurationError(
                target,
                name,
                build(
                    "Cognito may not send email through the pool's Amazon SES identity; this is a configuration problem " +
                        "of the pool, not of this user.",
                    "Fix the pool's EmailConfiguration: the SES identity named by SourceArn must be verified in SES, and " +
                        "its sending authorization policy must allow email.cognito-idp.amazonaws.com to call " +
                        "ses:SendEmail and ses:SendRawEmail (or let Cognito use its service-linked role " +
                        "AWSServiceRoleForAmazonCognitoIdpEmailService); then run again.",
                ),
                errorCode,
            );
        case "SMS_ROLE_POLICY":
            return new DeliveryConfigurationError(
                target,
                name,
                build(
                    "the pool's SMS role may not send SMS through Amazon SNS; this is a configuration problem of the " +
                        "pool, not of this user.",
                    "Fix the policy of the IAM role named by the pool's SmsConfiguration SnsCallerArn: it must allow " +
                        "sns:Publish (and SNS must be out of its SMS sandbox or the number verified, within the spend limit); " +
                        "then run again.",
                ),
                errorCode,
            );
        case "SMS_ROLE_TRUST":
            return new DeliveryConfigurationError(
                target,
                name,
                build(
                    "Cognito may not assume the pool's SMS role; this is a configuration problem of the pool, not of " +
                        "this user.",
                    "Fix the trust relationship of the IAM role named by the pool's SmsConfiguration SnsCallerArn: it " +
                        "must let the service cognito-idp.amazonaws.com call sts:AssumeRole, with an sts:ExternalId " +
                        "condition equal to the pool's SmsConfiguration ExternalId; then run again.",
                ),
                errorCode,
            );
        case "CREDENTIALS":
            if (name === "CredentialsProviderError") {
                return new CredentialsError(
                    target,
                    name,
                    build(
                        "no AWS credentials were found.",
                        "Provide them the usual AWS SDK way (AWS_PROFILE, AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY, SSO, " +
                            "a web identity token, or an instance/task role), then run again.",
                    ),
                    errorCode,
                );
            }
            return new CredentialsError(
                target,
                name,
                build(
                    `Cognito rejected the AWS credentials (${name}).`,
                    "Refresh or fix them (expired session, wrong secret key, wrong account, a clock far off), then run again.",
                ),
                errorCode,
            );
        case "ACCESS_DENIED":
            return new AccessDeniedError(
                target,
                name,
                build(
                    "access denied: the credentials may not make this call on this pool.",
                    "Allow cognito-idp:AdminResetUserPassword and cognito-idp:AdminGetUser on the pool's ARN for the " +
                        "identity that runs Pulumi (check SCPs and permission boundaries too), then run again.",
                ),
                errorCode,
            );
        case "ENDPOINT_UNREACHABLE":
            return new EndpointUnreachableError(
                target,
                network,
                build(
                    `the Cognito endpoint could not be reached${region}${tries} (${network}).`,
                    "Check the network, the region, and any endpoint setting (the endpoint input, " +
                        "AWS_ENDPOINT_URL_COGNITO_IDENTITY_PROVIDER, AWS_ENDPOINT_URL, a proxy).",
                ),
                errorCode,
            );
        case "EMAIL_QUOTA":
            return new EmailQuotaError(
                target,
                name,
                build(
                    "the pool's daily email quota is used up. The pool sends with Cognito's default email sender " +
                        "(EmailSendingAccount COGNITO_DEFAULT), which sends about 50 emails a day per account; no retry today will help.",
                    "Switch the pool to its own Amazon SES identity (EmailConfiguration EmailSendingAccount DEVELOPER " +
                        "with a verified SourceArn), or wait for the next day, or set maxResetsPerRun below the quota; " +
                        "the users not reached stay due and the next run resets them.",
                ),
                errorCode,
            );
        case "THROTTLED":
            return new ThrottledError(
                target,
                name,
                build(
                    `Cognito kept throttling the request after all retries (${name}${attempts ? `, ${attempts} attempts` : ""}).`,
                    "Lower the request rate (PULUMI_COGNITO_PASSWORD_RESET_RATE, fewer resets at once, pulumi up " +
                        "--parallel), ask for a higher quota, or run again later; the user stays due.",
                ),
                errorCode,
            );
        case "TRANSIENT":
            break;
    }
    if (DROPPED_CODES.has(network) || /socket hang up/i.test(message)) {
        return new UnexpectedCognitoError(
            target,
            network,
            build(
                `Cognito did not answer${region}${tries}: the connection was dropped or timed out (${network}).`,
                "This usually passes: run again later (the user stays due). If it persists, check the network and the " +
                    "pool's Lambda triggers (slow triggers delay the answer), or raise " +
                    "PULUMI_COGNITO_PASSWORD_RESET_TIMEOUT_MS for a slow endpoint.",
            ),
            errorCode,
        );
    }
    return new UnexpectedCognitoError(
        target,
        name,
        build(
            `Cognito failed${tries}.`,
            "Run again later (the user stays due); if it persists, check the AWS Health Dashboard for Cognito in " +
                "this region.",
        ),
        errorCode,
    );
}

/** Whether a failed call was a request that the run's stop kept from leaving (mapped or not). */
export function isAbort(err: unknown): boolean {
    const e = err as { name?: unknown; code?: unknown };
    return e?.name === "AbortError" || (err instanceof CognitoResetError && e.code === "AbortError");
}
