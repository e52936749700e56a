/**
 * Unit tier: the Cognito client's configuration from the environment
 * (AWS_MAX_ATTEMPTS, the request timeout), and how the real AWS SDK client
 * behaves with it against tiny local HTTP servers on 127.0.0.1: one that
 * accepts a request and never answers (a stalled endpoint), and one that
 * answers with Cognito's JSON 1.1 errors. No moto: these servers stand for
 * the endpoint itself, so that the SDK's own retry middleware, timeouts and
 * error parsing run unchanged.
 */
import assert from "node:assert/strict";
import * as http from "node:http";
import type { AddressInfo } from "node:net";
import { awsCognito } from "../../../provider/host/cognito-client";
import {
    clientConfig,
    DEFAULT_CONNECTION_TIMEOUT_MS,
    DEFAULT_MAX_ATTEMPTS,
    DEFAULT_REQUEST_TIMEOUT_MS,
    environmentProblems,
    MAX_ATTEMPTS_ENV,
    TIMEOUT_ENV,
} from "../../../provider/host/client-config";
import { CognitoResetError } from "../../../provider/host/errors";
import { withEnv } from "../../support/env";

const INPUTS = { userPoolId: "eu-west-1_AbC123", username: "ann" };

/** A local endpoint that counts requests and handles each with `answer` (which may never answer). */
async function withEndpoint<T>(
    answer: (res: http.ServerResponse) => void,
    fn: (endpoint: string, requests: () => number) => Promise<T>,
): Promise<T> {
    let count = 0;
    const server = http.createServer((req, res) => {
        req.resume();
        req.on("end", () => {
            count++;
            answer(res);
        });
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    try {
        return await fn(`http://127.0.0.1:${(server.address() as AddressInfo).port}`, () => count);
    } finally {
        server.closeAllConnections();
        await new Promise<void>((resolve) => server.close(() => resolve()));
    }
}

/** Cognito's JSON 1.1 error answer. */
function cognitoError(status: number, type: string, message: string) {
    return (res: http.ServerResponse) => {
        res.writeHead(status, { "content-type": "application/x-amz-json-1.1", "x-amzn-errortype": type });
        res.end(JSON.stringify({ __type: type, message }));
    };
}

/** The error a reset through the real SDK client ends in. */
async function resetFails(endpoint: string): Promise<CognitoResetError> {
    try {
        await awsCognito.resetPassword({ ...INPUTS, endpoint });
    } catch (err) {
        assert.ok(err instanceof CognitoResetError, `not a CognitoResetError: ${String(err)}`);
        return err;
    }
    throw new Error("the reset succeeded");
}

describe("environmentProblems and clientConfig: AWS_MAX_ATTEMPTS and the request timeout", () => {
    // [variable, value, accepted?]
    const table: [string, string | undefined, boolean][] = [
        [MAX_ATTEMPTS_ENV, undefined, true],
        [MAX_ATTEMPTS_ENV, "", true],
        [MAX_ATTEMPTS_ENV, "1", true],
        [MAX_ATTEMPTS_ENV, "100", true],
        [MAX_ATTEMPTS_ENV, " 7 ", true],
        [MAX_ATTEMPTS_ENV, "0", false],
        [MAX_ATTEMPTS_ENV, "101", false],
        [MAX_ATTEMPTS_ENV, "-3", false],
        [MAX_ATTEMPTS_ENV, "2.5", false],
        [MAX_ATTEMPTS_ENV, "lots", false],
        [MAX_ATTEMPTS_ENV, "1e2", false],
        [TIMEOUT_ENV, undefined, true],
        [TIMEOUT_ENV, "100", true],
        [TIMEOUT_ENV, "600000", true],
        [TIMEOUT_ENV, "99", false],
        [TIMEOUT_ENV, "15s", false],
        [TIMEOUT_ENV, "600001", false],
    ];
    for (const [variable, value, ok] of table) {
        it(`GIVEN ${variable}=${JSON.stringify(value)} WHEN checked THEN it is ${ok ? "accepted" : "a problem naming the variable and the value, and clientConfig throws it"}`, () => {
            const env = value === undefined ? {} : { [variable]: value };
            const problems = environmentProblems(env);
            if (ok) {
                assert.deepEqual(problems, []);
                assert.doesNotThrow(() => clientConfig(INPUTS, env));
                return;
            }
            assert.equal(problems.length, 1);
            assert.equal(problems[0].variable, variable);
            assert.ok(
                problems[0].reason.includes(variable) && problems[0].reason.includes(`'${value}'`),
                problems[0].reason,
            );
            assert.match(problems[0].reason, /whole number/);
            assert.throws(
                () => clientConfig(INPUTS, env),
                (e: Error) => e.message === problems[0].reason,
            );
        });
    }

    it("GIVEN both variables invalid WHEN checked THEN both are reported", () => {
        const problems = environmentProblems({ [MAX_ATTEMPTS_ENV]: "x", [TIMEOUT_ENV]: "y" });
        assert.deepEqual(problems.map((p) => p.variable).sort(), [MAX_ATTEMPTS_ENV, TIMEOUT_ENV].sort());
    });

    it("GIVEN no settings WHEN configured THEN 15 attempts, a 3 s connection and a 15 s request timeout that throws", () => {
        const config = clientConfig(INPUTS, {});
        assert.equal(config.maxAttempts, DEFAULT_MAX_ATTEMPTS);
        assert.deepEqual(config.requestHandler, {
            connectionTimeout: DEFAULT_CONNECTION_TIMEOUT_MS,
            requestTimeout: DEFAULT_REQUEST_TIMEOUT_MS,
            throwOnRequestTimeout: true,
        });
        assert.equal(config.region, "eu-west-1");
    });

    it("GIVEN settings WHEN configured THEN they are used, and the connection timeout is never longer than the request timeout", () => {
        const config = clientConfig(INPUTS, { [MAX_ATTEMPTS_ENV]: "4", [TIMEOUT_ENV]: "250" });
        assert.equal(config.maxAttempts, 4);
        assert.deepEqual(config.requestHandler, {
            connectionTimeout: 250,
            requestTimeout: 250,
            throwOnRequestTimeout: true,
        });
    });
});

describe("the SDK client against a local endpoint: timeouts and retries end to end", () => {
    it("GIVEN an endpoint that accepts requests and never answers WHEN a reset is made THEN each attempt times out, is retried, and the call fails TRANSIENT instead of hanging", async function () {
        // A guard, not a measurement: without a request timeout the SDK waits 5 minutes per attempt.
        this.timeout(30_000);
        await withEndpoint(
            () => undefined,
            async (endpoint, requests) => {
                const err = await withEnv({ [MAX_ATTEMPTS_ENV]: "3", [TIMEOUT_ENV]: "300" }, () =>
                    resetFails(endpoint),
                );
                assert.equal(err.errorCode, "TRANSIENT", err.message);
                assert.equal(err.category, "transient");
                assert.equal(err.code, "ETIMEDOUT");
                assert.equal(requests(), 3, "every attempt reached the endpoint and was retried after its timeout");
                assert.match(err.message, /did not answer \(region eu-west-1\) after 3 attempts/);
                assert.ok(err.message.includes(TIMEOUT_ENV), err.message);
                assert.match(err.message, / \[TRANSIENT\]$/);
            },
        );
    });

    // [Cognito's answer, requests expected with AWS_MAX_ATTEMPTS=3, stable code]
    const answers: [string, (res: http.ServerResponse) => void, number, string][] = [
        [
            "the daily email quota (LimitExceededException, which the SDK calls throttling)",
            cognitoError(400, "LimitExceededException", "Exceeded daily email limit for the operation or the account."),
            1,
            "EMAIL_QUOTA",
        ],
        [
            "another LimitExceededException",
            cognitoError(400, "LimitExceededException", "Attempt limit exceeded, please try after some time."),
            3,
            "THROTTLED",
        ],
        [
            "TooManyRequestsException",
            cognitoError(400, "TooManyRequestsException", "Too many requests"),
            3,
            "THROTTLED",
        ],
        ["InternalErrorException", cognitoError(500, "InternalErrorException", "Internal error"), 3, "TRANSIENT"],
        [
            "InvalidSmsRoleTrustRelationshipException",
            cognitoError(400, "InvalidSmsRoleTrustRelationshipException", "Role cannot be assumed"),
            1,
            "SMS_ROLE_TRUST",
        ],
        ["UnexpectedLambdaException", cognitoError(400, "UnexpectedLambdaException", "TimeOut"), 1, "LAMBDA_FAILED"],
    ];
    for (const [name, answer, expected, code] of answers) {
        it(`GIVEN Cognito answers ${name} WHEN a reset is made THEN it is sent ${expected} time(s) and fails [${code}]`, async () => {
            await withEndpoint(answer, async (endpoint, requests) => {
                const err = await withEnv({ [MAX_ATTEMPTS_ENV]: "3" }, () => resetFails(endpoint));
                assert.equal(err.errorCode, code, err.message);
                assert.equal(requests(), expected);
            });
        });
    }
});
