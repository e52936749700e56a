/**
 * A load endpoint for pools beyond what moto holds at speed (a million
 * users): it answers, as Cognito does, the few operations a night of a
 * `select: { all: true }` pool makes, for users it generates, and counts
 * every call. For benchmarks only; behaviour tests run against moto, and
 * tests/dev/load-endpoint.test.ts shows that its answers match moto's on a
 * small pool.
 *
 * | operation              | answer                                                                  |
 * |------------------------|-------------------------------------------------------------------------|
 * | ListUsers              | pages of at most 60 (`Limit`), `PaginationToken`; no filter, `sub ^=`,  |
 * |                        | `sub =`, `username =` or `username ^=`                                  |
 * | DescribeUserPool       | `EstimatedNumberOfUsers`, the email sender                              |
 * | AdminResetUserPassword | `{}` for a known user, UserNotFoundException otherwise                  |
 * | anything else          | 400 InvalidParameterException naming the operation                      |
 *
 * Generated users are spread evenly over the subs: user i of n has a sub
 * whose first 8 hex digits are floor(i * 2^32 / n), so they are sorted by sub
 * and a `sub ^=` slice is a range of indexes; each is CONFIRMED, enabled, with
 * a verified email, created on 2020-01-01.
 */
import * as http from "node:http";
import { createHash } from "node:crypto";
import { listenOnLoopback } from "./loopback";

/** One user as the endpoint answers it. */
export interface LoadUser {
    username: string;
    sub: string;
    status?: string;
    enabled?: boolean;
    emailVerified?: boolean;
    /** UserCreateDate, in seconds since the epoch. */
    createdAt?: number;
}

/** The users of the endpoint's one pool: a count and the user at each index, sorted by sub. */
export interface LoadUsers {
    count: number;
    at(i: number): LoadUser;
    /** The index of a username, if the pool has it. */
    indexOf(username: string): number | undefined;
}

/** `n` generated users, evenly spread over the subs. */
export function generatedUsers(n: number): LoadUsers {
    return {
        count: n,
        at(i) {
            const head = Math.floor((i * 2 ** 32) / n)
                .toString(16)
                .padStart(8, "0");
            const tail = createHash("sha256").update(String(i)).digest("hex");
            const sub = `${head}-${tail.slice(0, 4)}-4${tail.slice(4, 7)}-8${tail.slice(7, 10)}-${tail.slice(10, 22)}`;
            return { username: `user${String(i).padStart(7, "0")}`, sub };
        },
        indexOf(username) {
            const m = /^user(\d{7})$/.exec(username);
            return m && Number(m[1]) < n ? Number(m[1]) : undefined;
        },
    };
}

/** The given users (say, a listing of a moto pool), sorted by sub. */
export function listedUsers(users: LoadUser[]): LoadUsers {
    const sorted = [...users].sort((a, b) => (a.sub < b.sub ? -1 : a.sub > b.sub ? 1 : 0));
    const index = new Map(sorted.map((u, i) => [u.username, i]));
    return { count: sorted.length, at: (i) => sorted[i], indexOf: (u) => index.get(u) };
}

/** A running load endpoint. */
export interface LoadEndpoint {
    endpoint: string;
    /** Calls answered, by operation. */
    readonly calls: Record<string, number>;
    /** The users reset, in the order their resets were answered. */
    readonly resets: string[];
    /** When each of `resets` was answered (performance.now() ms). */
    readonly resetTimes: number[];
    close(): Promise<void>;
}

const CREATED = Date.parse("2020-01-01T00:00:00Z") / 1000;
const PAGE = 60;

/** The first index whose sub is not below `sub` (binary search over the sorted users). */
function firstAtOrAfter(users: LoadUsers, key: (u: LoadUser) => string, value: string): number {
    let lo = 0;
    let hi = users.count;
    while (lo < hi) {
        const mid = (lo + hi) >> 1;
        if (key(users.at(mid)) < value) lo = mid + 1;
        else hi = mid;
    }
    return lo;
}

/** The indexes a filter selects, in the order of subs: a range `[from, to)`, or a list. */
type Selected = { from: number; to: number } | number[];

/** What a ListUsers filter selects, or why the endpoint cannot answer it. */
function selected(users: LoadUsers, filter: string | undefined): Selected | string {
    if (filter === undefined || filter === "") return { from: 0, to: users.count };
    const m = /^\s*(sub|username)\s*(\^=|=)\s*"((?:[^"\\]|\\.)*)"\s*$/.exec(filter);
    if (!m) return `the load endpoint answers filters on sub and username only, got: ${filter}`;
    const value = m[3].replace(/\\(.)/g, "$1");
    if (m[1] === "sub") {
        const from = firstAtOrAfter(users, (u) => u.sub, value);
        if (m[2] === "=") return { from, to: from < users.count && users.at(from).sub === value ? from + 1 : from };
        return { from, to: firstAtOrAfter(users, (u) => u.sub, value + "\uffff") };
    }
    if (m[2] === "=") {
        const i = users.indexOf(value);
        return i === undefined ? [] : [i];
    }
    const out: number[] = [];
    for (let i = 0; i < users.count; i++) if (users.at(i).username.startsWith(value)) out.push(i);
    return out;
}

/** How many indexes a selection holds, and the k-th. */
const sizeOf = (s: Selected) => (Array.isArray(s) ? s.length : s.to - s.from);
const nth = (s: Selected, k: number) => (Array.isArray(s) ? s[k] : s.from + k);

function userType(u: LoadUser) {
    return {
        Username: u.username,
        Attributes: [
            { Name: "sub", Value: u.sub },
            { Name: "email", Value: `${u.username}@example.com` },
            { Name: "email_verified", Value: String(u.emailVerified ?? true) },
        ],
        UserCreateDate: u.createdAt ?? CREATED,
        UserLastModifiedDate: u.createdAt ?? CREATED,
        Enabled: u.enabled ?? true,
        UserStatus: u.status ?? "CONFIRMED",
    };
}

type Answer = { status: number; body: Record<string, unknown> };
const error = (type: string, message: string): Answer => ({ status: 400, body: { __type: type, message } });

function listUsers(users: LoadUsers, body: Record<string, unknown>): Answer {
    const range = selected(users, body.Filter as string | undefined);
    if (typeof range === "string") return error("InvalidParameterException", range);
    const limit = Math.min(PAGE, Number(body.Limit ?? PAGE) || PAGE);
    const start = body.PaginationToken === undefined ? 0 : Number(body.PaginationToken);
    const end = Math.min(sizeOf(range), start + limit);
    const page = Array.from({ length: Math.max(0, end - start) }, (_, k) => userType(users.at(nth(range, start + k))));
    const out: Record<string, unknown> = { Users: page };
    if (end < sizeOf(range)) out.PaginationToken = String(end);
    return { status: 200, body: out };
}

function answerOf(users: LoadUsers, poolId: string, operation: string, body: Record<string, unknown>): Answer {
    if (body.UserPoolId !== poolId)
        return error("ResourceNotFoundException", `User pool ${String(body.UserPoolId)} does not exist.`);
    switch (operation) {
        case "ListUsers":
            return listUsers(users, body);
        case "DescribeUserPool":
            return {
                status: 200,
                body: {
                    UserPool: {
                        Id: poolId,
                        EstimatedNumberOfUsers: users.count,
                        EmailConfiguration: { EmailSendingAccount: "DEVELOPER" },
                    },
                },
            };
        case "AdminResetUserPassword": {
            return users.indexOf(String(body.Username)) !== undefined
                ? { status: 200, body: {} }
                : error("UserNotFoundException", "User does not exist.");
        }
    }
    return error("InvalidParameterException", `the load endpoint does not answer ${operation}`);
}

/** Starts the endpoint on a free loopback port, for one pool id. */
export async function startLoadEndpoint(poolId: string, users: LoadUsers): Promise<LoadEndpoint> {
    const calls: Record<string, number> = {};
    const resets: string[] = [];
    const resetTimes: number[] = [];
    const server = http.createServer((req, res) => {
        const chunks: Buffer[] = [];
        req.on("data", (c: Buffer) => chunks.push(c));
        req.on("end", () => {
            const operation =
                String(req.headers["x-amz-target"] ?? "")
                    .split(".")
                    .pop() ?? "";
            calls[operation] = (calls[operation] ?? 0) + 1;
            let body: Record<string, unknown> = {};
            try {
                body = JSON.parse(Buffer.concat(chunks).toString() || "{}");
            } catch {
                // An unreadable body is answered as an empty one.
            }
            const a = answerOf(users, poolId, operation, body);
            if (operation === "AdminResetUserPassword" && a.status === 200) {
                resets.push(String(body.Username));
                resetTimes.push(performance.now());
            }
            const headers: Record<string, string> = { "content-type": "application/x-amz-json-1.1" };
            if (a.status !== 200) headers["x-amzn-errortype"] = String(a.body.__type);
            res.writeHead(a.status, headers);
            res.end(JSON.stringify(a.body));
        });
    });
    const listening = await listenOnLoopback(server);
    return { endpoint: listening.endpoint, calls, resets, resetTimes, close: listening.close };
}
