/**
 * mulberry32: a small seeded generator for the tests that need repeatable
 * randomness but are not property tests: which calls a fault plan breaks, and
 * the jitter of simulated clients. Property tests use fast-check instead, which
 * also shrinks a failing case.
 */
export function prng(seed: number): () => number {
    let a = seed >>> 0;
    return () => {
        a = (a + 0x6d2b79f5) >>> 0;
        let t = a;
        t = Math.imul(t ^ (t >>> 15), t | 1);
        t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
        return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
    };
}
