/**
 * The typed errors, one class per failure. Every error carries a stable code
 * (`errorCode`, one of ERROR_CODES) and a category that says what a run does
 * next. They are thrown in the provider process; a program sees only their
 * messages, which end with the code in brackets. `errors.ts` builds them.
 */
import { ERROR_CODES, ErrorCategory, ResetErrorCode } from "../core/error-codes";

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
