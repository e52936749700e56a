// The nightly rotation as a job of your own scheduler (cron, a Kubernetes
// CronJob, a scheduled container task), through Pulumi's Automation API: a
// preview, then an up, of a stack whose program declares UserPasswordResets
// (examples/scheduled-rotation, say), with the engine's progress streamed,
// then a report read from the pool's `summary` output, and an exit code that
// a scheduler understands:
//
//   0  green: every due user was reset, skipped (a problem of its own, named
//      in the report) or deferred to the next run. Nothing to retry.
//   1  red: the run failed and a person is needed (the pool or the account is
//      misconfigured, the daily email quota was met, users failed after all
//      retries). The reason is printed; the next run finishes the job.
//   2  the job itself is misconfigured (its arguments).
//
// Usage: node -r ts-node/register nightly.ts <program folder> <stack> [summary output]
// The stack, its backend and its secrets provider are Pulumi's usual
// settings (PULUMI_BACKEND_URL, PULUMI_CONFIG_PASSPHRASE or a KMS key, AWS
// credentials from the default chain): the same as for `pulumi up`.
import { LocalWorkspace } from "@pulumi/pulumi/automation";
import type { PoolSummary } from "pulumi-cognito-password-reset";

/** One line per fact of the run, from the pool's summary. */
export function report(stack: string, s: PoolSummary | undefined): string {
    if (!s) return `stack ${stack}: no summary output`;
    const lines = [`stack ${stack}: ${s.users} users, ${s.upToDate} up to date, ${s.due} due`];
    if (s.lastRun) {
        const r = s.lastRun;
        lines.push(
            `last run (${r.at}): ${r.reset} reset, ${r.adopted} adopted, ${r.skipped} skipped, ${r.deferred} deferred, ` +
                `${r.failed} failed, ${r.notReached} not reached`,
        );
    }
    if (s.excluded) lines.push(`left out: ${JSON.stringify(s.excluded)}`);
    for (const p of s.problems) lines.push(`${p.outcome}: ${p.username} [${p.code}] ${p.reason}`);
    if (s.problemsNotListed > 0) lines.push(`and ${s.problemsNotListed} more`);
    return lines.join("\n");
}

/** The engine's own error lines of a failed run (each names the pool, the user or the code). */
function reasons(err: unknown): string {
    const text = String((err as Error)?.message ?? err);
    const lines = text.split("\n").filter((l) => /error:|\[[A-Z_]+\]/.test(l));
    return (lines.length > 0 ? lines : text.split("\n").slice(-5)).map((l) => l.trim()).join("\n");
}

async function main([workDir, stackName, output = "summary"]: string[]): Promise<number> {
    if (!workDir || !stackName) {
        console.error("usage: nightly.ts <program folder> <stack> [summary output]");
        return 2;
    }
    const stack = await LocalWorkspace.selectStack({ stackName, workDir });
    const stream = (text: string) => process.stdout.write(text);
    try {
        await stack.preview({ onOutput: stream, diff: true });
        const up = await stack.up({ onOutput: stream });
        console.log(report(stackName, up.outputs[output]?.value as PoolSummary | undefined));
        console.log("green");
        return 0;
    } catch (err) {
        console.error(`red: the nightly rotation of stack ${stackName} failed:\n${reasons(err)}`);
        const outputs = await stack.outputs().catch(() => undefined);
        const summary = outputs?.[output]?.value as PoolSummary | undefined;
        if (summary) console.error(report(stackName, summary));
        return 1;
    }
}

if (require.main === module) {
    main(process.argv.slice(2)).then(
        (code) => process.exit(code),
        (err) => {
            console.error(`the job could not start: ${(err as Error).message}`);
            process.exit(2);
        },
    );
}
