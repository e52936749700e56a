/**
 * Unit tier: mapping what Cognito (through the AWS SDK v3) answered to the
 * package's typed errors, stable codes and categories, and scrubbing secret
 * values from the text that comes back. The SDK errors are built by hand,
 * shaped as the SDK shapes them: `name`, `message`, `$metadata.httpStatusCode`
 * (and `attempts` after retries), and `code` for Node's network errors. No
 * AWS, no moto.
 */
import assert from "node:assert/strict";
import * as fs from "node:fs";
import * as path from "node:path";
import { TIMEOUT_ENV } from "../../../provider/host/client-config";
import {
    AccessDeniedError,
    adviceForStatus,
    CognitoResetError,
    CredentialsError,
    DeliveryConfigurationError,
    EmailQuotaError,
    EndpointUnreachableError,
    ERROR_CODES,
    ErrorCategory,
    errorCodeOf,
    InvalidParameterError,
    LambdaTriggerError,
    mapCognitoError,
    MIN_SECRET_LENGTH,
    NoVerifiedContactError,
    redact,
    ResetErrorCode,
    ResetTarget,
    ThrottledError,
    UnexpectedCognitoError,
    UserDisabledError,
    UserNotFoundError,
    UserPoolNotFoundError,
    UserStatusError,
} from "../../../provider/host/errors";
import { RetryErrorInfo, retryStrategy } from "../../../provider/host/retry";
import { COGNITO_ERRORS } from "../../../dev/quotas";

const TARGET: ResetTarget = { userPoolId: "eu-west-1_AbC123", username: "alice@example.com", region: "eu-west-1" };

/** Cognito's documented errors of AdminResetUserPassword (API reference), as the test fault layer plays them. */
const DOCUMENTED: readonly string[] = COGNITO_ERRORS;

const EMAIL_LIMIT =
    "Exceeded daily email limit for the operation or the account. If a higher limit is required, please configure " +
    "your user pool to use your own Amazon SES configuration for sending email.";

/** An AWS SDK v3 service exception, as an Error instance. */
function sdkError(name: string, message: string, httpStatusCode: number, attempts = 1): Error {
    return Object.assign(new Error(message), {
        name,
        $fault: httpStatusCode >= 500 ? "server" : "client",
        $metadata: { httpStatusCode, requestId: "req-1", attempts },
    });
}
/** The same error as a plain object (what a structured clone or a JSON round trip leaves). */
function plainError(name: string, message: string, httpStatusCode: number): object {
    return { name, message, $metadata: { httpStatusCode } };
}

type ErrorClass = new (...args: never[]) => CognitoResetError;

/** Words that send an operator to wait and retry: wrong advice for a problem of the pool's configuration. */
const WAIT_AND_RETRY = /status page|Health Dashboard|Run again later|usually passes/i;

interface Case {
    name: string;
    err: unknown;
    userStatus?: string;
    cls: ErrorClass;
    /** The Cognito or SDK name the error keeps in `code`. */
    code: string;
    errorCode: ResetErrorCode;
    category: ErrorCategory;
    /** The words of the next step. */
    advice: RegExp;
    /** Set for problems of the pool's configuration, whose advice must not be "wait and run again". */
    configuration?: true;
}

// One row per failure: the SDK error, the user's status when the caller
// looked it up, then the class, Cognito's name, the stable code, the category
// and the words of the next step expected.
//
// | Cognito / SDK error                          | code                    | category  |
// |----------------------------------------------|-------------------------|-----------|
// | UserNotFoundException                        | USER_NOT_FOUND          | user      |
// | NotAuthorizedException "User is disabled."   | USER_DISABLED           | user      |
// | NotAuthorizedException "current state"       | USER_STATUS             | user      |
// | InvalidParameterException no verified contact| NO_VERIFIED_CONTACT     | user      |
// | InvalidParameterException (other)            | INVALID_PARAMETER       | user      |
// | UserLambdaValidationException                | LAMBDA_REJECTED         | user      |
// | ResourceNotFoundException                    | POOL_NOT_FOUND          | pool      |
// | AccessDenied / other NotAuthorized           | ACCESS_DENIED           | pool      |
// | credentials missing or rejected              | CREDENTIALS             | pool      |
// | InvalidEmailRoleAccessPolicyException        | EMAIL_ROLE_POLICY       | pool      |
// | InvalidSmsRoleAccessPolicyException          | SMS_ROLE_POLICY         | pool      |
// | InvalidSmsRoleTrustRelationshipException     | SMS_ROLE_TRUST          | pool      |
// | InvalidLambdaResponseException               | LAMBDA_INVALID_RESPONSE | pool      |
// | UnexpectedLambdaException                    | LAMBDA_FAILED           | pool      |
// | ECONNREFUSED, ENOTFOUND, connection timeout  | ENDPOINT_UNREACHABLE    | pool      |
// | LimitExceededException "daily email limit"   | EMAIL_QUOTA             | quota     |
// | TooManyRequests, other LimitExceeded         | THROTTLED               | throttled |
// | InternalError, 5xx, timeouts, resets, other  | TRANSIENT               | transient |
const cases: Case[] = [
    {
        name: "an unknown user",
        err: sdkError("UserNotFoundException", "User does not exist.", 400),
        cls: UserNotFoundError,
        code: "UserNotFoundException",
        errorCode: "USER_NOT_FOUND",
        category: "user",
        advice: /: the user does not exist\. Check the username .*remove the user from the list/,
    },
    {
        name: "an unknown pool",
        err: sdkError("ResourceNotFoundException", "User pool eu-west-1_AbC123 does not exist.", 400),
        cls: UserPoolNotFoundError,
        code: "ResourceNotFoundException",
        errorCode: "POOL_NOT_FOUND",
        category: "pool",
        advice: /does not exist \(region eu-west-1\)\. Check userPoolId, the region and the AWS account/,
        configuration: true,
    },
    {
        name: "a disabled user",
        err: sdkError("NotAuthorizedException", "User is disabled.", 400),
        cls: UserDisabledError,
        code: "NotAuthorizedException",
        errorCode: "USER_DISABLED",
        category: "user",
        advice: /the user is disabled\. Enable it \(AdminEnableUser\)/,
    },
    {
        name: "an invited user (FORCE_CHANGE_PASSWORD)",
        err: sdkError("NotAuthorizedException", "User password cannot be reset in the current state.", 400),
        userStatus: "FORCE_CHANGE_PASSWORD",
        cls: UserStatusError,
        code: "NotAuthorizedException",
        errorCode: "USER_STATUS",
        category: "user",
        advice: /its status is FORCE_CHANGE_PASSWORD; .*MessageAction=RESEND/,
    },
    {
        name: "an unconfirmed user",
        err: sdkError("NotAuthorizedException", "User password cannot be reset in the current state.", 400),
        userStatus: "UNCONFIRMED",
        cls: UserStatusError,
        code: "NotAuthorizedException",
        errorCode: "USER_STATUS",
        category: "user",
        advice: /its status is UNCONFIRMED; .*AdminConfirmSignUp/,
    },
    {
        name: "a federated user (EXTERNAL_PROVIDER)",
        err: sdkError("NotAuthorizedException", "User password cannot be reset in the current state.", 400),
        userStatus: "EXTERNAL_PROVIDER",
        cls: UserStatusError,
        code: "NotAuthorizedException",
        errorCode: "USER_STATUS",
        category: "user",
        advice: /its status is EXTERNAL_PROVIDER; .*external identity provider/,
    },
    {
        name: "a user in a state that could not be read",
        err: sdkError("NotAuthorizedException", "User password cannot be reset in the current state.", 400),
        cls: UserStatusError,
        code: "NotAuthorizedException",
        errorCode: "USER_STATUS",
        category: "user",
        advice: /AdminGetUser/,
    },
    {
        name: "a user with no verified contact",
        err: sdkError(
            "InvalidParameterException",
            "Cannot reset password for the user as there is no registered/verified email or phone_number",
            400,
        ),
        cls: NoVerifiedContactError,
        code: "InvalidParameterException",
        errorCode: "NO_VERIFIED_CONTACT",
        category: "user",
        advice: /no verified email address or phone number.*email_verified/,
    },
    {
        name: "another invalid parameter",
        err: sdkError("InvalidParameterException", "1 validation error detected: Value at 'username' failed", 400),
        cls: InvalidParameterError,
        code: "InvalidParameterException",
        errorCode: "INVALID_PARAMETER",
        category: "user",
        advice: /rejected a parameter.*Value at 'username' failed.*Check this user's username and clientMetadata/,
    },
    {
        name: "the pool's trigger refusing the user",
        err: sdkError("UserLambdaValidationException", "CustomMessage failed with error Invalid request.", 400),
        cls: LambdaTriggerError,
        code: "UserLambdaValidationException",
        errorCode: "LAMBDA_REJECTED",
        category: "user",
        advice: /CustomMessage failed with error Invalid request\. .*CloudWatch/,
    },
    {
        name: "the pool's trigger answering badly",
        err: sdkError("InvalidLambdaResponseException", "Unrecognizable lambda output", 400),
        cls: LambdaTriggerError,
        code: "InvalidLambdaResponseException",
        errorCode: "LAMBDA_INVALID_RESPONSE",
        category: "pool",
        advice: /configuration problem of the pool.*return the event.*\{####\}/,
        configuration: true,
    },
    {
        name: "the pool's trigger crashing or timing out",
        err: sdkError("UnexpectedLambdaException", "CustomMessage invocation failed due to error TimeOut.", 400),
        cls: LambdaTriggerError,
        code: "UnexpectedLambdaException",
        errorCode: "LAMBDA_FAILED",
        category: "pool",
        advice: /configuration problem of the pool.*CloudWatch.*lambda:InvokeFunction.*5 seconds/,
        configuration: true,
    },
    {
        name: "the pool's SES identity refusing Cognito",
        err: sdkError(
            "InvalidEmailRoleAccessPolicyException",
            "Cognito is not allowed to use your email identity arn:aws:ses:eu-west-1:123456789012:identity/no-reply@example.com.",
            400,
        ),
        cls: DeliveryConfigurationError,
        code: "InvalidEmailRoleAccessPolicyException",
        errorCode: "EMAIL_ROLE_POLICY",
        category: "pool",
        advice: /EmailConfiguration.*sending authorization policy.*email\.cognito-idp\.amazonaws\.com.*ses:SendEmail/,
        configuration: true,
    },
    {
        name: "the pool's SMS role lacking sns:Publish",
        err: sdkError(
            "InvalidSmsRoleAccessPolicyException",
            "Role arn:aws:iam::123456789012:role/CognitoSms does not have permission to publish with SNS",
            400,
        ),
        cls: DeliveryConfigurationError,
        code: "InvalidSmsRoleAccessPolicyException",
        errorCode: "SMS_ROLE_POLICY",
        category: "pool",
        advice: /policy of the IAM role named by the pool's SmsConfiguration SnsCallerArn.*sns:Publish/,
        configuration: true,
    },
    {
        name: "the pool's SMS role not trusting Cognito",
        err: sdkError(
            "InvalidSmsRoleTrustRelationshipException",
            "Role arn:aws:iam::123456789012:role/CognitoSms cannot be assumed by Cognito",
            400,
        ),
        cls: DeliveryConfigurationError,
        code: "InvalidSmsRoleTrustRelationshipException",
        errorCode: "SMS_ROLE_TRUST",
        category: "pool",
        advice: /trust relationship.*cognito-idp\.amazonaws\.com.*sts:AssumeRole.*ExternalId/,
        configuration: true,
    },
    {
        name: "the daily email quota",
        err: sdkError("LimitExceededException", EMAIL_LIMIT, 400),
        cls: EmailQuotaError,
        code: "LimitExceededException",
        errorCode: "EMAIL_QUOTA",
        category: "quota",
        advice: /default email sender.*50 emails a day.*Amazon SES.*EmailSendingAccount DEVELOPER.*next day.*maxResetsPerRun.*stay due/,
    },
    {
        name: "no credentials",
        err: Object.assign(new Error("Could not load credentials from any providers"), {
            name: "CredentialsProviderError",
        }),
        cls: CredentialsError,
        code: "CredentialsProviderError",
        errorCode: "CREDENTIALS",
        category: "pool",
        advice: /no AWS credentials were found.*AWS_PROFILE/,
        configuration: true,
    },
    {
        name: "unknown credentials",
        err: sdkError("UnrecognizedClientException", "The security token included in the request is invalid.", 400),
        cls: CredentialsError,
        code: "UnrecognizedClientException",
        errorCode: "CREDENTIALS",
        category: "pool",
        advice: /Refresh or fix them/,
        configuration: true,
    },
    {
        name: "a call not allowed by IAM",
        err: sdkError("AccessDeniedException", "User: arn:aws:iam::123:user/ci is not authorized", 400),
        cls: AccessDeniedError,
        code: "AccessDeniedException",
        errorCode: "ACCESS_DENIED",
        category: "pool",
        advice: /Allow cognito-idp:AdminResetUserPassword/,
        configuration: true,
    },
    {
        name: "another NotAuthorizedException",
        err: sdkError("NotAuthorizedException", "Access to this operation is not allowed.", 400),
        cls: AccessDeniedError,
        code: "NotAuthorizedException",
        errorCode: "ACCESS_DENIED",
        category: "pool",
        advice: /cognito-idp:AdminResetUserPassword/,
        configuration: true,
    },
    {
        name: "throttling (TooManyRequests) after 15 attempts",
        err: sdkError("TooManyRequestsException", "Too many requests", 400, 15),
        cls: ThrottledError,
        code: "TooManyRequestsException",
        errorCode: "THROTTLED",
        category: "throttled",
        advice: /kept throttling the request after all retries \(TooManyRequestsException, 15 attempts\).*--parallel/,
    },
    {
        name: "throttling (another LimitExceeded)",
        err: sdkError("LimitExceededException", "Attempt limit exceeded, please try after some time.", 400),
        cls: ThrottledError,
        code: "LimitExceededException",
        errorCode: "THROTTLED",
        category: "throttled",
        advice: /higher quota/,
    },
    {
        name: "a refused connection",
        err: Object.assign(new Error("connect ECONNREFUSED 127.0.0.1:1"), {
            name: "TimeoutError",
            code: "ECONNREFUSED",
            $metadata: { attempts: 3 },
        }),
        cls: EndpointUnreachableError,
        code: "ECONNREFUSED",
        errorCode: "ENDPOINT_UNREACHABLE",
        category: "pool",
        advice: /could not be reached \(region eu-west-1\) after 3 attempts.*AWS_ENDPOINT_URL_COGNITO_IDENTITY_PROVIDER/,
    },
    {
        name: "an unknown DNS name",
        err: Object.assign(new Error("getaddrinfo ENOTFOUND cognito.invalid"), { code: "ENOTFOUND" }),
        cls: EndpointUnreachableError,
        code: "ENOTFOUND",
        errorCode: "ENDPOINT_UNREACHABLE",
        category: "pool",
        advice: /Check the network/,
    },
    {
        name: "a connection that never opens",
        err: Object.assign(
            new Error(
                "@smithy/node-http-handler - the request socket did not establish a connection with the server within the configured timeout of 3000 ms.",
            ),
            { name: "TimeoutError" },
        ),
        cls: EndpointUnreachableError,
        code: "TimeoutError",
        errorCode: "ENDPOINT_UNREACHABLE",
        category: "pool",
        advice: /could not be reached.*Check the network/,
    },
    {
        name: "a request timeout (connected, never answered)",
        err: Object.assign(
            new Error(
                "@smithy/node-http-handler - [ERROR] a request has exceeded the configured 15000 ms requestTimeout.",
            ),
            { name: "TimeoutError", code: "ETIMEDOUT", $metadata: { attempts: 15 } },
        ),
        cls: UnexpectedCognitoError,
        code: "ETIMEDOUT",
        errorCode: "TRANSIENT",
        category: "transient",
        advice: new RegExp(`did not answer \\(region eu-west-1\\) after 15 attempts.*${TIMEOUT_ENV}`),
    },
    {
        name: "a reset connection",
        err: Object.assign(new Error("socket hang up"), { code: "ECONNRESET" }),
        cls: UnexpectedCognitoError,
        code: "ECONNRESET",
        errorCode: "TRANSIENT",
        category: "transient",
        advice: /dropped or timed out \(ECONNRESET\).*run again later/,
    },
    {
        name: "an internal error",
        err: sdkError("InternalErrorException", "Internal server error", 500, 15),
        cls: UnexpectedCognitoError,
        code: "InternalErrorException",
        errorCode: "TRANSIENT",
        category: "transient",
        advice: /Cognito failed after 15 attempts.*Run again later/,
    },
    {
        name: "an unknown 503",
        err: sdkError("ServiceUnavailable", "Service unavailable", 503),
        cls: UnexpectedCognitoError,
        code: "ServiceUnavailable",
        errorCode: "TRANSIENT",
        category: "transient",
        advice: /Run again later.*ServiceUnavailable \(HTTP 503\): Service unavailable/,
    },
];

describe("mapCognitoError: every failure gets its class, stable code, category and a way out", () => {
    it("GIVEN the table WHEN compared with Cognito's documented errors THEN all 13 are covered", () => {
        const covered = new Set(cases.map((c) => c.code));
        assert.deepEqual(
            DOCUMENTED.filter((n) => !covered.has(n)),
            [],
        );
    });

    it("GIVEN the table WHEN compared with ERROR_CODES THEN every stable code is produced by some failure", () => {
        const produced = new Set(cases.map((c) => c.errorCode));
        assert.deepEqual(
            Object.keys(ERROR_CODES).filter((k) => !produced.has(k as ResetErrorCode)),
            [],
        );
    });

    for (const c of cases) {
        it(`GIVEN ${c.name} WHEN mapped THEN it is a ${c.cls.name} [${c.errorCode}, ${c.category}] naming pool, user, Cognito's error and the next step`, () => {
            const mapped = mapCognitoError(c.err, TARGET, "reset", c.userStatus);
            assert.ok(mapped instanceof c.cls, `got ${mapped.constructor.name}: ${mapped.message}`);
            assert.ok(mapped instanceof CognitoResetError && mapped instanceof Error);
            assert.equal(mapped.name, c.cls.name);
            assert.equal(mapped.code, c.code);
            assert.equal(mapped.errorCode, c.errorCode);
            assert.equal(mapped.category, c.category);
            assert.equal(ERROR_CODES[mapped.errorCode].category, c.category);
            assert.equal(errorCodeOf(c.err), c.errorCode, "errorCodeOf agrees with mapCognitoError");
            assert.equal(mapped.userPoolId, TARGET.userPoolId);
            assert.equal(mapped.username, TARGET.username);
            assert.ok(
                mapped.message.startsWith(
                    `Could not reset the password of user '${TARGET.username}' in user pool '${TARGET.userPoolId}': `,
                ),
                mapped.message,
            );
            const name = (c.err as { name?: string }).name ?? "";
            assert.ok(mapped.message.includes(name), `Cognito's error name ${name} in: ${mapped.message}`);
            assert.match(mapped.message, c.advice);
            assert.ok(mapped.message.endsWith(` [${c.errorCode}]`), `ends with [${c.errorCode}]: ${mapped.message}`);
            assert.doesNotMatch(mapped.message, /\n/, "one line, so that a run's summary stays one line per user");
            if (c.configuration) assert.doesNotMatch(mapped.message, WAIT_AND_RETRY);
        });
    }

    // Cases whose SDK error can also arrive as a plain object: the mapping must not depend on `instanceof Error`.
    for (const c of cases.filter(
        (x) =>
            x.err instanceof Error &&
            "$metadata" in x.err &&
            "httpStatusCode" in (x.err as { $metadata: object }).$metadata,
    )) {
        it(`GIVEN ${c.name} as a plain object WHEN mapped THEN it is still a ${c.cls.name} [${c.errorCode}]`, () => {
            const e = c.err as Error & { $metadata: { httpStatusCode: number } };
            const mapped = mapCognitoError(
                plainError(e.name, e.message, e.$metadata.httpStatusCode),
                TARGET,
                "reset",
                c.userStatus,
            );
            assert.ok(mapped instanceof c.cls, `got ${mapped.constructor.name}`);
            assert.equal(mapped.code, c.code);
            assert.equal(mapped.errorCode, c.errorCode);
        });
    }

    it("GIVEN a refused connection as a plain object with only a code WHEN mapped THEN it is unreachable and says so for the region", () => {
        const mapped = mapCognitoError({ code: "ECONNREFUSED", message: "connect ECONNREFUSED 127.0.0.1:1" }, TARGET);
        assert.ok(mapped instanceof EndpointUnreachableError);
        assert.equal(mapped.code, "ECONNREFUSED");
        assert.equal(mapped.errorCode, "ENDPOINT_UNREACHABLE");
        assert.match(mapped.message, /\(region eu-west-1\)/);
    });

    it("GIVEN the daily email quota WHEN mapped THEN the message names SES and the DEVELOPER sending account, and Cognito's own words", () => {
        const mapped = mapCognitoError(sdkError("LimitExceededException", EMAIL_LIMIT, 400), TARGET);
        assert.match(mapped.message, /Amazon SES/);
        assert.match(mapped.message, /EmailSendingAccount DEVELOPER/);
        assert.match(
            mapped.message,
            /Cognito answered LimitExceededException \(HTTP 400\): Exceeded daily email limit/,
        );
    });
});

describe("ERROR_CODES: the table behind the README", () => {
    /** The README's Error codes table: code, category, Cognito errors, meaning, action. */
    const readmeRows = fs
        .readFileSync(path.join(__dirname, "..", "..", "..", "README.md"), "utf8")
        .split("\n")
        .filter((l) => /^\| `[A-Z_]+` \|/.test(l))
        .map((l) =>
            l
                .slice(1, -1)
                .split(" | ")
                .map((c) => c.trim()),
        )
        .map(([code, category, cognitoErrors, meaning, action]) => ({
            code: code.replace(/`/g, ""),
            category,
            cognitoErrors,
            meaning,
            action,
        }));

    it("GIVEN the README's Error codes table WHEN ERROR_CODES is read THEN it has exactly its codes, each with its row's words, in UPPER_SNAKE", () => {
        assert.ok(readmeRows.length >= 18, `${readmeRows.length} rows read from the README`);
        assert.deepEqual(Object.keys(ERROR_CODES).sort(), readmeRows.map((r) => r.code).sort());
        for (const { code, ...row } of readmeRows) {
            const { category, cognitoErrors, meaning, action } = ERROR_CODES[code as ResetErrorCode];
            assert.deepEqual({ category, cognitoErrors, meaning, action }, row, code);
        }
        for (const k of Object.keys(ERROR_CODES)) assert.match(k, /^[A-Z]+(_[A-Z]+)*$/);
    });

    it("GIVEN every code WHEN its entry is read THEN meaning and action are one non-empty line each", () => {
        for (const [k, v] of Object.entries(ERROR_CODES)) {
            for (const field of [v.meaning, v.action, v.cognitoErrors]) {
                assert.ok(field.trim().length > 0 && !field.includes("\n"), `${k}: ${field}`);
                assert.ok(!field.includes("|"), `${k}: a '|' would break the README table`);
            }
        }
    });

    // [code, an answer of that code as the SDK throws it, the errorType the SDK's retry middleware gives it]
    const answers: [ResetErrorCode, unknown, "THROTTLING" | "TRANSIENT" | "CLIENT_ERROR"][] = [
        ["USER_NOT_FOUND", sdkError("UserNotFoundException", "User does not exist.", 400), "CLIENT_ERROR"],
        ["USER_DISABLED", sdkError("NotAuthorizedException", "User is disabled.", 400), "CLIENT_ERROR"],
        ["POOL_NOT_FOUND", sdkError("ResourceNotFoundException", "User pool x does not exist.", 400), "CLIENT_ERROR"],
        ["ACCESS_DENIED", sdkError("AccessDeniedException", "not authorized", 400), "CLIENT_ERROR"],
        ["EMAIL_QUOTA", sdkError("LimitExceededException", EMAIL_LIMIT, 400), "THROTTLING"],
        ["THROTTLED", sdkError("TooManyRequestsException", "Too many requests", 400), "THROTTLING"],
        ["THROTTLED", sdkError("LimitExceededException", "Attempt limit exceeded", 400), "THROTTLING"],
        ["TRANSIENT", sdkError("InternalErrorException", "internal error", 500), "TRANSIENT"],
        ["TRANSIENT", Object.assign(new Error("socket hang up"), { code: "ECONNRESET" }), "TRANSIENT"],
        [
            "ENDPOINT_UNREACHABLE",
            Object.assign(new Error("connect ECONNREFUSED 127.0.0.1:9"), { code: "ECONNREFUSED" }),
            "TRANSIENT",
        ],
    ];
    for (const [code, error, errorType] of answers) {
        it(`GIVEN ${String((error as Error).message)} (${errorType}) WHEN the client's retry strategy is asked THEN it retries exactly when ERROR_CODES.${code} says retried`, async () => {
            assert.equal(mapCognitoError(error, TARGET).errorCode, code);
            const s = retryStrategy(15, () => 0);
            const retried = await s
                .refreshRetryTokenForRetry(await s.acquireInitialRetryToken(), { errorType, error } as RetryErrorInfo)
                .then(
                    () => true,
                    () => false,
                );
            assert.equal(retried, ERROR_CODES[code].retried);
        });
    }

    it("GIVEN a subclass built the old way (no stable code given) WHEN constructed THEN it gets its class's code and category", () => {
        const e = new UserDisabledError(TARGET, "NotAuthorizedException", "disabled");
        assert.equal(e.errorCode, "USER_DISABLED");
        assert.equal(e.category, "user");
        const q = new EmailQuotaError(TARGET, "LimitExceededException", "quota");
        assert.equal(q.category, "quota");
        const s = new UserStatusError(TARGET, "NotAuthorizedException", "state", "UNCONFIRMED");
        assert.equal(s.errorCode, "USER_STATUS");
        assert.equal(s.userStatus, "UNCONFIRMED");
    });
});

describe("mapCognitoError: what the messages say, and never say", () => {
    it("GIVEN a user status error WHEN mapped THEN the error carries the status, and the message states it", () => {
        const err = sdkError("NotAuthorizedException", "User password cannot be reset in the current state.", 400);
        const known = mapCognitoError(err, TARGET, "reset", "FORCE_CHANGE_PASSWORD") as UserStatusError;
        assert.equal(known.userStatus, "FORCE_CHANGE_PASSWORD");
        assert.match(known.message, /its status is FORCE_CHANGE_PASSWORD/);
        const unknown = mapCognitoError(err, TARGET, "reset") as UserStatusError;
        assert.equal(unknown.userStatus, undefined);
        assert.match(unknown.message, /its status does not allow a reset/);
        assert.doesNotMatch(unknown.message, /undefined/);
    });

    it("GIVEN an internal error WHEN mapped THEN the message keeps Cognito's words and the HTTP status", () => {
        const mapped = mapCognitoError(sdkError("InternalErrorException", "Internal server error", 500), TARGET);
        assert.match(mapped.message, /InternalErrorException \(HTTP 500\): Internal server error/);
    });

    it("GIVEN an unknown pool WHEN mapped with and without a region THEN the region is named only when known", () => {
        const err = sdkError("ResourceNotFoundException", "not found", 400);
        assert.match(mapCognitoError(err, TARGET).message, /\(region eu-west-1\)/);
        assert.doesNotMatch(mapCognitoError(err, { userPoolId: "local_A", username: "u" }).message, /\(region /);
    });

    it("GIVEN a failed AdminGetUser WHEN mapped as a read THEN the message says it could not read the user", () => {
        const mapped = mapCognitoError(sdkError("AccessDeniedException", "denied", 400), TARGET, "read");
        assert.ok(mapped instanceof AccessDeniedError);
        assert.match(mapped.message, /^Could not read user 'alice@example.com' in user pool 'eu-west-1_AbC123'/);
        assert.match(mapped.message, / \[ACCESS_DENIED\]$/);
    });

    it("GIVEN an error already mapped WHEN mapped again THEN it is returned unchanged (no double wrapping)", () => {
        const first = mapCognitoError(sdkError("UserNotFoundException", "User does not exist.", 400), TARGET);
        assert.equal(mapCognitoError(first, { userPoolId: "other_P", username: "bob" }), first);
        assert.equal(errorCodeOf(first), "USER_NOT_FOUND");
    });

    it("GIVEN something that is not an error at all WHEN mapped THEN it is TRANSIENT and still names the target", () => {
        for (const thrown of ["boom", undefined, null, 42, {}]) {
            const mapped = mapCognitoError(thrown, TARGET);
            assert.ok(mapped instanceof UnexpectedCognitoError, `for ${String(thrown)}`);
            assert.equal(mapped.errorCode, "TRANSIENT");
            assert.ok(mapped.message.includes(TARGET.userPoolId) && mapped.message.includes(TARGET.username));
            assert.match(mapped.message, / \[TRANSIENT\]$/);
            assert.doesNotMatch(mapped.message, /undefined|null|\[object Object\]/);
        }
    });

    it("GIVEN a very long trigger message WHEN mapped THEN it is shortened and the code still ends the message", () => {
        const mapped = mapCognitoError(
            sdkError("UserLambdaValidationException", `CustomMessage failed with error ${"x".repeat(5000)}`, 400),
            TARGET,
        );
        assert.ok(mapped.message.length < 1500, `length ${mapped.message.length}`);
        assert.match(mapped.message, /\.\.\..* \[LAMBDA_REJECTED\]$/);
    });

    it("GIVEN clientMetadata with secret values alongside the target WHEN any failure is mapped THEN no message contains them", () => {
        const secrets = { otp: "s3cr3t-0tp-9911", referrer: "hunter2-referrer" };
        // The target as a caller holding the full inputs might pass it (extra properties included).
        const inputsAsTarget = { ...TARGET, clientMetadata: secrets } as ResetTarget;
        for (const c of cases) {
            for (const op of ["reset", "read"] as const) {
                const mapped = mapCognitoError(c.err, inputsAsTarget, op, "UNCONFIRMED");
                for (const s of Object.values(secrets)) {
                    assert.ok(!mapped.message.includes(s), `${mapped.code} (${op}) leaks clientMetadata`);
                    assert.ok(
                        !JSON.stringify(mapped).includes(s),
                        `${mapped.code} (${op}) carries clientMetadata in its fields`,
                    );
                }
            }
        }
    });

    it("GIVEN a credentials error WHEN mapped THEN the message carries no secret key or session token from the environment", () => {
        const secret = process.env.AWS_SECRET_ACCESS_KEY;
        const mapped = mapCognitoError(
            sdkError("ExpiredTokenException", "The security token included in the request is expired", 400),
            TARGET,
        );
        assert.ok(mapped instanceof CredentialsError);
        if (secret) assert.ok(!mapped.message.includes(secret));
    });
});

describe("redaction: a trigger that echoes ClientMetadata never puts a value in a message", () => {
    const otp = 'otp "7Q/x" ünï\\9';
    const metadata = { otp, campaign: "spring-2026-reset", tiny: "ab" };
    const values = Object.values(metadata);

    // [how the trigger wrote the value, the text as it reached us]
    const echoes: [string, string][] = [
        ["verbatim", `CustomMessage failed with error bad otp ${otp} for campaign spring-2026-reset.`],
        ["JSON-escaped", `CustomMessage failed with error ${JSON.stringify({ clientMetadata: metadata })}`],
        ["JSON-escaped twice", `CustomMessage failed with error ${JSON.stringify(JSON.stringify(metadata))}`],
        ["ASCII-only JSON", `CustomMessage failed with error {"otp": "otp \\"7Q\\/x\\" \\u00fcn\\u00ef\\\\9"}`],
        ["URL-encoded", `CustomMessage failed with error otp=${encodeURIComponent(otp)}`],
    ];
    for (const [how, text] of echoes) {
        it(`GIVEN a UserLambdaValidationException echoing clientMetadata ${how} WHEN mapped with the values as secrets THEN no form of a value remains`, () => {
            const mapped = mapCognitoError(
                sdkError("UserLambdaValidationException", text, 400),
                TARGET,
                "reset",
                undefined,
                values,
            );
            assert.equal(mapped.errorCode, "LAMBDA_REJECTED");
            assert.match(mapped.message, /\[secret\]/);
            assert.match(mapped.message, /CustomMessage failed with error/, "the trigger's own words stay");
            for (const form of [
                otp,
                JSON.stringify(otp).slice(1, -1),
                "7Q/x",
                "7Q\\/x",
                "spring-2026-reset",
                encodeURIComponent(otp),
            ]) {
                assert.ok(!mapped.message.includes(form), `'${form}' left in: ${mapped.message}`);
            }
            assert.ok(!JSON.stringify(mapped).includes("spring-2026-reset"));
        });
    }

    it("GIVEN a value that contains another WHEN redacted THEN the longer one is replaced whole", () => {
        assert.equal(redact("token abcd-efgh and abcd", ["abcd", "abcd-efgh"]), "token [secret] and [secret]");
    });

    it(`GIVEN values shorter than ${MIN_SECRET_LENGTH} characters WHEN redacted THEN they are left alone (they would garble every message)`, () => {
        assert.equal(redact("user 'ab' in pool 'x'", ["ab", "x", ""]), "user 'ab' in pool 'x'");
        assert.equal(redact("a 1234 b", ["1234"]), "a [secret] b");
    });

    it("GIVEN no secrets WHEN redacted THEN the text is unchanged", () => {
        assert.equal(
            redact("CustomMessage failed with error Invalid request.", []),
            "CustomMessage failed with error Invalid request.",
        );
    });

    it("GIVEN secrets WHEN an error of the pool's configuration is mapped THEN our own advice is not redacted", () => {
        // A value that happens to be a word of our advice must not garble it: only the external text is scrubbed.
        const mapped = mapCognitoError(
            sdkError("InvalidSmsRoleAccessPolicyException", "Role cannot publish Publish", 400),
            TARGET,
            "reset",
            undefined,
            ["Publish"],
        );
        assert.match(mapped.message, /sns:Publish/);
        assert.match(mapped.message, /Role cannot publish \[secret\]/);
    });
});

describe("adviceForStatus", () => {
    // [status, a word the advice must contain]
    const table: [string | undefined, RegExp][] = [
        ["FORCE_CHANGE_PASSWORD", /MessageAction=RESEND/],
        ["UNCONFIRMED", /ResendConfirmationCode/],
        ["EXTERNAL_PROVIDER", /external identity provider/],
        ["ARCHIVED", /AdminGetUser/],
        [undefined, /only CONFIRMED users/],
    ];
    for (const [status, words] of table) {
        it(`GIVEN status ${status ?? "unknown"} WHEN advice is asked THEN it says ${words.source}`, () => {
            assert.match(adviceForStatus(status), words);
        });
    }
});
