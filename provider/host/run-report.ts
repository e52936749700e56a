/**
 * Lines for the operator, from the provider process. Pulumi shows what a
 * dynamic provider writes to stderr among the run's diagnostics, so progress,
 * skipped users and quota warnings appear in the `pulumi up` output (and the
 * CI log) while the run goes on. Every line starts with the package's name and
 * the pool; none ever carries clientMetadata (callers pass scrubbed text).
 */
import type { PoolRun, RunCounts } from "./pool-run";

/** The environment variable that sets the seconds between progress lines (default 10; `0` turns them off). */
export const PROGRESS_ENV = "PULUMI_COGNITO_PASSWORD_RESET_PROGRESS_SECONDS";
const DEFAULT_PROGRESS_SECONDS = 10;

/** Writes one line to the run's diagnostics. */
export function say(line: string): void {
    process.stderr.write(`cognito-password-reset: ${line}\n`);
}

/** Writes a warning line to the run's diagnostics. */
export function warn(line: string): void {
    say(`warning: ${line}`);
}

/** `1234 reset, 3 skipped, ...`: the counts of a pool's run, in words. */
export function describeCounts(c: RunCounts): string {
    const parts = [`${c.reset} reset`];
    if (c.adopted) parts.push(`${c.adopted} adopted without a reset`);
    parts.push(`${c.skipped} skipped`, `${c.deferred} deferred`, `${c.failed} failed`);
    if (c.notReached) parts.push(`${c.notReached} not reached (stopped)`);
    return parts.join(", ");
}

function progressLine(run: PoolRun, now: number): string {
    const seconds = run.startedAt === undefined ? 0 : (now - run.startedAt) / 1000;
    const rate = seconds > 0 ? ` (${(run.counts.reset / seconds).toFixed(1)} resets/s)` : "";
    return `pool ${run.userPoolId}: ${describeCounts(run.counts)}${rate}`;
}

function progressSeconds(): number {
    const raw = process.env[PROGRESS_ENV];
    const n = raw === undefined || raw.trim() === "" ? DEFAULT_PROGRESS_SECONDS : Number(raw);
    return Number.isFinite(n) && n >= 0 ? n : DEFAULT_PROGRESS_SECONDS;
}

/** A batch of the pool starts applying: progress lines start with the first. */
export function batchStarted(run: PoolRun): void {
    run.active++;
    run.startedAt ??= Date.now();
    const every = progressSeconds();
    if (run.progressTimer || every === 0) return;
    run.progressTimer = setInterval(() => say(progressLine(run, Date.now())), every * 1000);
    run.progressTimer.unref();
}

/** A batch of the pool is done: when it was the last one applying, a closing line with the run's counts. */
export function batchFinished(run: PoolRun): void {
    run.active = Math.max(0, run.active - 1);
    if (run.active > 0) return;
    if (run.progressTimer) clearInterval(run.progressTimer);
    run.progressTimer = undefined;
    say(progressLine(run, Date.now()));
}
