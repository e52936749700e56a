/**
 * Unit tier: mapping what Cognito (through the AWS SDK v3) answered to the
 * package's typed errors. The SDK errors are built by hand, shaped as the SDK
 * shapes them: `name`, `message`, `$metadata.httpStatusCode`, and `code` for
 * Node's network errors. No AWS, no moto.
 */
import assert from "node:assert/strict";
import {
    AccessDeniedError,
    adviceForStatus,
    CognitoResetError,
    CredentialsError,
    EndpointUnreachableError,
    InvalidParameterError,
    mapCognitoError,
    NoVerifiedContactError,
    ResetTarget,
    ThrottledError,
    UnexpectedCognitoError,
    UserDisabledError,
    UserNotFoundError,
    UserPoolNotFoundError,
    UserStatusError,
} from "../../provider/errors";

const TARGET: ResetTarget = { userPoolId: "eu-west-1_AbC123", username: "alice@example.com", region: "eu-west-1" };

/** An AWS SDK v3 service exception, as an Error instance. */
function sdkError(name: string, message: string, httpStatusCode: number): Error {
    return Object.assign(new Error(message), {
        name,
        $fault: httpStatusCode >= 500 ? "server" : "client",
        $metadata: { httpStatusCode, requestId: "req-1", attempts: 1 },
    });
}
/** The same error as a plain object (what a structured clone or a JSON round trip leaves). */
function plainError(name: string, message: string, httpStatusCode: number): object {
    return { name, message, $metadata: { httpStatusCode } };
}

type ErrorClass = new (...args: never[]) => CognitoResetError;

describe("mapCognitoError: every failure gets its class, its code and a way out", () => {
    // One row per failure: the SDK error, the user's status when the caller
    // looked it up, the class and code expected, and the words of the next step.
    const cases: {
        name: string;
        err: unknown;
        userStatus?: string;
        cls: ErrorClass;
        code: string;
        nextStep: RegExp;
    }[] = [
        {
            name: "an unknown user",
            err: sdkError("UserNotFoundException", "User does not exist.", 400),
            cls: UserNotFoundError,
            code: "UserNotFoundException",
            nextStep: /Check the username|remove the resource/,
        },
        {
            name: "an unknown pool",
            err: sdkError("ResourceNotFoundException", "User pool eu-west-1_AbC123 does not exist.", 400),
            cls: UserPoolNotFoundError,
            code: "ResourceNotFoundException",
            nextStep: /Check userPoolId, the region/,
        },
        {
            name: "a disabled user",
            err: sdkError("NotAuthorizedException", "User is disabled.", 400),
            cls: UserDisabledError,
            code: "NotAuthorizedException",
            nextStep: /AdminEnableUser/,
        },
        {
            name: "an invited user (FORCE_CHANGE_PASSWORD)",
            err: sdkError("NotAuthorizedException", "User password cannot be reset in the current state.", 400),
            userStatus: "FORCE_CHANGE_PASSWORD",
            cls: UserStatusError,
            code: "NotAuthorizedException",
            nextStep: /AdminCreateUser with MessageAction=RESEND|AdminSetUserPassword/,
        },
        {
            name: "an unconfirmed user",
            err: sdkError("NotAuthorizedException", "User password cannot be reset in the current state.", 400),
            userStatus: "UNCONFIRMED",
            cls: UserStatusError,
            code: "NotAuthorizedException",
            nextStep: /AdminConfirmSignUp/,
        },
        {
            name: "a user in a state that could not be read",
            err: sdkError("NotAuthorizedException", "User password cannot be reset in the current state.", 400),
            cls: UserStatusError,
            code: "NotAuthorizedException",
            nextStep: /AdminGetUser/,
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
            nextStep: /email_verified/,
        },
        {
            name: "another invalid parameter",
            err: sdkError(
                "InvalidParameterException",
                "1 validation error detected: Value at 'userPoolId' failed",
                400,
            ),
            cls: InvalidParameterError,
            code: "InvalidParameterException",
            nextStep: /rejected a parameter/,
        },
        {
            name: "no credentials",
            err: Object.assign(new Error("Could not load credentials from any providers"), {
                name: "CredentialsProviderError",
            }),
            cls: CredentialsError,
            code: "CredentialsProviderError",
            nextStep: /AWS_PROFILE/,
        },
        {
            name: "unknown credentials",
            err: sdkError("UnrecognizedClientException", "The security token included in the request is invalid.", 400),
            cls: CredentialsError,
            code: "UnrecognizedClientException",
            nextStep: /Refresh or fix them/,
        },
        {
            name: "a call not allowed by IAM",
            err: sdkError("AccessDeniedException", "User: arn:aws:iam::123:user/ci is not authorized", 400),
            cls: AccessDeniedError,
            code: "AccessDeniedException",
            nextStep: /Allow cognito-idp:AdminResetUserPassword/,
        },
        {
            name: "another NotAuthorizedException",
            err: sdkError("NotAuthorizedException", "Access to this operation is not allowed.", 400),
            cls: AccessDeniedError,
            code: "NotAuthorizedException",
            nextStep: /cognito-idp:AdminResetUserPassword/,
        },
        {
            name: "throttling (TooManyRequests)",
            err: sdkError("TooManyRequestsException", "Too many requests", 429),
            cls: ThrottledError,
            code: "TooManyRequestsException",
            nextStep: /--parallel/,
        },
        {
            name: "throttling (LimitExceeded)",
            err: sdkError("LimitExceededException", "Limit exceeded", 400),
            cls: ThrottledError,
            code: "LimitExceededException",
            nextStep: /higher quota/,
        },
        {
            name: "a refused connection",
            err: Object.assign(new Error("connect ECONNREFUSED 127.0.0.1:1"), { code: "ECONNREFUSED", $metadata: {} }),
            cls: EndpointUnreachableError,
            code: "ECONNREFUSED",
            nextStep: /AWS_ENDPOINT_URL_COGNITO_IDENTITY_PROVIDER/,
        },
        {
            name: "an unknown DNS name",
            err: Object.assign(new Error("getaddrinfo ENOTFOUND cognito.invalid"), { code: "ENOTFOUND" }),
            cls: EndpointUnreachableError,
            code: "ENOTFOUND",
            nextStep: /Check the network/,
        },
        {
            name: "an SDK timeout",
            err: Object.assign(new Error("timed out"), { name: "TimeoutError" }),
            cls: EndpointUnreachableError,
            code: "TimeoutError",
            nextStep: /Check the network/,
        },
        {
            name: "an unknown 500",
            err: sdkError("InternalErrorException", "Internal server error", 500),
            cls: UnexpectedCognitoError,
            code: "InternalErrorException",
            nextStep: /Run again/,
        },
    ];

    for (const c of cases) {
        it(`GIVEN ${c.name} WHEN mapped THEN it is a ${c.cls.name} with code ${c.code}, naming pool, user and the next step`, () => {
            const mapped = mapCognitoError(c.err, TARGET, "reset", c.userStatus);
            assert.ok(mapped instanceof c.cls, `got ${mapped.constructor.name}: ${mapped.message}`);
            assert.ok(mapped instanceof CognitoResetError && mapped instanceof Error);
            assert.equal(mapped.name, c.cls.name);
            assert.equal(mapped.code, c.code);
            assert.equal(mapped.userPoolId, TARGET.userPoolId);
            assert.equal(mapped.username, TARGET.username);
            assert.ok(mapped.message.includes(`'${TARGET.userPoolId}'`), `pool id in: ${mapped.message}`);
            assert.ok(mapped.message.includes(`'${TARGET.username}'`), `username in: ${mapped.message}`);
            assert.match(mapped.message, /^Could not reset the password of /);
            assert.match(mapped.message, c.nextStep);
        });
    }

    // Cases whose SDK error can also arrive as a plain object: the class must not depend on `instanceof Error`.
    for (const c of cases.filter((x) => x.err instanceof Error && "$metadata" in x.err && x.code !== "ECONNREFUSED")) {
        it(`GIVEN ${c.name} as a plain object WHEN mapped THEN it is still a ${c.cls.name}`, () => {
            const e = c.err as Error & { $metadata: { httpStatusCode: number } };
            const mapped = mapCognitoError(
                plainError(e.name, e.message, e.$metadata.httpStatusCode),
                TARGET,
                "reset",
                c.userStatus,
            );
            assert.ok(mapped instanceof c.cls, `got ${mapped.constructor.name}`);
            assert.equal(mapped.code, c.code);
        });
    }

    it("GIVEN a refused connection as a plain object with only a code WHEN mapped THEN it is unreachable and says so for the region", () => {
        const mapped = mapCognitoError({ code: "ECONNREFUSED", message: "connect ECONNREFUSED 127.0.0.1:1" }, TARGET);
        assert.ok(mapped instanceof EndpointUnreachableError);
        assert.equal(mapped.code, "ECONNREFUSED");
        assert.match(mapped.message, /\(region eu-west-1\)/);
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

    it("GIVEN an unknown 500 WHEN mapped THEN the message keeps Cognito's words and the HTTP status", () => {
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
    });

    it("GIVEN an error already mapped WHEN mapped again THEN it is returned unchanged (no double wrapping)", () => {
        const first = mapCognitoError(sdkError("UserNotFoundException", "User does not exist.", 400), TARGET);
        assert.equal(mapCognitoError(first, { userPoolId: "other_P", username: "bob" }), first);
    });

    it("GIVEN something that is not an error at all WHEN mapped THEN it is an UnexpectedCognitoError that still names the target", () => {
        for (const thrown of ["boom", undefined, null, 42, {}]) {
            const mapped = mapCognitoError(thrown, TARGET);
            assert.ok(mapped instanceof UnexpectedCognitoError, `for ${String(thrown)}`);
            assert.ok(mapped.message.includes(TARGET.userPoolId) && mapped.message.includes(TARGET.username));
        }
    });

    it("GIVEN clientMetadata with secret values alongside the target WHEN any failure is mapped THEN no message contains them", () => {
        const secrets = { otp: "s3cr3t-0tp-9911", referrer: "hunter2-referrer" };
        // The target as a caller holding the full inputs might pass it (extra properties included).
        const inputsAsTarget = { ...TARGET, clientMetadata: secrets } as ResetTarget;
        const errs: unknown[] = [
            sdkError("UserNotFoundException", "User does not exist.", 400),
            sdkError("NotAuthorizedException", "User is disabled.", 400),
            sdkError("NotAuthorizedException", "User password cannot be reset in the current state.", 400),
            sdkError("InvalidParameterException", "no registered/verified email or phone_number", 400),
            sdkError("AccessDeniedException", "denied", 400),
            sdkError("ThrottlingException", "Rate exceeded", 400),
            sdkError("InternalErrorException", "oops", 500),
            Object.assign(new Error("connect ECONNREFUSED"), { code: "ECONNREFUSED" }),
        ];
        for (const err of errs) {
            for (const op of ["reset", "read"] as const) {
                const mapped = mapCognitoError(err, inputsAsTarget, op, "UNCONFIRMED");
                for (const s of Object.values(secrets)) {
                    assert.ok(
                        !mapped.message.includes(s),
                        `${mapped.code} (${op}) leaks clientMetadata: ${mapped.message}`,
                    );
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
