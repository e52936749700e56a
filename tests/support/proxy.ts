/**
 * A small HTTP proxy in front of moto, for tests and benchmarks: it records
 * every Cognito call that reaches it (operation and JSON body: moto drops
 * ClientMetadata, so this is where we see it on the wire), and can inject
 * faults (throttling, 5xx, dropped connections, latency) per request.
 */
import * as http from "node:http";
import * as net from "node:net";

/** One request as it reached the endpoint. */
export interface RecordedCall {
    /** The operation, e.g. "AdminResetUserPassword". */
    operation: string;
    body: Record<string, unknown>;
    /** What the proxy did with it. */
    outcome: "forwarded" | Fault;
    /** The HTTP status moto answered, when forwarded. */
    status?: number;
    /** The region the request was signed for (from its SigV4 Authorization header). */
    region?: string;
    /** When the request arrived (ms, monotonic). */
    at: number;
}

export type Fault = "throttle" | "limit" | "server-error" | "drop";

/** Decides, per request, whether to inject a fault (undefined: forward it). */
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
    close(): Promise<void>;
}

const FAULT_RESPONSES: Record<Exclude<Fault, "drop">, { status: number; type: string; message: string }> = {
    throttle: { status: 400, type: "TooManyRequestsException", message: "Too many requests" },
    limit: { status: 400, type: "LimitExceededException", message: "Attempt limit exceeded" },
    "server-error": { status: 500, type: "InternalErrorException", message: "Internal error (injected)" },
};

function parseJson(raw: Buffer): Record<string, unknown> {
    try {
        return raw.length ? JSON.parse(raw.toString()) : {};
    } catch {
        return {};
    }
}

export async function startProxy(target: string): Promise<Proxy> {
    const upstream = new URL(target);
    const calls: RecordedCall[] = [];
    let faults: FaultPlan | undefined;
    let latency = 0;
    const sockets = new Set<net.Socket>();

    const server = http.createServer((req, res) => {
        const chunks: Buffer[] = [];
        req.on("data", (c: Buffer) => chunks.push(c));
        req.on("end", () => void handle());
        const handle = async () => {
            const raw = Buffer.concat(chunks);
            const target = String(req.headers["x-amz-target"] ?? "");
            const operation = target.includes(".")
                ? target.slice(target.lastIndexOf(".") + 1)
                : target || req.url || "";
            const body = parseJson(raw);
            const auth = String(req.headers.authorization ?? "");
            const region = /Credential=[^/]+\/\d{8}\/([^/]+)\//.exec(auth)?.[1];
            const call: RecordedCall = { operation, body, outcome: "forwarded", region, at: performance.now() };
            calls.push(call);
            if (latency > 0) await new Promise((r) => setTimeout(r, latency));
            const fault = faults?.(operation, body);
            if (fault === "drop") {
                call.outcome = "drop";
                req.socket.destroy();
                return;
            }
            if (fault) {
                call.outcome = fault;
                const f = FAULT_RESPONSES[fault];
                res.writeHead(f.status, { "content-type": "application/x-amz-json-1.1", "x-amzn-errortype": f.type });
                res.end(JSON.stringify({ __type: f.type, message: f.message }));
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
                    res.writeHead(up.statusCode ?? 502, up.headers);
                    up.pipe(res);
                },
            );
            fwd.on("error", (err) => {
                res.writeHead(502);
                res.end(String(err));
            });
            fwd.end(raw);
        };
    });
    server.on("connection", (s) => {
        sockets.add(s);
        s.on("close", () => sockets.delete(s));
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    const { port } = server.address() as net.AddressInfo;

    return {
        endpoint: `http://127.0.0.1:${port}`,
        calls,
        callsOf: (op) => calls.filter((c) => c.operation === op),
        succeeded: (op) => calls.filter((c) => c.operation === op && c.outcome === "forwarded" && c.status === 200),
        setFaults(plan) {
            faults = plan;
        },
        setLatency(ms) {
            latency = ms;
        },
        close() {
            for (const s of sockets) s.destroy();
            return new Promise((resolve) => server.close(() => resolve()));
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
