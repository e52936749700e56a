/**
 * The peak memory of a run: the resident memory of the processes a way starts,
 * sampled ten times a second until the run ends.
 */
import { descendantsRssBytes } from "../dev/process-tree";

/**
 * Starts sampling the resident memory of this process's descendants (pulumi,
 * the language host, the providers) except `exclude` (moto) and what runs under
 * it, or of this process itself when `self` (the raw loop runs in it). The
 * function returned stops the sampling and gives the peak, in MiB.
 */
export function startMemorySampler(exclude: Set<number>, self = false): () => number {
    let peak = 0;
    const sample = () => {
        const bytes = self ? process.memoryUsage().rss : descendantsRssBytes(process.pid, exclude);
        peak = Math.max(peak, bytes);
    };
    const timer = setInterval(sample, 100);
    return () => {
        clearInterval(timer);
        sample();
        return peak / 2 ** 20;
    };
}
