/**
 * Unit tier: the bench's PNG line-chart renderer. Decodes its output by hand
 * (chunks, CRCs, inflated rows) and checks the pixels, not just the bytes.
 */
import assert from "node:assert/strict";
import * as zlib from "node:zlib";
import { ChartSpec, formatTick, renderLineChartPng, SERIES_COLOURS } from "../../bench/chart";

const SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

/** A CRC-32 written independently of the one under test (bitwise, no table). */
function referenceCrc32(bytes: Uint8Array): number {
    let c = 0xffffffff;
    for (const b of bytes) {
        c ^= b;
        for (let k = 0; k < 8; k++) c = c & 1 ? (c >>> 1) ^ 0xedb88320 : c >>> 1;
    }
    return (c ^ 0xffffffff) >>> 0;
}

interface Chunk {
    type: string;
    data: Buffer;
    crc: number;
    crcInput: Buffer;
}

function chunks(png: Buffer): Chunk[] {
    const out: Chunk[] = [];
    for (let o = SIGNATURE.length; o < png.length;) {
        const len = png.readUInt32BE(o);
        out.push({
            type: png.toString("latin1", o + 4, o + 8),
            data: png.subarray(o + 8, o + 8 + len),
            crc: png.readUInt32BE(o + 8 + len),
            crcInput: png.subarray(o + 4, o + 8 + len),
        });
        o += 12 + len;
    }
    return out;
}

/** The raw (unfiltered, since every filter byte is 0) scanlines of the image. */
function rawRows(png: Buffer): { width: number; height: number; raw: Buffer } {
    const cs = chunks(png);
    const ihdr = cs.find((c) => c.type === "IHDR")!.data;
    const idat = Buffer.concat(cs.filter((c) => c.type === "IDAT").map((c) => c.data));
    return { width: ihdr.readUInt32BE(0), height: ihdr.readUInt32BE(4), raw: zlib.inflateSync(idat) };
}

function countColour(png: Buffer, [r, g, b]: readonly number[]): number {
    const { width, height, raw } = rawRows(png);
    let n = 0;
    for (let y = 0; y < height; y++) {
        const row = y * (1 + 3 * width);
        assert.equal(raw[row], 0, `filter byte of row ${y}`);
        for (let x = 0; x < width; x++) {
            const o = row + 1 + 3 * x;
            if (raw[o] === r && raw[o + 1] === g && raw[o + 2] === b) n++;
        }
    }
    return n;
}

const twoSeries = (over: Partial<ChartSpec> = {}): ChartSpec => ({
    title: "First pulumi up: wall time against users",
    xLabel: "users (N)",
    yLabel: "seconds",
    series: [
        {
            name: "(a) raw SDK loop",
            points: [
                [100, 0.8],
                [1000, 6.5],
                [10000, 61],
            ],
        },
        {
            name: "(b) UserPasswordResets, pulumi up",
            points: [
                [100, 4.2],
                [1000, 38],
                [10000, 355],
            ],
        },
    ],
    logX: true,
    logY: true,
    ...over,
});

describe("chart", () => {
    it("GIVEN a two-series log-log spec WHEN it is rendered THEN the output starts with the PNG signature", () => {
        const png = renderLineChartPng(twoSeries());
        assert.deepEqual(png.subarray(0, 8), SIGNATURE);
    });

    for (const [width, height] of [
        [900, 560],
        [640, 400],
        [1201, 333],
    ] as const) {
        it(`GIVEN width ${width} and height ${height} WHEN rendered THEN IHDR says ${width}x${height}, 8-bit colour type 2, and IHDR/IDAT/IEND are in order`, () => {
            const spec = width === 900 ? twoSeries() : twoSeries({ width, height, logX: false });
            const cs = chunks(renderLineChartPng(spec));
            assert.equal(cs[0].type, "IHDR");
            assert.equal(cs[cs.length - 1].type, "IEND");
            assert.ok(cs.some((c) => c.type === "IDAT"));
            const ihdr = cs[0].data;
            assert.equal(ihdr.length, 13);
            assert.equal(ihdr.readUInt32BE(0), width);
            assert.equal(ihdr.readUInt32BE(4), height);
            assert.deepEqual([...ihdr.subarray(8)], [8, 2, 0, 0, 0]);
        });
    }

    it("GIVEN a rendered chart WHEN each chunk's CRC32 is recomputed independently THEN every one matches", () => {
        const cs = chunks(renderLineChartPng(twoSeries()));
        assert.ok(cs.length >= 3);
        for (const c of cs) assert.equal(c.crc, referenceCrc32(c.crcInput), `CRC of ${c.type}`);
    });

    it("GIVEN a rendered chart WHEN its IDAT is inflated THEN it holds height*(1+3*width) bytes", () => {
        const { width, height, raw } = rawRows(renderLineChartPng(twoSeries({ width: 700, height: 450 })));
        assert.equal(raw.length, height * (1 + 3 * width));
        assert.equal(raw.length, 450 * (1 + 3 * 700));
    });

    it("GIVEN two series WHEN rendered THEN pixels of both series' colours are present, and the background is mostly white", () => {
        const png = renderLineChartPng(twoSeries());
        assert.ok(countColour(png, SERIES_COLOURS[0]) > 0, "first series colour present");
        assert.ok(countColour(png, SERIES_COLOURS[1]) > 0, "second series colour present");
        assert.ok(countColour(png, [255, 255, 255]) > 0.5 * 900 * 560, "white background");
    });

    it("GIVEN a chart without a given series WHEN rendered THEN no pixel has that series' colour (the count is not trivially positive)", () => {
        // An empty series list is rejected (see below), so the control is a chart lacking the series at that colour's index.
        const one = renderLineChartPng(twoSeries({ series: [twoSeries().series[0]] }));
        assert.equal(countColour(one, SERIES_COLOURS[1]), 0);
        assert.ok(countColour(one, SERIES_COLOURS[0]) > 0);
    });

    it("GIVEN a series with more points WHEN rendered THEN it covers more pixels of its colour (lines are drawn, not just the legend)", () => {
        const oneSeries = (points: [number, number][]) =>
            renderLineChartPng(twoSeries({ series: [{ name: "s", points }] }));
        const short = oneSeries([
            [1, 1],
            [10, 10],
        ]);
        const long = oneSeries([
            [1, 1],
            [10, 10],
            [100, 1],
            [1000, 100],
        ]);
        assert.ok(countColour(long, SERIES_COLOURS[0]) > countColour(short, SERIES_COLOURS[0]) + 500);
    });

    it("GIVEN an empty series list WHEN rendered THEN it throws a clear Error", () => {
        assert.throws(
            () => renderLineChartPng(twoSeries({ series: [] })),
            (e: unknown) => e instanceof Error && /series is empty/.test(e.message),
        );
    });

    const bad: [string, Partial<ChartSpec>, RegExp][] = [
        [
            "x = 0 on a log x axis",
            {
                series: [
                    {
                        name: "s",
                        points: [
                            [0, 1],
                            [10, 2],
                        ],
                    },
                ],
            },
            /logX is set but series "s" point 0 has x = 0/,
        ],
        [
            "y = -3 on a log y axis",
            {
                series: [
                    {
                        name: "s",
                        points: [
                            [1, 1],
                            [10, -3],
                        ],
                    },
                ],
            },
            /logY is set but series "s" point 1 has y = -3/,
        ],
    ];
    for (const [what, over, message] of bad) {
        it(`GIVEN ${what} WHEN rendered THEN it throws a clear Error`, () => {
            assert.throws(
                () => renderLineChartPng(twoSeries(over)),
                (e: unknown) => e instanceof Error && message.test(e.message),
            );
        });
    }

    it("GIVEN non-positive values on linear axes WHEN rendered THEN it renders", () => {
        const png = renderLineChartPng(
            twoSeries({
                logX: false,
                logY: false,
                series: [
                    {
                        name: "s",
                        points: [
                            [-5, 0],
                            [0, -2.5],
                            [7, 3],
                        ],
                    },
                ],
            }),
        );
        assert.ok(countColour(png, SERIES_COLOURS[0]) > 0);
    });

    it("GIVEN tick values WHEN formatted THEN powers of ten read 100, 1000, 10000 and float noise is gone", () => {
        assert.deepEqual([100, 1000, 10000, 0.1 + 0.2, 2.5, 0.001, 1e8].map(formatTick), [
            "100",
            "1000",
            "10000",
            "0.3",
            "2.5",
            "0.001",
            "1e8",
        ]);
    });
});
