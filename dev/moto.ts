/**
 * moto in server mode: the local Cognito the provider and engine tests (and the
 * demo) talk to. Started on a free loopback port, stopped when done.
 */
import { ChildProcess, spawn } from "node:child_process";
import * as net from "node:net";

export interface Moto {
    /** http://127.0.0.1:PORT */
    endpoint: string;
    /** The moto_server process id. */
    pid: number;
    /** Clears every pool and user. */
    reset(): Promise<void>;
    stop(): Promise<void>;
}

/** A free TCP port on loopback, as the kernel hands them out. */
export function freePort(): Promise<number> {
    return new Promise((resolve, reject) => {
        const srv = net.createServer();
        srv.once("error", reject);
        srv.listen(0, "127.0.0.1", () => {
            const { port } = srv.address() as net.AddressInfo;
            srv.close(() => resolve(port));
        });
    });
}

async function waitReady(endpoint: string, child: ChildProcess, log: () => string): Promise<void> {
    const deadline = Date.now() + 60_000;
    while (Date.now() < deadline) {
        if (child.exitCode !== null) throw new Error(`moto_server exited with code ${child.exitCode}:\n${log()}`);
        try {
            const res = await fetch(`${endpoint}/moto-api/data.json`);
            if (res.ok) return;
        } catch {
            // not listening yet
        }
        await new Promise((r) => setTimeout(r, 200));
    }
    throw new Error(`moto_server did not start within 60 s:\n${log()}`);
}

/** Starts `moto_server` (from PATH) on a free loopback port. */
export async function startMoto(): Promise<Moto> {
    const port = await freePort();
    const child = spawn("moto_server", ["-H", "127.0.0.1", "-p", String(port)], {
        stdio: ["ignore", "pipe", "pipe"],
        env: { ...process.env, MOTO_CALL_RESET_API: "true" },
    });
    let output = "";
    const keep = (b: Buffer) => {
        output = (output + b.toString()).slice(-4000);
    };
    child.stdout?.on("data", keep);
    child.stderr?.on("data", keep);
    const endpoint = `http://127.0.0.1:${port}`;
    try {
        await waitReady(endpoint, child, () => output);
    } catch (err) {
        child.kill("SIGKILL");
        throw err;
    }
    return {
        endpoint,
        pid: child.pid ?? -1,
        async reset() {
            await fetch(`${endpoint}/moto-api/reset`, { method: "POST" });
        },
        stop() {
            return new Promise((resolve) => {
                if (child.exitCode !== null) return resolve();
                child.once("exit", () => resolve());
                child.kill("SIGTERM");
                setTimeout(() => child.kill("SIGKILL"), 3000).unref();
            });
        },
    };
}
