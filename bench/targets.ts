/**
 * The parts of RESULTS.md drawn from the table of ways: the targets,
 * each a ratio measured in the same run and whether it was met, and where the
 * time of a run through Pulumi goes.
 */
import type { DefaultRate } from "./pulumi-runs";
import type { Row } from "./row";

/** The targets, each as a ratio measured in this run, and whether it was met. */
export function targets(rows: Row[], rate: Omit<DefaultRate, "n" | "row"> | undefined): string {
    const get = (way: Row["way"], n: number) => rows.find((r) => r.way === way && r.n === n);
    const lines: string[] = [];
    const check = (what: string, value: number | undefined, ok: (v: number) => boolean, shown: (v: number) => string) =>
        lines.push(
            `| ${what} | ${value === undefined || Number.isNaN(value) ? "not measured" : shown(value)} | ${value === undefined || Number.isNaN(value) ? "—" : ok(value) ? "met" : "**not met**"} |`,
        );
    const a1k = get("a", 1000);
    const b1k = get("b", 1000);
    const a10k = get("a", 10000);
    const b10k = get("b", 10000);
    check(
        "(b) first up within 1.5 x (a), N = 1,000, rate limit off",
        b1k && a1k ? b1k.upSeconds / a1k.upSeconds : undefined,
        (v) => v <= 1.5,
        (v) => `${v.toFixed(2)} x`,
    );
    check(
        "(b) first up within 1.5 x (a), N = 10,000 (for reference)",
        b10k && a10k ? b10k.upSeconds / a10k.upSeconds : undefined,
        (v) => v <= 1.5,
        (v) => `${v.toFixed(2)} x`,
    );
    check(
        "(b) reset window (first to last reset) within 1.5 x (a), N = 1,000 (for reference: (b) without the start-up)",
        b1k?.resetWindowSeconds !== undefined && a1k ? b1k.resetWindowSeconds / a1k.upSeconds : undefined,
        (v) => v <= 1.5,
        (v) => `${v.toFixed(2)} x`,
    );
    const d1k = get("d0", 1000);
    check(
        "(b) at least 5 x faster than (d), N = 1,000 (against (d)'s lower bound: (d) can only be slower)",
        b1k && d1k ? d1k.upSeconds / b1k.upSeconds : undefined,
        (v) => v >= 5,
        (v) => `at least ${v.toFixed(1)} x`,
    );
    check(
        "(b) no-op preview under a quarter of its first up, N = 1,000",
        b1k ? (b1k.previewSeconds ?? NaN) / b1k.upSeconds : undefined,
        (v) => v < 0.25,
        (v) => `${(100 * v).toFixed(0)} %`,
    );
    const b30 = get("b30", 1000);
    check(
        "(b) no-op preview under a quarter of its first up, N = 1,000, at the default rate limit",
        b30 ? (b30.previewSeconds ?? NaN) / b30.upSeconds : undefined,
        (v) => v < 0.25,
        (v) => `${(100 * v).toFixed(0)} %`,
    );
    check(
        "(b) no-op preview under a quarter of its first up, N = 10,000 (for reference)",
        b10k ? (b10k.previewSeconds ?? NaN) / b10k.upSeconds : undefined,
        (v) => v < 0.25,
        (v) => `${(100 * v).toFixed(0)} %`,
    );
    check(
        "(b) state per user at most 2 KB beyond its inputs, N = 1,000",
        b1k?.stateBytesPerUser,
        (v) => v <= 2048,
        (v) => `${Math.round(v)} bytes (all state, inputs included)`,
    );
    check(
        "shared limit reaches at least 90 % of 30/s",
        rate ? rate.achieved / rate.limit : undefined,
        (v) => v >= 0.9,
        (v) => `${(100 * v).toFixed(0)} %`,
    );
    check(
        "shared limit never exceeded in any one-second window",
        rate?.busiest,
        (v) => v <= (rate?.limit ?? 0),
        (v) => `busiest window ${v} requests`,
    );
    return `\n## Targets\n\n| target | measured | |\n|---|---|---|\n${lines.join("\n")}\n`;
}

/**
 * What a run costs before its first reset, measured in this run by the empty
 * program, and the best ratio to (a) that (b) could reach at N = 1,000 if its
 * resets were as fast as the raw loop's.
 */
export function whereTheTimeGoes(rows: Row[]): string {
    const e = rows.find((r) => r.way === "e");
    const a = rows.find((r) => r.way === "a" && r.n === 1000);
    const b = rows.find((r) => r.way === "b" && r.n === 1000);
    if (!e || !a || !b || b.firstResetSeconds === undefined || b.resetWindowSeconds === undefined) return "";
    const after = b.upSeconds - b.firstResetSeconds - b.resetWindowSeconds;
    return `Where the time of (b) goes, N = 1,000: ${b.firstResetSeconds.toFixed(2)} s from the start of \`pulumi up\` to the
first reset (the CLI, the language host, Node and TypeScript, the program, the provider process), ${b.resetWindowSeconds.toFixed(2)} s
from the first reset to the last (the raw loop took ${a.upSeconds.toFixed(2)} s), ${after.toFixed(2)} s after the last (state written, processes
stopped). A program that declares nothing costs ${e.upSeconds.toFixed(2)} s for \`pulumi up\` and ${(e.previewSeconds ?? NaN).toFixed(2)} s for a preview
on this machine, so even with resets as fast as the raw loop's, (b)'s first up could not be under
(${e.upSeconds.toFixed(2)} + ${a.upSeconds.toFixed(2)}) / ${a.upSeconds.toFixed(2)} = ${((e.upSeconds + a.upSeconds) / a.upSeconds).toFixed(2)} x (a) at this N, and its no-op preview could not be under
${(e.previewSeconds ?? NaN).toFixed(2)} / ${b.upSeconds.toFixed(2)} = ${((100 * (e.previewSeconds ?? NaN)) / b.upSeconds).toFixed(0)} % of its first up with the rate limit off.`;
}
