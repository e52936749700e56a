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

/** A role session that moto's STS issued: the temporary access key id and what it was issued for. */
export interface IssuedSession {
    accessKeyId: string;
    roleArn: string;
    /** The account moto files the key's requests under: the role ARN's. */
    accountId: string;
    sessionName: string;
    externalId: string | null;
}

/** Every role session moto's STS has issued since it started (moto's model data, `/moto-api/data.json`). */
export async function issuedSessions(endpoint = moto().endpoint): Promise<IssuedSession[]> {
    const res = await fetch(`${endpoint}/moto-api/data.json`);
    if (!res.ok) throw new Error(`moto's model data: HTTP ${res.status}`);
    const data = (await res.json()) as {
        sts?: {
            AssumedRole?: {
                access_key_id: string;
                role_arn: string;
                account_id: string;
                session_name: string;
                external_id: string | null;
            }[];
        };
    };
    return (data.sts?.AssumedRole ?? []).map((r) => ({
        accessKeyId: r.access_key_id,
        roleArn: r.role_arn,
        accountId: r.account_id,
        sessionName: r.session_name,
        externalId: r.external_id,
    }));
}
