/**
 * The stable error codes: what each failure means, its category (what a run
 * does next), whether the client retries it, and what the operator does. Pure
 * data, shared by the provider (which puts the code at the end of every
 * message) and the public surface (which exports it); the README's "Error
 * codes" table says the same.
 */

/**
 * What a failure means for a run:
 * - `user`: concerns that one user only (the others go on).
 * - `pool`: the pool's or the account's configuration; every other user would fail the same way.
 * - `quota`: the pool's daily email quota is used up; no retry today will help.
 * - `throttled`: Cognito kept throttling the call until the retries ran out.
 * - `transient`: a server error, a timeout or a dropped connection (or an unknown failure) that the retries did not outlast.
 */
export type ErrorCategory = "user" | "pool" | "quota" | "throttled" | "transient";

/** What {@link ERROR_CODES} says about one code. */
export interface ErrorCodeInfo {
    /** What a run does with an error of this code (see {@link ErrorCategory}). */
    readonly category: ErrorCategory;
    /** The Cognito or SDK errors that map to this code, as the README lists them. */
    readonly cognitoErrors: string;
    /** What the code means, in one line. */
    readonly meaning: string;
    /** What to do about it, in one line. */
    readonly action: string;
    /** Whether the client retries such an answer (with backoff, up to AWS_MAX_ATTEMPTS attempts) before it gives up. */
    readonly retried: boolean;
}

/**
 * The stable error codes, each with its category, the Cognito errors behind
 * it, what it means and what to do. The last bracketed word of every message
 * is one of these keys; scripts may match on it.
 */
export const ERROR_CODES = {
    USER_NOT_FOUND: {
        category: "user",
        cognitoErrors: "UserNotFoundException",
        meaning: "The user does not exist in the pool.",
        action: "Check the username (case, aliases), or remove the user from the list.",
        retried: false,
    },
    USER_DISABLED: {
        category: "user",
        cognitoErrors: "NotAuthorizedException (User is disabled.)",
        meaning: "The user is disabled.",
        action: "Enable it (AdminEnableUser), or remove the user from the list.",
        retried: false,
    },
    USER_STATUS: {
        category: "user",
        cognitoErrors: "NotAuthorizedException (User password cannot be reset in the current state.)",
        meaning: "The user's status (FORCE_CHANGE_PASSWORD, UNCONFIRMED, EXTERNAL_PROVIDER, ...) forbids a reset.",
        action: "Resend the invitation, confirm the user, or leave federated users out; only CONFIRMED users can be reset.",
        retried: false,
    },
    NO_VERIFIED_CONTACT: {
        category: "user",
        cognitoErrors: "InvalidParameterException (no registered/verified email or phone_number)",
        meaning: "The user has no verified email address or phone number to send the code to.",
        action: "Verify one (email_verified / phone_number_verified), or set a password with AdminSetUserPassword.",
        retried: false,
    },
    LAMBDA_REJECTED: {
        category: "user",
        cognitoErrors: "UserLambdaValidationException",
        meaning: "The pool's own Lambda trigger refused the reset of this user.",
        action: "Read the trigger's message and its CloudWatch logs; fix the trigger's rule or the user.",
        retried: false,
    },
    INVALID_PARAMETER: {
        category: "user",
        cognitoErrors: "InvalidParameterException (other)",
        meaning: "Cognito rejected a parameter of this call.",
        action: "Read Cognito's message; check the username and clientMetadata of this user.",
        retried: false,
    },
    POOL_NOT_FOUND: {
        category: "pool",
        cognitoErrors: "ResourceNotFoundException",
        meaning: "The user pool does not exist in this account and region.",
        action: "Check userPoolId, the region and the AWS account of the credentials.",
        retried: false,
    },
    ACCESS_DENIED: {
        category: "pool",
        cognitoErrors: "AccessDeniedException, NotAuthorizedException (other)",
        meaning: "The credentials are valid but may not make this call on this pool.",
        action: "Allow cognito-idp:AdminResetUserPassword and cognito-idp:AdminGetUser on the pool's ARN.",
        retried: false,
    },
    CREDENTIALS: {
        category: "pool",
        cognitoErrors:
            "CredentialsProviderError, UnrecognizedClientException, InvalidSignatureException, ExpiredTokenException, ...",
        meaning: "No AWS credentials were found, or AWS rejected them (expired, wrong key, wrong account).",
        action: "Provide or refresh the credentials (AWS_PROFILE, access keys, SSO, a role).",
        retried: false,
    },
    EMAIL_ROLE_POLICY: {
        category: "pool",
        cognitoErrors: "InvalidEmailRoleAccessPolicyException",
        meaning: "Cognito may not send email through the pool's Amazon SES identity.",
        action: "Fix the SES identity's sending authorization policy (or the service-linked role) in the pool's EmailConfiguration.",
        retried: false,
    },
    SMS_ROLE_POLICY: {
        category: "pool",
        cognitoErrors: "InvalidSmsRoleAccessPolicyException",
        meaning: "The pool's SMS role may not publish SMS through Amazon SNS.",
        action: "Allow sns:Publish in the policy of the role named by the pool's SmsConfiguration SnsCallerArn.",
        retried: false,
    },
    SMS_ROLE_TRUST: {
        category: "pool",
        cognitoErrors: "InvalidSmsRoleTrustRelationshipException",
        meaning: "The pool's SMS role does not trust Cognito, or its external ID does not match.",
        action: "Let cognito-idp.amazonaws.com assume the role (sts:AssumeRole) with the pool's SmsConfiguration ExternalId.",
        retried: false,
    },
    LAMBDA_INVALID_RESPONSE: {
        category: "pool",
        cognitoErrors: "InvalidLambdaResponseException",
        meaning: "The pool's Lambda trigger returned a response Cognito cannot use.",
        action: "Fix the trigger: return the event, with the {####} code placeholder in a custom message.",
        retried: false,
    },
    LAMBDA_FAILED: {
        category: "pool",
        cognitoErrors: "UnexpectedLambdaException",
        meaning: "The pool's Lambda trigger crashed, timed out (Cognito waits 5 s) or could not be invoked.",
        action: "Read the trigger's CloudWatch logs; fix it, or its resource policy for cognito-idp.amazonaws.com.",
        retried: false,
    },
    ENDPOINT_UNREACHABLE: {
        category: "pool",
        cognitoErrors: "ECONNREFUSED, ENOTFOUND, EAI_AGAIN, EHOSTUNREACH, ENETUNREACH, connection timeout",
        meaning: "The Cognito endpoint could not be reached, after the retries.",
        action: "Check the network, the region and any endpoint setting.",
        retried: true,
    },
    EMAIL_QUOTA: {
        category: "quota",
        cognitoErrors: "LimitExceededException (Exceeded daily email limit ...)",
        meaning: "The pool's daily email quota (Cognito's default sender: about 50 a day per account) is used up.",
        action: "Give the pool its own SES identity (EmailSendingAccount DEVELOPER), wait for the next day, or set maxResetsPerRun.",
        retried: false,
    },
    THROTTLED: {
        category: "throttled",
        cognitoErrors: "TooManyRequestsException, LimitExceededException (other), ThrottlingException",
        meaning: "Cognito kept throttling the call until the retries ran out.",
        action: "Lower the request rate (PULUMI_COGNITO_PASSWORD_RESET_RATE, --parallel) or ask for a higher quota.",
        retried: true,
    },
    TRANSIENT: {
        category: "transient",
        cognitoErrors: "InternalErrorException, HTTP 5xx, ECONNRESET, request timeout, any unknown error",
        meaning: "A server error, timeout or dropped connection outlasted the retries (or the error is unknown).",
        action: "Run again later (the user stays due); if it persists, check the AWS Health Dashboard and the network.",
        retried: true,
    },
} as const satisfies Record<string, ErrorCodeInfo>;

/** One of the stable error codes (a key of {@link ERROR_CODES}). */
export type ResetErrorCode = keyof typeof ERROR_CODES;

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

/**
 * Whether a LimitExceededException's message is Cognito's daily email limit
 * ("Exceeded daily email limit for the operation or the account. ..."), which
 * no retry today will help, rather than a request-rate limit. The one test of
 * it, for the error codes and the rate limits alike.
 */
export function isDailyEmailLimit(message: unknown): boolean {
    return /exceeded daily email limit/i.test(String(message ?? ""));
}
