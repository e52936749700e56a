/**
 * Typed errors, one class per failure, and the one function that maps what
 * Cognito (or the AWS SDK) answered to them. Every message names the pool and
 * the user, says what went wrong and what to do. No message ever includes
 * clientMetadata or a credential.
 */

/** Where a failure happened: the user pool and the user. */
export interface ResetTarget {
    userPoolId: string;
    username: string;
    region?: string;
}

/** The base class of every error this package raises about a Cognito call. */
export class CognitoResetError extends Error {
    /** The Cognito or SDK error name that caused this one (e.g. `UserNotFoundException`). */
    readonly code: string;
    readonly userPoolId: string;
    readonly username: string;

    constructor(target: ResetTarget, code: string, message: string) {
        super(message);
        this.name = new.target.name;
        this.code = code;
        this.userPoolId = target.userPoolId;
        this.username = target.username;
    }
}

/** The user does not exist in the pool. */
export class UserNotFoundError extends CognitoResetError {}
/** The user pool does not exist (in this region and account). */
export class UserPoolNotFoundError extends CognitoResetError {}
/** The user is disabled. */
export class UserDisabledError extends CognitoResetError {}
/** The user's status does not allow a reset (FORCE_CHANGE_PASSWORD, UNCONFIRMED, ...). */
export class UserStatusError extends CognitoResetError {
    constructor(
        target: ResetTarget,
        code: string,
        message: string,
        /** The status Cognito reported for the user, when it could be read. */
        readonly userStatus: string | undefined,
    ) {
        super(target, code, message);
    }
}
/** The user has no verified email address or phone number to send the code to. */
export class NoVerifiedContactError extends CognitoResetError {}
/** No AWS credentials were found, or Cognito rejected them. */
export class CredentialsError extends CognitoResetError {}
/** The credentials are valid but not allowed to make the call. */
export class AccessDeniedError extends CognitoResetError {}
/** Cognito could not be reached at all. */
export class EndpointUnreachableError extends CognitoResetError {}
/** Cognito kept throttling the call until the retries ran out. */
export class ThrottledError extends CognitoResetError {}
/** Cognito rejected a parameter. */
export class InvalidParameterError extends CognitoResetError {}
/** Any other failure. */
export class UnexpectedCognitoError extends CognitoResetError {}

const NETWORK_CODES = new Set([
    "ECONNREFUSED",
    "ENOTFOUND",
    "EAI_AGAIN",
    "ECONNRESET",
    "ETIMEDOUT",
    "EHOSTUNREACH",
    "ENETUNREACH",
    "TimeoutError",
]);

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

/** Reads an error's name and message the way the AWS SDK v3 shapes them. */
function describe(err: unknown): { name: string; message: string; status?: number; code?: string } {
    const e = (err ?? {}) as {
        name?: unknown;
        message?: unknown;
        code?: unknown;
        $metadata?: { httpStatusCode?: number };
    };
    return {
        name: typeof e.name === "string" ? e.name : "Error",
        message: typeof e.message === "string" ? e.message : String(err),
        status: e.$metadata?.httpStatusCode,
        code: typeof e.code === "string" ? e.code : undefined,
    };
}

/**
 * Maps a failed Cognito call to a typed error whose message names the pool,
 * the user and the fix.
 *
 * @param operation - "reset" for AdminResetUserPassword, "read" for AdminGetUser.
 * @param userStatus - the user's status, when the caller looked it up after a state error.
 */
export function mapCognitoError(
    err: unknown,
    target: ResetTarget,
    operation: "reset" | "read" = "reset",
    userStatus?: string,
): CognitoResetError {
    if (err instanceof CognitoResetError) return err;
    const { name, message, status, code } = describe(err);
    const who = `user '${target.username}' in user pool '${target.userPoolId}'`;
    const what = operation === "reset" ? `Could not reset the password of ${who}` : `Could not read ${who}`;
    const region = target.region ? ` (region ${target.region})` : "";

    switch (name) {
        case "UserNotFoundException":
            return new UserNotFoundError(
                target,
                name,
                `${what}: the user does not exist. Check the username (usernames are case-sensitive unless the ` +
                    "pool is case-insensitive, and an alias such as an email address may not be accepted), or remove the resource.",
            );
        case "ResourceNotFoundException":
            return new UserPoolNotFoundError(
                target,
                name,
                `${what}: the user pool does not exist${region}. Check userPoolId, the region and the AWS account ` +
                    "of your credentials.",
            );
        case "NotAuthorizedException":
            if (/disabled/i.test(message)) {
                return new UserDisabledError(
                    target,
                    name,
                    `${what}: the user is disabled. Enable it (AdminEnableUser) and run again, or remove the resource.`,
                );
            }
            if (/current state/i.test(message)) {
                const state = userStatus ? `its status is ${userStatus}` : "its status does not allow a reset";
                return new UserStatusError(
                    target,
                    name,
                    `${what}: ${state}; ${adviceForStatus(userStatus)}.`,
                    userStatus,
                );
            }
            return new AccessDeniedError(
                target,
                name,
                `${what}: Cognito refused the call (${message}). Check that your credentials may call ` +
                    "cognito-idp:AdminResetUserPassword on this pool.",
            );
        case "InvalidParameterException":
            if (/verified|email|phone/i.test(message)) {
                return new NoVerifiedContactError(
                    target,
                    name,
                    `${what}: the user has no verified email address or phone number to send the reset code to. ` +
                        "Verify one (AdminUpdateUserAttributes with email_verified or phone_number_verified) or set a " +
                        "password with AdminSetUserPassword instead.",
                );
            }
            return new InvalidParameterError(target, name, `${what}: Cognito rejected a parameter: ${message}`);
        case "CredentialsProviderError":
            return new CredentialsError(
                target,
                name,
                `${what}: no AWS credentials were found. Provide them the usual AWS SDK way (AWS_PROFILE, ` +
                    "AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY, SSO, a web identity token, or an instance/task role).",
            );
        case "UnrecognizedClientException":
        case "InvalidSignatureException":
        case "ExpiredTokenException":
        case "InvalidClientTokenId":
        case "SignatureDoesNotMatch":
            return new CredentialsError(
                target,
                name,
                `${what}: Cognito rejected the AWS credentials (${name}). Refresh or fix them (expired session, ` +
                    "wrong secret key, wrong account), then run again.",
            );
        case "AccessDeniedException":
            return new AccessDeniedError(
                target,
                name,
                `${what}: access denied. Allow cognito-idp:AdminResetUserPassword and cognito-idp:AdminGetUser ` +
                    "on the pool's ARN for the identity that runs Pulumi.",
            );
        case "TooManyRequestsException":
        case "LimitExceededException":
        case "ThrottlingException":
            return new ThrottledError(
                target,
                name,
                `${what}: Cognito kept throttling the request after all retries (${name}). Lower the request ` +
                    "rate (fewer resets at once, e.g. pulumi up --parallel), ask for a higher quota, or run again later.",
            );
    }
    if (
        (code && NETWORK_CODES.has(code)) ||
        NETWORK_CODES.has(name) ||
        /ECONNREFUSED|ENOTFOUND|socket hang up/.test(message)
    ) {
        return new EndpointUnreachableError(
            target,
            code ?? name,
            `${what}: the Cognito endpoint could not be reached${region} (${code ?? name}). Check the network, ` +
                "the region, and any endpoint setting (the endpoint input, AWS_ENDPOINT_URL_COGNITO_IDENTITY_PROVIDER, AWS_ENDPOINT_URL).",
        );
    }
    const http = status ? ` (HTTP ${status})` : "";
    return new UnexpectedCognitoError(
        target,
        name,
        `${what}: ${name}${http}: ${message}. Run again; if it persists, check the AWS status page.`,
    );
}
