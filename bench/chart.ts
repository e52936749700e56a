/**
 * The chart of bench/results.svg: the first `pulumi up`'s wall time against
 * the pool size, one line per way with the rate limit off, log-log. Built as a
 * Vega-Lite spec from the rows (pure), then rendered to SVG by vega.
 */
import * as fs from "node:fs";
// Types only, looked up as an ES module import would (vega-lite gives its types by "exports" alone).
import type { TopLevelSpec } from "vega-lite" with { "resolution-mode": "import" };
import type { Row } from "./row";

/** The ways drawn, in legend order, and their names. */
const SERIES = {
    a: "(a) raw SDK loop",
    b: "(b) this package",
    c: "(c) naive dynamic provider",
    d0: "(d) lower bound (AWS CLI)",
} as const;

export const CHART_TITLE = "First pulumi up: wall time against users";
export const X_TITLE = "users (N)";
export const Y_TITLE = "seconds";

/** One point of the chart: a way's first up at one N. */
export interface ChartPoint {
    series: string;
    users: number;
    seconds: number;
}

/** The Vega-Lite spec of the chart of `rows`; a way without rows has no line and no legend entry. */
export function chartSpec(rows: Row[]) {
    const values: ChartPoint[] = (Object.keys(SERIES) as (keyof typeof SERIES)[]).flatMap((way) =>
        rows.filter((r) => r.way === way).map((r) => ({ series: SERIES[way], users: r.n, seconds: r.upSeconds })),
    );
    return {
        $schema: "https://vega.github.io/schema/vega-lite/v6.json",
        title: CHART_TITLE,
        width: 720,
        height: 420,
        background: "white",
        data: { values },
        mark: { type: "line", point: true },
        encoding: {
            x: { field: "users", type: "quantitative", scale: { type: "log" }, title: X_TITLE },
            y: { field: "seconds", type: "quantitative", scale: { type: "log" }, title: Y_TITLE },
            color: {
                field: "series",
                type: "nominal",
                // The legend in the order of the ways, each way its own colour whichever are present.
                scale: { domain: [...new Set(values.map((v) => v.series))] },
                legend: { title: null, labelLimit: 0 },
            },
        },
    } satisfies TopLevelSpec;
}

/**
 * vega and vega-lite are ES modules only, and this project compiles to
 * CommonJS, where TypeScript turns `import()` into `require()`. A function made
 * from a string keeps the real `import()`, resolved from this file as Node
 * resolves any import.
 */
const importModule = new Function("specifier", "return import(specifier)") as (specifier: string) => Promise<unknown>;

/** The chart as an SVG document. */
export async function renderSvg(spec: TopLevelSpec): Promise<string> {
    const vega = (await importModule("vega")) as typeof import("vega");
    const vegaLite = (await importModule("vega-lite")) as typeof import("vega-lite", {
        with: { "resolution-mode": "import" },
    });
    const view = new vega.View(vega.parse(vegaLite.compile(spec).spec), { renderer: "none" });
    try {
        return await view.toSVG();
    } finally {
        view.finalize();
    }
}

/** Writes the chart of `rows` to `file` as SVG. */
export async function writeChart(file: string, rows: Row[]): Promise<void> {
    fs.writeFileSync(file, await renderSvg(chartSpec(rows)));
}
