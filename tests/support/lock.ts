/**
 * A lock that test processes of one run share: a file locked with flock(1),
 * held by a child process for as long as the holder wants it. Shared holders
 * run together; an exclusive holder runs with no other. The child ends (and
 * the lock is released) when the holder releases it, or when the holder's
 * process ends and its pipe closes.
 */
import { spawn } from "node:child_process";

/** Waits until the lock at `file` is held in `mode`; returns its release, which resolves once the lock is free. */
export function holdLock(file: string, mode: "shared" | "exclusive"): Promise<() => Promise<void>> {
    const child = spawn(
        "flock",
        [mode === "shared" ? "-s" : "-x", file, "sh", "-c", "echo held; exec cat > /dev/null"],
        {
            stdio: ["pipe", "pipe", "pipe"],
        },
    );
    let stderr = "";
    child.stderr.on("data", (b: Buffer) => (stderr += b.toString()));
    const exited = new Promise<void>((resolve) => child.once("close", () => resolve()));
    return new Promise((resolve, reject) => {
        child.once("error", reject);
        child.once("exit", (code) =>
            reject(new Error(`flock on ${file} exited with ${code} before holding it: ${stderr}`)),
        );
        child.stdout.once("data", () =>
            resolve(async () => {
                child.stdin.end();
                await exited;
            }),
        );
    });
}
