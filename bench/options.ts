/**
 * The command line of `npm run bench`: its options, their defaults, the
 * `--help` text, and a strict reading that stops on an unknown option or a bad
 * value before anything starts.
 */
import { parseArgs } from "node:util";

/** The whole-number options: flag, default, smallest value accepted, and what it sets. */
const COUNTS = {
    "naive-max": { fallback: 1000, min: 0, help: "largest N at which (c) and (d) run (0: never)" },
    repeat: { fallback: 3, min: 1, help: "runs of (a), (b) and the empty program; the median is reported" },
    "repeat-max": { fallback: 1000, min: 0, help: "largest N run --repeat times; larger N run once (0: all once)" },
    "nightly-users": { fallback: 10000, min: 0, help: "users of the nightly scenario (0 skips it)" },
    nights: { fallback: 3, min: 1, help: "nights run in the nightly scenario" },
    "shared-users": {
        fallback: 600,
        min: 0,
        help: "users per stack of the two-runs-on-one-quota scenario (0 skips it)",
    },
    "email-users": { fallback: 10000, min: 0, help: "users of the daily email quota scenario (0 skips it)" },
} as const;
type CountName = keyof typeof COUNTS;
const DEFAULT_SIZES = "100,1000,10000";

/** What one run measures, from the command line. */
export interface Settings {
    /** Only write RESULTS.md and results.svg again from results.json. */
    render: boolean;
    /** Pool sizes N of the (a)-(d) table. */
    sizes: number[];
    counts: Record<CountName, number>;
}

/** A command line the bench cannot run: unknown option, missing or bad value. */
export class UsageError extends Error {}

/** The `--help` text. */
export function usage(): string {
    const width = 22;
    const line = (flag: string, help: string) => `  ${flag.padEnd(width)}${help}`;
    return [
        "Usage: npm run bench [-- <options>]",
        "",
        line("--sizes <n,n,...>", `pool sizes N of the (a)-(d) table, comma-separated; default ${DEFAULT_SIZES}`),
        ...Object.entries(COUNTS).map(([name, o]) => line(`--${name} <n>`, `${o.help}; default ${o.fallback}`)),
        line("--render", "measure nothing: write RESULTS.md and results.svg again from results.json"),
        line("-h, --help", "print this and exit"),
    ].join("\n");
}

/** A whole number of at least `min`, or a UsageError naming the option. */
function wholeNumber(option: string, text: string, min: number): number {
    const n = /^\d+$/.test(text) ? Number(text) : NaN;
    if (!Number.isSafeInteger(n) || n < min)
        throw new UsageError(
            `--${option} must be a whole number${min > 0 ? ` of at least ${min}` : " (0 or more)"}, got '${text}'`,
        );
    return n;
}

/**
 * Reads the command line (without the node and script paths). Strict: an
 * unknown option, a missing value or a value that is not what the option takes
 * throws a {@link UsageError}; `--help` gives "help".
 */
export function parseSettings(argv: string[]): Settings | "help" {
    let values: Record<string, string | boolean | undefined>;
    try {
        ({ values } = parseArgs({
            args: argv,
            strict: true,
            allowPositionals: false,
            options: {
                help: { type: "boolean", short: "h" },
                render: { type: "boolean" },
                sizes: { type: "string" },
                ...Object.fromEntries(Object.keys(COUNTS).map((name) => [name, { type: "string" as const }])),
            },
        }));
    } catch (err) {
        throw new UsageError((err as Error).message);
    }
    if (values.help) return "help";
    const sizesText = (values.sizes as string | undefined) ?? DEFAULT_SIZES;
    const sizes = sizesText.split(",").map((part) => {
        if (!/^\d+$/.test(part) || Number(part) < 1 || !Number.isSafeInteger(Number(part)))
            throw new UsageError(
                `--sizes must be a comma-separated list of positive whole numbers, got '${sizesText}'`,
            );
        return Number(part);
    });
    const counts = Object.fromEntries(
        Object.entries(COUNTS).map(([name, o]) => {
            const text = values[name] as string | undefined;
            return [name, text === undefined ? o.fallback : wholeNumber(name, text, o.min)];
        }),
    ) as Record<CountName, number>;
    return { render: values.render === true, sizes, counts };
}
