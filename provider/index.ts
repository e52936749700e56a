/**
 * pulumi-cognito-password-reset: declare Amazon Cognito password resets beside
 * your user pools. See the README for the lifecycle and the IAM policy.
 *
 * @packageDocumentation
 */
export { UserPasswordReset, UserPasswordResetArgs } from "./resource";
export { UserPasswordResets, UserPasswordResetsArgs } from "./batch";
export { InitialReset, IneligibleUsers, RunCounts, UserRecord } from "./types";
export { PoolSummary, SummaryProblem, SummaryRun } from "./summary";
export { RotationPolicy, RotationPeriod, rotationPeriod, staggerFraction } from "./rotation";
export { CLOCK_ENV } from "./clock";
export { ERROR_CODES, ErrorCategory, ErrorCodeInfo, ResetErrorCode } from "./errors";
export {
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
    UnexpectedCognitoError,
} from "./errors";
