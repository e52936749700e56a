/**
 * Unit tier: the benchmark's chart (bench/chart.ts). The Vega-Lite spec built
 * from a small set of rows: which ways are drawn, under which names, with which
 * points, on which axes; and the SVG that vega renders from it.
 */
import assert from "node:assert/strict";
import { CHART_TITLE, chartSpec, renderSvg, X_TITLE, Y_TITLE } from "../../../bench/chart";
import type { Row } from "../../../bench/row";

const row = (way: Row["way"], n: number, upSeconds: number): Row => ({
    way,
    n,
    upSeconds,
    resetsPerSecond: n / upSeconds,
    peakRssMiB: 100,
});

/** Every way at two sizes, out of order, with the rows the chart leaves out (the empty program, (b) at 30/s). */
const ROWS: Row[] = [
    row("e", 0, 7),
    row("b", 100, 7.5),
    row("a", 100, 0.8),
    row("c", 100, 13),
    row("d0", 100, 130),
    row("b30", 1000, 40),
    row("a", 1000, 7),
    row("b", 1000, 15),
    row("c", 1000, 210),
    row("d0", 1000, 990),
];

describe("bench chart: the spec", () => {
    it("GIVEN rows of every way WHEN the spec is built THEN it draws (a), (b), (c) and (d) in that order, named, and nothing else", () => {
        const spec = chartSpec(ROWS);
        assert.deepEqual(spec.encoding.color.scale.domain, [
            "(a) raw SDK loop",
            "(b) this package",
            "(c) naive dynamic provider",
            "(d) lower bound (AWS CLI)",
        ]);
        assert.deepEqual([...new Set(spec.data.values.map((v) => v.series))], spec.encoding.color.scale.domain);
    });

    it("GIVEN rows of every way WHEN the spec is built THEN its points are each drawn way's N and first-up seconds", () => {
        assert.deepEqual(chartSpec(ROWS).data.values, [
            { series: "(a) raw SDK loop", users: 100, seconds: 0.8 },
            { series: "(a) raw SDK loop", users: 1000, seconds: 7 },
            { series: "(b) this package", users: 100, seconds: 7.5 },
            { series: "(b) this package", users: 1000, seconds: 15 },
            { series: "(c) naive dynamic provider", users: 100, seconds: 13 },
            { series: "(c) naive dynamic provider", users: 1000, seconds: 210 },
            { series: "(d) lower bound (AWS CLI)", users: 100, seconds: 130 },
            { series: "(d) lower bound (AWS CLI)", users: 1000, seconds: 990 },
        ]);
    });

    it("GIVEN rows of (a) and (b) only WHEN the spec is built THEN only they are in the legend", () => {
        const spec = chartSpec(ROWS.filter((r) => r.way === "a" || r.way === "b"));
        assert.deepEqual(spec.encoding.color.scale.domain, ["(a) raw SDK loop", "(b) this package"]);
        assert.equal(spec.data.values.length, 4);
    });

    it("GIVEN any rows WHEN the spec is built THEN it has the title, users on a log x axis and seconds on a log y axis", () => {
        const spec = chartSpec(ROWS);
        assert.equal(spec.title, "First pulumi up: wall time against users");
        assert.deepEqual(
            { field: spec.encoding.x.field, title: spec.encoding.x.title, scale: spec.encoding.x.scale.type },
            { field: "users", title: "users (N)", scale: "log" },
        );
        assert.deepEqual(
            { field: spec.encoding.y.field, title: spec.encoding.y.title, scale: spec.encoding.y.scale.type },
            { field: "seconds", title: "seconds", scale: "log" },
        );
    });
});

describe("bench chart: the SVG", () => {
    it("GIVEN the spec of a few rows WHEN rendered THEN the SVG holds the title, both axis titles and every series name", async () => {
        const spec = chartSpec(ROWS);
        const svg = await renderSvg(spec);
        assert.match(svg, /^<svg[^>]*xmlns="http:\/\/www.w3.org\/2000\/svg"/);
        assert.match(svg, /<\/svg>\s*$/);
        const texts = [...svg.matchAll(/<text[^>]*>([^<]*)<\/text>/g)].map((m) => m[1]);
        for (const expected of [CHART_TITLE, X_TITLE, Y_TITLE, ...spec.encoding.color.scale.domain])
            assert.ok(texts.includes(expected), `no <text> "${expected}" in the SVG; its texts: ${texts.join(" | ")}`);
    });
});
