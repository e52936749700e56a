/**
 * pulumi-cognito-password-reset: declare Amazon Cognito password resets beside
 * your user pools. See the README for the lifecycle and the IAM policy.
 *
 * @packageDocumentation
 */
export { UserPasswordReset, UserPasswordResetArgs } from "./program/resource";
export { UserPasswordResets, UserPasswordResetsArgs } from "./program/batch";
export { InitialReset, IneligibleUsers, RunCounts, UserRecord } from "./core/types";
export { PoolSummary, SummaryProblem, SummaryRun } from "./core/summary";
export { PeriodOf, RotationPolicy, RotationPeriod, rotationPeriod, staggerFraction } from "./core/rotation";
export { Selection } from "./core/select";
export { AssumeRoleArgs } from "./program/access";
export { CLOCK_ENV, PLANNED_AT_ENV } from "./core/clock";
export { passwordResetPolicy, PasswordResetPolicyArgs } from "./program/iam";
export { PolicyDocument, PolicyStatement } from "./core/iam";
/**
 * Errors are thrown in the provider process, so a program only ever sees their
 * message; what it can rely on is the stable code at the end of each message
 * (`[USER_DISABLED]`), listed here.
 */
export { ERROR_CODES, ErrorCategory, ErrorCodeInfo, ResetErrorCode } from "./core/error-codes";
