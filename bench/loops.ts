/**
 * The ways that reset a pool without Pulumi: (a) the raw AWS SDK loop, the
 * limit every other way is measured against, and the lower bound of (d), the
 * AWS CLI run once per user (installed on first use).
 */
import { execFileSync, spawn } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import {
    AdminResetUserPasswordCommand,
    CognitoIdentityProviderClient,
} from "@aws-sdk/client-cognito-identity-provider";
import { REGION } from "../dev/seed";
import { LOCAL_CREDENTIALS } from "../dev/credentials";
import type { Moto } from "../dev/moto";
import type { Proxy } from "../dev/proxy";
import { startMemorySampler } from "./memory";
import { RESET, Row } from "./row";
import { forEachConcurrently } from "../provider/core/concurrently";

/** Resets the raw SDK loop keeps in flight. */
export const CONCURRENCY = 64;

/** Resets every user of `names` with `reset`, `inFlight` at once, timed as a row of `way`. */
async function timedLoop(
    way: "a" | "d0",
    names: string[],
    inFlight: number,
    reset: (username: string) => Promise<unknown>,
    peakRssMiB: () => number,
): Promise<Row> {
    const t0 = performance.now();
    await forEachConcurrently(names, inFlight, reset);
    const seconds = (performance.now() - t0) / 1000;
    return {
        way,
        n: names.length,
        upSeconds: seconds,
        resetsPerSecond: names.length / seconds,
        peakRssMiB: peakRssMiB(),
    };
}

/** (a) The raw SDK loop: CONCURRENCY resets in flight, no rate limit. */
export function rawLoop(proxy: Proxy, pool: string, names: string[]): Promise<Row> {
    const client = new CognitoIdentityProviderClient({ region: REGION, endpoint: proxy.endpoint });
    return timedLoop(
        "a",
        names,
        CONCURRENCY,
        (username) => client.send(new AdminResetUserPasswordCommand({ UserPoolId: pool, Username: username })),
        startMemorySampler(new Set(), true),
    );
}

/** The AWS CLI that (d) would run, in a venv of its own in the toolchain's cache (installed on first use). */
export const AWS_CLI_VERSION = "1.46.2";
export function ensureAwsCli(): string {
    const cache =
        process.env.PCPR_CACHE_DIR ??
        path.join(process.env.XDG_CACHE_HOME ?? path.join(os.homedir(), ".cache"), "pulumi-cognito-password-reset");
    const venv = path.join(cache, `awscli-${AWS_CLI_VERSION}`);
    const aws = path.join(venv, "bin", "aws");
    if (!fs.existsSync(aws)) {
        console.log(`installing awscli ${AWS_CLI_VERSION} from PyPI into ${venv}`);
        fs.rmSync(venv, { recursive: true, force: true });
        execFileSync("python3", ["-m", "venv", venv], { stdio: "inherit" });
        execFileSync(
            path.join(venv, "bin", "pip"),
            ["install", "--quiet", "--disable-pip-version-check", `awscli==${AWS_CLI_VERSION}`],
            { stdio: "inherit" },
        );
    }
    return aws;
}

/**
 * A lower bound of (d): what @pulumi/command's local.Command would run, one
 * `aws cognito-idp admin-reset-user-password` per user, as many at once as the
 * engine's default parallelism, without Pulumi, its provider, its shell or its
 * state. (d) itself can only be slower.
 */
export async function awsCliLoop(aws: string, moto: Moto, proxy: Proxy, pool: string, names: string[]): Promise<Row> {
    const parallel = 4 * os.cpus().length;
    const env = { ...process.env, ...LOCAL_CREDENTIALS, AWS_DEFAULT_REGION: REGION };
    const run = (username: string) =>
        new Promise<void>((resolve, reject) => {
            const args = ["cognito-idp", "admin-reset-user-password", "--user-pool-id", pool, "--username", username];
            const child = spawn(aws, [...args, "--endpoint-url", proxy.endpoint], {
                env,
                stdio: ["ignore", "ignore", "pipe"],
            });
            let err = "";
            child.stderr.on("data", (b: Buffer) => (err += b.toString()));
            child.on("error", reject);
            child.on("exit", (code) => (code === 0 ? resolve() : reject(new Error(`aws exited ${code}: ${err}`))));
        });
    const before = proxy.succeeded(RESET).length;
    const row = await timedLoop("d0", names, parallel, run, startMemorySampler(new Set([moto.pid])));
    const resets = proxy.succeeded(RESET).length - before;
    if (resets !== names.length) throw new Error(`(d) made ${resets} resets for ${names.length} users`);
    return row;
}
