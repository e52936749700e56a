/**
 * The one worker pool of the package, used by a batch's resets and by the
 * benchmark's raw loop. Written by hand: it is six lines, and the maintained
 * package for it (p-limit) is ESM-only since version 4, which this CommonJS
 * package could load only asynchronously; an older copy would be a second
 * runtime dependency for the same six lines.
 */

/** Runs `fn` over `items`, at most `limit` at once, starting them in order. */
export async function forEachConcurrently<T>(
    items: readonly T[],
    limit: number,
    fn: (item: T) => Promise<unknown>,
): Promise<void> {
    let next = 0;
    const workers = Array.from({ length: Math.min(limit, items.length) }, async () => {
        while (next < items.length) await fn(items[next++]);
    });
    await Promise.all(workers);
}
