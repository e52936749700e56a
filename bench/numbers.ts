/** How RESULTS.md shows a number, and the median of a list of numbers. */

/** `x` with `d` decimals, or a dash when it was not measured. */
export const fmt = (x: number | undefined, d = 2) => (x === undefined || !Number.isFinite(x) ? "—" : x.toFixed(d));

/** The median of `xs` (the mean of the middle two when their count is even). */
export function medianOf(xs: number[]): number {
    const s = [...xs].sort((a, b) => a - b);
    return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
}
