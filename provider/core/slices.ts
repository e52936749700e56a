/**
 * Tonight's slice of a pool: with a staggered rotation keyed on the sub, the
 * users whose boundaries fall between two instants are a range of subs, so a
 * run can list just them with ListUsers' `sub ^= "…"` filter instead of the
 * whole pool. Pure arithmetic over the policy's periods.
 */
import { RotationPolicy, rotationPeriod, validatePolicy } from "./rotation";

/**
 * The fewest prefixes a window spans: what is listed beyond the window (the
 * two prefixes at its ends) stays at most about as much as the window itself,
 * while each prefix holds as many users, and so as few short pages, as can be.
 */
const PREFIXES_PER_WINDOW = 2;
/** The longest prefix: 8 hex digits, the stagger's whole resolution. */
const MAX_PREFIX = 8;

/** A range of stagger fractions [from, to), within [0, 1]. */
type Range = [number, number];

/**
 * The stagger fractions whose boundary falls in (`after`, `upTo`] of the
 * policy's periods: "all" when that spans a whole period, else a few ranges
 * (one per unstaggered period the window touches).
 */
export function dueFractions(policy: RotationPolicy, after: Date, upTo: Date): Range[] | "all" {
    const plain = { ...policy, stagger: false };
    const ranges: Range[] = [];
    let p = rotationPeriod(plain, after);
    while (p.start.getTime() <= upTo.getTime()) {
        const len = p.end.getTime() - p.start.getTime();
        if (upTo.getTime() - after.getTime() >= len) return "all";
        // Boundary start + floor(f * len) lies in the window when f is in [lo, hi).
        const lo = (after.getTime() + 1 - p.start.getTime()) / len;
        const hi = (upTo.getTime() + 1 - p.start.getTime()) / len;
        const range: Range = [Math.max(0, lo), Math.min(1, hi)];
        if (range[0] < range[1]) ranges.push(range);
        p = rotationPeriod(plain, p.end);
    }
    return ranges;
}

/** Hex prefixes of one length (lower case) covering every fraction of `ranges`, sorted, none twice. */
export function prefixesOf(ranges: Range[], length: number): string[] {
    const n = 16 ** length;
    const out = new Set<string>();
    for (const [from, to] of ranges) {
        const first = Math.floor(from * n);
        const last = Math.min(n - 1, Math.ceil(to * n) - 1);
        for (let i = first; i <= last; i++) out.add(i.toString(16).padStart(length, "0"));
    }
    return [...out].sort();
}

/** The shortest prefix length at which the window spans at least {@link PREFIXES_PER_WINDOW} prefixes. */
export function prefixLength(ranges: Range[]): number {
    const width = ranges.reduce((sum, [a, b]) => sum + (b - a), 0);
    if (width <= 0) return 1;
    const length = Math.ceil(Math.log(PREFIXES_PER_WINDOW / width) / Math.log(16));
    return Math.min(MAX_PREFIX, Math.max(1, length));
}

/**
 * The `sub` prefixes to list for the boundaries of `policy` in (`after`,
 * `upTo`]: "all" when no slice is smaller than the pool (the window spans a
 * period, or an unstaggered boundary fell in it), or an empty list when no
 * boundary falls in it.
 *
 * @example
 * // A 90-day stagger, one night: 3 or 4 prefixes of 2 hex digits (1/90 of the pool, and the ends' leftovers).
 * subPrefixes({ every: "90d", stagger: true }, lastNight, tonight); // e.g. ["7c", "7d", "7e"]
 */
export function subPrefixes(policy: unknown, after: Date, upTo: Date): string[] | "all" {
    if (validatePolicy(policy).length > 0) return "all";
    const p = policy as RotationPolicy;
    const ranges = dueFractions(p, after, upTo);
    if (ranges === "all") return "all";
    // Unstaggered, every user's fraction is 0: everyone's boundary fell in the window, or nobody's.
    if (!p.stagger) return ranges.some(([from]) => from === 0) ? "all" : [];
    return prefixesOf(ranges, prefixLength(ranges));
}
