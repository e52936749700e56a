/**
 * A row of the benchmark's table of ways: what one run of one way at one
 * pool size measured. Shared by the loops, the pulumi runs, the RESULTS.md
 * writer and the chart.
 */

/** The operation every way makes once per user, as the endpoint counts it. */
export const RESET = "AdminResetUserPassword";

export interface Row {
    /**
     * b30: (b) at the default rate limit of 30 requests per second; e: the empty program (N = 0);
     * d0: a lower bound of (d), the AWS CLI run once per user without Pulumi.
     */
    way: "a" | "b" | "c" | "b30" | "e" | "d0";
    n: number;
    upSeconds: number;
    /** Every run's first-up time when the row is the median of several runs. */
    upSamples?: number[];
    /** From the start of `up` to the first reset seen at the endpoint: the run's start-up. */
    firstResetSeconds?: number;
    /** From the first reset to the last, seen at the endpoint. */
    resetWindowSeconds?: number;
    previewSeconds?: number;
    resetsPerSecond: number;
    stateBytesPerUser?: number;
    peakRssMiB: number;
}

/** The run with the median first-up time (one of the runs, not a number: see `medianOf` in numbers.ts for that), carrying every run's first-up time. */
export function medianRun(runs: Row[]): Row {
    const sorted = [...runs].sort((x, y) => x.upSeconds - y.upSeconds);
    return { ...sorted[Math.floor((sorted.length - 1) / 2)], upSamples: runs.map((r) => r.upSeconds) };
}
