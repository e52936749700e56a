/**
 * The ways that reset a pool through `pulumi up`: (b) this package's
 * UserPasswordResets, (c) the naive dynamic provider and the empty program,
 * each timed as a pipeline runs the CLI, then a no-op preview; and (b) at the
 * default rate limit, with the rate it reached at the endpoint.
 */
import * as path from "node:path";
import { REPO, withStack } from "../dev/stack";
import type { Moto } from "../dev/moto";
import { runPulumi } from "../dev/process";
import type { Proxy } from "../dev/proxy";
import { startMemorySampler } from "./memory";
import { RESET, Row } from "./row";

const PROGRAMS = {
    b: path.join(REPO, "tests", "engine", "pool-program"),
    c: path.join(REPO, "bench", "naive-program"),
    e: path.join(REPO, "bench", "empty-program"),
};

/** (b), (c) or the empty program through `pulumi up`, then a no-op preview. */
export async function throughPulumi(
    way: "b" | "c" | "e",
    moto: Moto,
    proxy: Proxy,
    pool: string,
    names: string[],
    env: Record<string, string>,
): Promise<Row> {
    return withStack({ program: PROGRAMS[way], env, skipDestroy: true }, async ({ stack, dir, env: cliEnv }) => {
        await stack.setAllConfig({
            userPoolId: { value: pool },
            usernames: { value: JSON.stringify(names) },
            endpoint: { value: proxy.endpoint },
        });
        // The CLI itself, as a pipeline runs it: the Automation API's up() would add its own
        // calls for the outputs and the history to the time.
        const cli = async (args: string[]) => {
            const { code, output } = await runPulumi([...args, "--non-interactive", "--stack", stack.name], {
                cwd: dir,
                env: cliEnv,
            });
            if (code !== 0) throw new Error(`(${way}) pulumi ${args.join(" ")} failed:\n${output}`);
        };
        const before = proxy.succeeded(RESET).length;
        const from = proxy.calls.length;
        const stop = startMemorySampler(new Set([moto.pid]));
        const t0 = performance.now();
        await cli(["up", "--yes", "--skip-preview"]);
        const upSeconds = (performance.now() - t0) / 1000;
        const peakRssMiB = stop();
        const resets = proxy.succeeded(RESET).length - before;
        const times = resetTimes(proxy, from);
        if (resets !== names.length) throw new Error(`(${way}) made ${resets} resets for ${names.length} users`);
        const t1 = performance.now();
        await cli(["preview", "--expect-no-changes"]);
        const previewSeconds = (performance.now() - t1) / 1000;
        const state = JSON.stringify((await stack.exportStack()).deployment);
        return {
            way,
            n: names.length,
            upSeconds,
            firstResetSeconds: times.length > 0 ? (times[0] - t0) / 1000 : undefined,
            resetWindowSeconds: times.length > 0 ? (times[times.length - 1] - times[0]) / 1000 : undefined,
            previewSeconds,
            resetsPerSecond: names.length / upSeconds,
            stateBytesPerUser: names.length > 0 ? Buffer.byteLength(state) / names.length : undefined,
            peakRssMiB,
        };
    });
}

/** When each reset request since call number `from` reached the endpoint, in order (performance.now() ms). */
function resetTimes(proxy: Proxy, from: number): number[] {
    return proxy.calls
        .slice(from)
        .filter((c) => c.operation === RESET)
        .map((c) => c.at)
        .sort((x, y) => x - y);
}

/** (b) at the default rate limit, as seen at the endpoint. */
export interface DefaultRate {
    /** Users reset. */
    n: number;
    /** The default limit, requests per second. */
    limit: number;
    /** Requests per second from the first reset to the last. */
    achieved: number;
    /** Most requests in any one-second window. */
    busiest: number;
    row: Row;
}

/** (b) at the default rate limit: achieved rate and the busiest one-second window, seen at the endpoint. */
export async function rateAtDefault(moto: Moto, proxy: Proxy, pool: string, names: string[]): Promise<DefaultRate> {
    const from = proxy.calls.length;
    const row: Row = { ...(await throughPulumi("b", moto, proxy, pool, names, {})), way: "b30" };
    const times = resetTimes(proxy, from);
    let busiest = 0;
    for (let i = 0, j = 0; i < times.length; i++) {
        while (times[i] - times[j] >= 1000) j++;
        busiest = Math.max(busiest, i - j + 1);
    }
    const achieved = (times.length - 1) / ((times[times.length - 1] - times[0]) / 1000);
    return { n: names.length, limit: 30, achieved, busiest, row };
}
