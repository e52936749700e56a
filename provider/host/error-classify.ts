/**
 * Which stable code a failed call gets, from the error as the AWS SDK v3
 * threw it: its name, message, HTTP status and Node error code. Pure; used
 * both to build errors (`errors.ts`) and to decide retries (`cognito-client.ts`).
 */
import { isDailyEmailLimit, ResetErrorCode } from "../core/error-codes";
import { CognitoResetError } from "./error-classes";

/** Network failures that mean the endpoint cannot be reached at all. */
const UNREACHABLE_CODES = new Set(["ECONNREFUSED", "ENOTFOUND", "EAI_AGAIN", "EHOSTUNREACH", "ENETUNREACH"]);
/** Network failures after a connection was made (or may pass): a reset, a broken pipe, a timeout. */
export const DROPPED_CODES = new Set(["ECONNRESET", "ETIMEDOUT", "EPIPE", "ECONNABORTED", "TimeoutError"]);
/** Error names that say the credentials are missing or were rejected. */
const CREDENTIALS_NAMES = new Set([
    "CredentialsProviderError",
    "RoleCredentialsError",
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
/** The Node HTTP handler's words for a connection that was never established within the connection timeout. */
const CONNECTION_TIMEOUT_MESSAGE = /did not establish a connection/i;

/** An error's name, message, HTTP status, Node error code and attempt count, the way the AWS SDK v3 shapes them. */
export interface Described {
    name: string;
    message: string;
    status?: number;
    code?: string;
    attempts?: number;
}

export function describe(err: unknown): Described {
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

export function classify({ name, message, status, code }: Described): ResetErrorCode {
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
            return isDailyEmailLimit(message) ? "EMAIL_QUOTA" : "THROTTLED";
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
