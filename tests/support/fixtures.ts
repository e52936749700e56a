/**
 * The usual start of a test against Cognito: a new pool on the suite's moto,
 * and a recording proxy in front of moto that closes when the test is done.
 */
import { createPool } from "../../dev/seed";
import { moto } from "./hooks";
import { Proxy, withProxy } from "../../dev/proxy";

/** Runs `fn` with a new pool and a proxy in front of moto (closed afterwards, whatever happened). */
export function withPool<T>(fn: (t: { pool: string; proxy: Proxy }) => Promise<T>): Promise<T> {
    return withProxy(moto().endpoint, async (proxy) => fn({ pool: await createPool(moto().endpoint), proxy }));
}

/** Resets per user that moto accepted, from the proxy's records (the calls from `from` on). */
export function resetsByUser(proxy: Proxy, from = 0): Map<string, number> {
    const counts = new Map<string, number>();
    for (const c of proxy.calls.slice(from))
        if (c.operation === "AdminResetUserPassword" && c.outcome === "forwarded" && c.status === 200)
            counts.set(String(c.body.Username), (counts.get(String(c.body.Username)) ?? 0) + 1);
    return counts;
}
