/**
 * A small HTTP proxy in front of moto, for tests and benchmarks: it records
 * every Cognito call that reaches it (operation and JSON body: moto drops
 * ClientMetadata, so this is where we see it on the wire; an STS call's
 * operation and form fields too), and plays what
 * production Cognito answers and moto does not (`quotas.ts`): any of the 13
 * documented errors of AdminResetUserPassword per request, the request-rate
 * quota, the default sender's daily email quota, a Lambda trigger that echoes
 * ClientMetadata, and stalled, dropped or slow connections.
 *
 * Each request goes through, in order: latency; the fault plan; the rate
 * quota (for its operations); for AdminResetUserPassword the daily email quota
 * and the trigger; then moto.
 */
import * as http from "node:http";
import { listenOnLoopback } from "./loopback";
import {
    CognitoErrorName,
    cognitoError,
    EmailQuota,
    ErrorAnswer,
    RateQuota,
    RateQuotaBuckets,
    triggerEcho,
} from "./quotas";

export type { RateQuota } from "./quotas";

const RESET = "AdminResetUserPassword";

/**
 * A fault the plan can inject: "throttle" (TooManyRequestsException), "limit"
 * (LimitExceededException "Attempt limit exceeded"), "server-error" (500),
 * "drop" (the connection is closed unanswered), "stall" (the request is read
 * and never answered, until the proxy closes), or one of Cognito's documented
 * errors by name, answered as Cognito does.
 */
export type Fault = "throttle" | "limit" | "server-error" | "drop" | "stall" | CognitoErrorName;

/**
 * What the proxy did with a request: forwarded it to moto, injected a fault,
 * or answered for a quota ("rate-quota": TooManyRequestsException; "email-quota":
 * the daily email LimitExceededException) or for the trigger ("trigger").
 */
export type Outcome = "forwarded" | Fault | "rate-quota" | "email-quota" | "trigger";

/** One request as it reached the endpoint. */
export interface RecordedCall {
    /** The operation, e.g. "AdminResetUserPassword". */
    operation: string;
    body: Record<string, unknown>;
    /** What the proxy did with it. */
    outcome: Outcome;
    /** The HTTP status moto answered, when forwarded. */
    status?: number;
    /** The region the request was signed for (from its SigV4 Authorization header). */
    region?: string;
    /** The access key id that signed it (the account, for the quotas). */
    accessKeyId?: string;
    /** When the request arrived (ms, monotonic). */
    at: number;
    /** When its answer was sent (ms, monotonic); unset while in flight, and for dropped or stalled requests. */
    doneAt?: number;
}

/** Decides, per request, whether to inject a fault (undefined: go on). */
export type FaultPlan = (operation: string, body: Record<string, unknown>) => Fault | undefined;

export interface Proxy {
    endpoint: string;
    calls: RecordedCall[];
    /** The recorded calls of one operation. */
    callsOf(operation: string): RecordedCall[];
    /** Forwarded calls of one operation that moto answered with 200. */
    succeeded(operation: string): RecordedCall[];
    setFaults(plan: FaultPlan | undefined): void;
    setLatency(ms: number): void;
    /** Turns the request-rate quota on (a new, full bucket) or off (undefined). */
    setRateQuota(quota: RateQuota | undefined): void;
    /** Requests the rate quota let through and throttled since it was set (in `region` of `account` alone, with a quota per region or account). */
    rateQuotaStats(region?: string, account?: string): { accepted: number; throttled: number };
    /** Turns the daily email quota on (emails per account and day, default 50) or off (false). */
    setEmailQuota(perDay?: number | false): void;
    /** A new simulated day: every account's email quota is full again. */
    newDay(): void;
    /** Turns on or off a custom-message trigger that refuses resets with ClientMetadata, echoing it. */
    setEchoTrigger(on: boolean): void;
    /**
     * From now on, users that moto creates are dated `at` in listings
     * (their UserCreateDate), so that a test's simulated clock and moto's
     * creation times, which are the machine's, share one timeline.
     */
    createUsersAt(at: Date): void;
    /**
     * Holds every request of `operation` as it arrives (recorded, not yet
     * answered) until `ready` holds for the calls recorded so far; then lets
     * them all go on at once. A test uses it to start two runs' work at one
     * moment, instead of hoping that their processes start together.
     */
    holdUntil(operation: string, ready: (calls: RecordedCall[]) => boolean): void;
    close(): Promise<void>;
}

/** The answers of the three original fault names. */
const LEGACY: Record<"throttle" | "limit" | "server-error", ErrorAnswer> = {
    throttle: { status: 400, type: "TooManyRequestsException", message: "Too many requests" },
    limit: {
        status: 400,
        type: "LimitExceededException",
        message: "Attempt limit exceeded, please try after some time.",
    },
    "server-error": { status: 500, type: "InternalErrorException", message: "Internal error (injected)" },
};

function parseJson(raw: Buffer): Record<string, unknown> {
    try {
        return raw.length ? JSON.parse(raw.toString()) : {};
    } catch {
        return {};
    }
}

function answer(res: http.ServerResponse, a: ErrorAnswer): void {
    res.writeHead(a.status, { "content-type": "application/x-amz-json-1.1", "x-amzn-errortype": a.type });
    res.end(JSON.stringify({ __type: a.type, message: a.message }));
}

/** The operations whose answers list users, with their creation dates. */
const LISTINGS = ["ListUsers", "ListUsersInGroup"];

/** Since when (the machine's clock, ms) users are dated at a simulated time. */
type Timeline = { real: number; simulated: number }[];

/** Passes a listing on with each user's UserCreateDate moved onto the simulated timeline. */
function redate(up: http.IncomingMessage, res: http.ServerResponse, timeline: Timeline): void {
    const chunks: Buffer[] = [];
    up.on("data", (c: Buffer) => chunks.push(c));
    up.on("end", () => {
        const body = parseJson(Buffer.concat(chunks)) as { Users?: { UserCreateDate?: number }[] };
        for (const u of body.Users ?? []) {
            const real = (u.UserCreateDate ?? 0) * 1000;
            const entry = [...timeline].reverse().find((t) => t.real <= real);
            if (entry) u.UserCreateDate = entry.simulated / 1000;
        }
        const out = Buffer.from(JSON.stringify(body));
        res.writeHead(200, { ...up.headers, "content-length": String(out.length) });
        res.end(out);
    });
}

export async function startProxy(target: string): Promise<Proxy> {
    const upstream = new URL(target);
    const calls: RecordedCall[] = [];
    let faults: FaultPlan | undefined;
    let latency = 0;
    let rate: RateQuotaBuckets | undefined;
    let email: EmailQuota | undefined;
    let echoTrigger = false;
    const timeline: Timeline = [];
    let hold:
        | { operation: string; ready: (calls: RecordedCall[]) => boolean; open: Promise<void>; release: () => void }
        | undefined;

    /** Waits while a hold of this operation is not ready; the call that makes it ready releases every held one. */
    const held = async (operation: string): Promise<void> => {
        const h = hold;
        if (!h || h.operation !== operation) return;
        if (h.ready(calls)) {
            hold = undefined;
            h.release();
            return;
        }
        await h.open;
    };

    const server = http.createServer((req, res) => {
        const chunks: Buffer[] = [];
        req.on("data", (c: Buffer) => chunks.push(c));
        // A fault in the proxy itself (say a fault plan that throws) is answered as a
        // 500 naming it, so that a test fails on it instead of waiting for an answer.
        req.on("end", () => {
            handle().catch((err: Error) => {
                if (res.headersSent) return void res.destroy(err);
                answer(res, { status: 500, type: "ProxyError", message: `the test proxy failed: ${err.message}` });
            });
        });
        const handle = async () => {
            const raw = Buffer.concat(chunks);
            const target = String(req.headers["x-amz-target"] ?? "");
            // The query protocol (STS): a form body whose Action is the operation.
            const form = String(req.headers["content-type"] ?? "").startsWith("application/x-www-form-urlencoded")
                ? new URLSearchParams(raw.toString())
                : undefined;
            const operation = target.includes(".")
                ? target.slice(target.lastIndexOf(".") + 1)
                : form?.get("Action") || target || req.url || "";
            const body = form ? Object.fromEntries(form) : parseJson(raw);
            const auth = String(req.headers.authorization ?? "");
            const credential = /Credential=([^/]+)\/\d{8}\/([^/]+)\//.exec(auth);
            const call: RecordedCall = {
                operation,
                body,
                outcome: "forwarded",
                region: credential?.[2],
                accessKeyId: credential?.[1],
                at: performance.now(),
            };
            calls.push(call);
            res.on("finish", () => (call.doneAt = performance.now()));
            await held(operation);
            if (latency > 0) await new Promise((r) => setTimeout(r, latency));
            const fault = faults?.(operation, body);
            if (fault === "drop") {
                call.outcome = "drop";
                req.socket.destroy();
                return;
            }
            if (fault === "stall") {
                call.outcome = "stall"; // never answered: the socket is closed with the proxy
                return;
            }
            if (fault) {
                call.outcome = fault;
                answer(
                    res,
                    fault in LEGACY
                        ? LEGACY[fault as keyof typeof LEGACY]
                        : cognitoError(fault as CognitoErrorName, body),
                );
                return;
            }
            if (rate && !rate.take(operation, call.region, call.accessKeyId)) {
                call.outcome = "rate-quota";
                answer(res, cognitoError("TooManyRequestsException", body));
                return;
            }
            const account = call.accessKeyId ?? "";
            const quota = operation === RESET ? email : undefined;
            if (quota && !quota.take(account)) {
                call.outcome = "email-quota";
                answer(res, cognitoError("LimitExceededException", body));
                return;
            }
            if (operation === RESET && echoTrigger && body.ClientMetadata !== undefined) {
                quota?.giveBack(account);
                call.outcome = "trigger";
                answer(res, triggerEcho(body.ClientMetadata));
                return;
            }
            const fwd = http.request(
                {
                    host: upstream.hostname,
                    port: upstream.port,
                    method: req.method,
                    path: req.url,
                    headers: { ...req.headers, host: upstream.host },
                },
                (up) => {
                    call.status = up.statusCode;
                    if (up.statusCode !== 200) quota?.giveBack(account);
                    if (up.statusCode === 200 && timeline.length > 0 && LISTINGS.includes(operation))
                        return redate(up, res, timeline);
                    res.writeHead(up.statusCode ?? 502, up.headers);
                    up.pipe(res);
                },
            );
            fwd.on("error", (err) => {
                quota?.giveBack(account);
                res.writeHead(502);
                res.end(String(err));
            });
            fwd.end(raw);
        };
    });
    const listening = await listenOnLoopback(server);

    return {
        endpoint: listening.endpoint,
        calls,
        callsOf: (op) => calls.filter((c) => c.operation === op),
        succeeded: (op) => calls.filter((c) => c.operation === op && c.outcome === "forwarded" && c.status === 200),
        setFaults(plan) {
            faults = plan;
        },
        setLatency(ms) {
            latency = ms;
        },
        setRateQuota(quota) {
            rate = quota && new RateQuotaBuckets(quota);
        },
        rateQuotaStats: (region, account) => rate?.stats(region, account) ?? { accepted: 0, throttled: 0 },
        setEmailQuota(perDay) {
            email = perDay === false ? undefined : new EmailQuota(perDay);
        },
        newDay() {
            email?.newDay();
        },
        setEchoTrigger(on) {
            echoTrigger = on;
        },
        createUsersAt(at) {
            timeline.push({ real: Date.now(), simulated: at.getTime() });
        },
        holdUntil(operation, ready) {
            let release!: () => void;
            const open = new Promise<void>((r) => (release = r));
            hold = { operation, ready, open, release };
        },
        close: async () => {
            hold?.release();
            await listening.close();
        },
    };
}

/** Runs `fn` with a proxy in front of `target`, closed afterwards whatever happens. */
export async function withProxy<T>(target: string, fn: (proxy: Proxy) => Promise<T>): Promise<T> {
    const proxy = await startProxy(target);
    try {
        return await fn(proxy);
    } finally {
        await proxy.close();
    }
}
