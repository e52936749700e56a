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
