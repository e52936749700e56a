/**
 * A small, dependency-free line-chart renderer for the bench results: draws
 * into an RGB pixel buffer with an embedded 5x7 bitmap font and encodes the
 * result as a PNG (8-bit RGB, one zlib-deflated IDAT, filter 0 on every row).
 */
import * as fs from "node:fs";
import * as zlib from "node:zlib";

export interface Series {
    name: string;
    points: [number, number][];
}
export interface ChartSpec {
    title: string;
    xLabel: string;
    yLabel: string;
    series: Series[];
    logX?: boolean;
    logY?: boolean; // log10 axes when true (all values > 0)
    width?: number;
    height?: number; // default 900 x 560
}

type RGB = readonly [number, number, number];

/** Series colours, in order; series i gets SERIES_COLOURS[i % length]. No other drawing uses them. */
export const SERIES_COLOURS: readonly RGB[] = [
    [31, 119, 180],
    [214, 39, 40],
    [44, 160, 44],
    [255, 127, 14],
    [148, 103, 189],
    [140, 86, 75],
    [227, 119, 194],
    [23, 190, 207],
    [188, 189, 34],
    [96, 96, 96],
];
const WHITE: RGB = [255, 255, 255];
const INK: RGB = [20, 20, 20];
const GRID: RGB = [226, 226, 226];
const MINOR_GRID: RGB = [242, 242, 242];

/**
 * 5x7 font for ASCII 32..126: 7 base-32 digits per glyph, one per row, top
 * row first; bit 4 of a row is its leftmost pixel. Other characters draw as '?'.
 * g, p, q and y are drawn two rows lower, so their tails descend below the baseline.
 */
const FONT =
    "00000004444404aaa0000aavavaa4fke5u4op248j3cik8lid44800002488842842224804lel40044v4400000c48000v000" +
    "00000cc01248g0ehjlphe4c4444eeh1248vv2421he26aiv22vgu11he68guhhev124888ehhehheehhf12c0cc0cc00cc0c48" +
    "248g84200v0v008421248eh12404eh1dlleehhvhhhuhhuhhuehggghesihhhisvgguggvvggugggehgnhhfhhhvhhhe44444e" +
    "72222ichikokihggggggvhrllhhhhhpljhhehhhhheuhhugggehhhliduhhukihfgge11uv444444hhhhhhehhhhha4hhhllla" +
    "hha4ahhhha4444v1248gve88888e0g84210e22222e4ah0000000000v842000000e1fhfggmphhu00egghe11djhhf00ehvge" +
    "698s888fhhhf1eggmphhh40c444e20622icggikokic44444e00qllhh00mphhh00ehhheuhhhuggfhhhf1100mpggg00ege1u" +
    "88s889600hhhjd00hhha400hhlla00ha4ahhhhjd1e00v248v244844244444448442448008l200";

class Canvas {
    readonly px: Uint8Array;
    constructor(
        readonly w: number,
        readonly h: number,
    ) {
        this.px = new Uint8Array(w * h * 3).fill(255);
    }
    /** Fills a rectangle, clipped to the image and to `clip` when given. */
    rect(x: number, y: number, w: number, h: number, c: RGB, clip?: Box): void {
        const b = clip ?? { l: 0, t: 0, r: this.w - 1, b: this.h - 1 };
        const x0 = Math.max(Math.round(x), b.l, 0),
            x1 = Math.min(Math.round(x + w) - 1, b.r, this.w - 1);
        const y0 = Math.max(Math.round(y), b.t, 0),
            y1 = Math.min(Math.round(y + h) - 1, b.b, this.h - 1);
        for (let j = y0; j <= y1; j++) {
            for (let i = x0; i <= x1; i++) this.px.set(c, (j * this.w + i) * 3);
        }
    }
    /** A `thick`-pixel line from (x0,y0) to (x1,y1) (Bresenham, square brush). */
    line(x0: number, y0: number, x1: number, y1: number, c: RGB, thick: number, clip?: Box): void {
        let x = Math.round(x0),
            y = Math.round(y0);
        const xe = Math.round(x1),
            ye = Math.round(y1);
        const dx = Math.abs(xe - x),
            dy = -Math.abs(ye - y),
            sx = x < xe ? 1 : -1,
            sy = y < ye ? 1 : -1;
        const o = Math.floor((thick - 1) / 2);
        for (let err = dx + dy; ;) {
            this.rect(x - o, y - o, thick, thick, c, clip);
            if (x === xe && y === ye) return;
            const e2 = 2 * err;
            if (e2 >= dy) {
                err += dy;
                x += sx;
            }
            if (e2 <= dx) {
                err += dx;
                y += sy;
            }
        }
    }
    /** Text with its top-left at (x,y); when `up`, rotated to read bottom-to-top with (x,y) its bottom-left. */
    text(s: string, x: number, y: number, scale: number, c: RGB, up = false): void {
        for (let k = 0; k < s.length; k++) {
            let code = s.charCodeAt(k);
            if (code < 32 || code > 126) code = 63;
            const drop = "gpqy".includes(s[k]) ? 2 : 0;
            for (let row = 0; row < 7; row++) {
                const bits = parseInt(FONT[(code - 32) * 7 + row], 32);
                for (let col = 0; col < 5; col++) {
                    if (!(bits & (16 >> col))) continue;
                    const along = (k * 6 + col) * scale;
                    if (up) this.rect(x + (row + drop) * scale, y - along - scale, scale, scale, c);
                    else this.rect(x + along, y + (row + drop) * scale, scale, scale, c);
                }
            }
        }
    }
}

interface Box {
    l: number;
    t: number;
    r: number;
    b: number;
}

const textWidth = (s: string, scale: number): number => (s.length ? (s.length * 6 - 1) * scale : 0);

/** A tick label: plain decimal without float noise, exponent form only for extreme magnitudes. */
export function formatTick(v: number): string {
    if (v === 0) return "0";
    const a = Math.abs(v);
    if (a >= 1e7 || a < 1e-4) return v.toExponential().replace("e+", "e");
    return String(Number(v.toPrecision(10)));
}

interface Axis {
    lo: number;
    hi: number;
    ticks: number[];
    minor: number[];
    log: boolean;
}

/** Linear axis: "nice" step (1, 2, 2.5 or 5 x 10^k) giving 4..8 ticks, bounds rounded out to it. */
function linearAxis(min: number, max: number): Axis {
    if (min === max) {
        const pad = min === 0 ? 1 : Math.abs(min) * 0.1;
        min -= pad;
        max += pad;
    }
    const exp = Math.floor(Math.log10((max - min) / 6));
    let best: { step: number; n: number } | undefined;
    for (let e = exp - 1; e <= exp + 1; e++) {
        for (const m of [1, 2, 2.5, 5]) {
            const step = m * 10 ** e;
            const n = Math.ceil(max / step - 1e-9) - Math.floor(min / step + 1e-9) + 1;
            if (n >= 4 && n <= 8 && (!best || Math.abs(n - 6) < Math.abs(best.n - 6))) best = { step, n };
        }
    }
    const step = best?.step ?? (max - min) / 5;
    const first = Math.floor(min / step + 1e-9);
    const ticks = Array.from({ length: best?.n ?? 6 }, (_, i) => Number(((first + i) * step).toPrecision(12)));
    return { lo: ticks[0], hi: ticks[ticks.length - 1], ticks, minor: [], log: false };
}

/** Log axis: bounds at powers of ten; ticks at every (or every k-th) power, plus 2 and 5 when only 1-2 decades. */
function logAxis(min: number, max: number): Axis {
    const e0 = Math.floor(Math.log10(min) + 1e-12);
    let e1 = Math.ceil(Math.log10(max) - 1e-12);
    if (e1 === e0) e1++;
    const every = Math.ceil((e1 - e0) / 7);
    e1 = e0 + every * Math.ceil((e1 - e0) / every);
    const ticks: number[] = [],
        minor: number[] = [];
    const mantissas = e1 - e0 < 3 ? [1, 2, 5] : [1];
    for (let e = e0; e <= e1; e += every) {
        for (const m of mantissas) if (e < e1 || m === 1) ticks.push(Number((m * 10 ** e).toPrecision(12)));
        if (every === 1 && e < e1) for (let m = 2; m <= 9; m++) if (!mantissas.includes(m)) minor.push(m * 10 ** e);
    }
    return { lo: 10 ** e0, hi: 10 ** e1, ticks, minor, log: true };
}

function buildAxis(values: number[], log: boolean, name: string): Axis {
    let min = Infinity,
        max = -Infinity;
    for (const v of values) {
        min = Math.min(min, v);
        max = Math.max(max, v);
    }
    if (log && min <= 0)
        throw new Error(`chart: ${name} axis is logarithmic but has a value ${min} <= 0; log axes need values > 0`);
    return log ? logAxis(min, max) : linearAxis(min, max);
}

function validate(spec: ChartSpec, w: number, h: number): void {
    if (!Number.isInteger(w) || !Number.isInteger(h) || w < 240 || h < 180 || w > 10000 || h > 10000) {
        throw new Error(
            `chart: width and height must be integers, at least 240 x 180 and at most 10000 (got ${w} x ${h})`,
        );
    }
    if (!spec.series || spec.series.length === 0)
        throw new Error("chart: spec.series is empty; at least one series is required");
    if (spec.series.every((s) => s.points.length === 0))
        throw new Error("chart: every series is empty; at least one point is required");
    for (const s of spec.series) {
        s.points.forEach(([x, y], i) => {
            if (!Number.isFinite(x) || !Number.isFinite(y))
                throw new Error(`chart: series "${s.name}" point ${i} is not finite: (${x}, ${y})`);
            if (spec.logX && x <= 0)
                throw new Error(
                    `chart: logX is set but series "${s.name}" point ${i} has x = ${x}; log axes need values > 0`,
                );
            if (spec.logY && y <= 0)
                throw new Error(
                    `chart: logY is set but series "${s.name}" point ${i} has y = ${y}; log axes need values > 0`,
                );
        });
    }
}

/** Fits `s` into `maxWidth` pixels at `scale`, ending in ".." when cut. */
function fit(s: string, maxWidth: number, scale: number): string {
    if (textWidth(s, scale) <= maxWidth) return s;
    const n = Math.max(0, Math.floor((maxWidth / scale + 1) / 6) - 2);
    return s.slice(0, n) + "..";
}

/** Renders the chart to PNG bytes. */
export function renderLineChartPng(spec: ChartSpec): Buffer {
    const W = spec.width ?? 900,
        H = spec.height ?? 560;
    validate(spec, W, H);
    const S = 2,
        CH = 7 * S; // text scale and cap height
    const pts = spec.series.flatMap((s) => s.points);
    const ax = buildAxis(
        pts.map((p) => p[0]),
        spec.logX === true,
        "x",
    );
    const ay = buildAxis(
        pts.map((p) => p[1]),
        spec.logY === true,
        "y",
    );
    const cv = new Canvas(W, H);

    // Layout: title band, y label + y tick labels on the left, x tick labels + x label below.
    const titleScale = textWidth(spec.title, 3) <= W - 20 ? 3 : S;
    const yLabels = ay.ticks.map(formatTick),
        xLabels = ax.ticks.map(formatTick);
    const yLabelW = Math.max(...yLabels.map((s) => textWidth(s, S)));
    const rightPad = Math.max(24, Math.ceil(textWidth(xLabels[xLabels.length - 1], S) / 2) + 8);
    const box: Box = {
        l: 12 + CH + 12 + yLabelW + 10,
        t: 16 + 9 * titleScale + 14,
        r: W - rightPad,
        b: H - (12 + CH + 12 + CH + 12),
    };
    const pw = box.r - box.l,
        ph = box.b - box.t;
    const map = (a: Axis, v: number): number => {
        const f = (u: number): number => (a.log ? Math.log10(u) : u);
        return (f(v) - f(a.lo)) / (f(a.hi) - f(a.lo));
    };
    const X = (v: number): number => box.l + map(ax, v) * pw;
    const Y = (v: number): number => box.b - map(ay, v) * ph;

    // Grid (minor first), then axes, tick marks and tick labels.
    for (const v of ax.minor) cv.rect(X(v), box.t, 1, ph, MINOR_GRID);
    for (const v of ay.minor) cv.rect(box.l, Y(v), pw, 1, MINOR_GRID);
    for (const v of ax.ticks) cv.rect(X(v), box.t, 1, ph, GRID);
    for (const v of ay.ticks) cv.rect(box.l, Y(v), pw, 1, GRID);
    cv.rect(box.l - 1, box.t, 2, ph + 1, INK);
    cv.rect(box.l - 1, box.b, pw + 2, 2, INK);
    let lastRight = -Infinity;
    ax.ticks.forEach((v, i) => {
        const x = Math.round(X(v)),
            tw = textWidth(xLabels[i], S);
        cv.rect(x, box.b, 1, 7, INK);
        const left = Math.min(Math.max(x - tw / 2, 2), W - 2 - tw);
        if (left > lastRight + 8) {
            cv.text(xLabels[i], left, box.b + 12, S, INK);
            lastRight = left + tw;
        }
    });
    ay.ticks.forEach((v, i) => {
        const y = Math.round(Y(v));
        cv.rect(box.l - 7, y, 6, 1, INK);
        cv.text(
            yLabels[i],
            box.l - 10 - textWidth(yLabels[i], S),
            Math.min(Math.max(y - CH / 2, 2), H - CH - 2),
            S,
            INK,
        );
    });

    // Title, axis labels.
    const title = fit(spec.title, W - 20, titleScale);
    cv.text(title, Math.round((W - textWidth(title, titleScale)) / 2), 16, titleScale, INK);
    const xl = fit(spec.xLabel, W - 20, S);
    cv.text(xl, Math.round(box.l + (pw - textWidth(xl, S)) / 2), H - 12 - CH, S, INK);
    const yl = fit(spec.yLabel, H - 20, S);
    cv.text(yl, 12, Math.round(box.t + (ph + textWidth(yl, S)) / 2), S, INK, true);

    // Series: 2-pixel polylines clipped to the plot, then 7x7 square markers.
    const colour = (i: number): RGB => SERIES_COLOURS[i % SERIES_COLOURS.length];
    spec.series.forEach((s, i) => {
        const p = [...s.points].sort((a, b) => a[0] - b[0]).map(([x, y]) => [X(x), Y(y)]);
        for (let k = 1; k < p.length; k++) cv.line(p[k - 1][0], p[k - 1][1], p[k][0], p[k][1], colour(i), 2, box);
        for (const [x, y] of p) cv.rect(x - 3, y - 3, 7, 7, colour(i));
    });

    // Legend: a bordered box in whichever plot corner covers the fewest series pixels.
    const rowH = CH + 10,
        sw = 30,
        pad = 10;
    const names = spec.series.map((s) => fit(s.name, pw - 2 * pad - sw - 10 - 20, S));
    const lw = 2 * pad + sw + 8 + Math.max(...names.map((n) => textWidth(n, S)));
    const lh = 2 * pad + rowH * names.length - 10;
    const corners: [number, number][] = [
        [box.l + 10, box.t + 10],
        [box.r - 10 - lw, box.t + 10],
        [box.l + 10, box.b - 10 - lh],
        [box.r - 10 - lw, box.b - 10 - lh],
    ];
    const isSeries = (o: number): boolean =>
        SERIES_COLOURS.some((c) => cv.px[o] === c[0] && cv.px[o + 1] === c[1] && cv.px[o + 2] === c[2]);
    const covered = ([cx, cy]: [number, number]): number => {
        let n = 0;
        for (let j = Math.max(0, cy); j < Math.min(H, cy + lh); j++) {
            for (let i = Math.max(0, cx); i < Math.min(W, cx + lw); i++) if (isSeries((j * W + i) * 3)) n++;
        }
        return n;
    };
    const [lx, ly] = corners.reduce((a, b) => (covered(b) < covered(a) ? b : a));
    cv.rect(lx, ly, lw, lh, INK);
    cv.rect(lx + 1, ly + 1, lw - 2, lh - 2, WHITE);
    names.forEach((n, i) => {
        const cy = ly + pad + i * rowH + CH / 2;
        cv.rect(lx + pad, cy - 1, sw, 2, colour(i));
        cv.rect(lx + pad + sw / 2 - 3, cy - 3, 7, 7, colour(i));
        cv.text(n, lx + pad + sw + 8, cy - CH / 2, S, INK);
    });
    return encodePng(cv.px, W, H);
}

/** Renders and writes it. */
export function writeLineChartPng(file: string, spec: ChartSpec): void {
    fs.writeFileSync(file, renderLineChartPng(spec));
}

const CRC_TABLE = ((): Uint32Array => {
    const t = new Uint32Array(256);
    for (let n = 0; n < 256; n++) {
        let c = n;
        for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
        t[n] = c >>> 0;
    }
    return t;
})();

/** CRC-32 (ISO-HDLC, as PNG uses it) of `bufs` taken in sequence. */
function crc32(...bufs: Uint8Array[]): number {
    let c = 0xffffffff;
    for (const b of bufs) for (let i = 0; i < b.length; i++) c = CRC_TABLE[(c ^ b[i]) & 0xff] ^ (c >>> 8);
    return (c ^ 0xffffffff) >>> 0;
}

function chunk(type: string, data: Uint8Array): Buffer {
    const head = Buffer.alloc(8),
        tail = Buffer.alloc(4);
    head.writeUInt32BE(data.length, 0);
    head.write(type, 4, "latin1");
    tail.writeUInt32BE(crc32(head.subarray(4), data), 0);
    return Buffer.concat([head, data, tail]);
}

/** PNG of `rgb` (w*h*3 bytes, row-major): colour type 2, 8 bits, filter 0 on every row. */
function encodePng(rgb: Uint8Array, w: number, h: number): Buffer {
    const raw = Buffer.alloc(h * (1 + 3 * w));
    for (let y = 0; y < h; y++) raw.set(rgb.subarray(y * w * 3, (y + 1) * w * 3), y * (1 + 3 * w) + 1);
    const ihdr = Buffer.alloc(13);
    ihdr.writeUInt32BE(w, 0);
    ihdr.writeUInt32BE(h, 4);
    ihdr.set([8, 2, 0, 0, 0], 8); // bit depth, colour type RGB, deflate, filter method 0, no interlace
    const signature = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
    return Buffer.concat([
        signature,
        chunk("IHDR", ihdr),
        chunk("IDAT", zlib.deflateSync(raw, { level: 9 })),
        chunk("IEND", Buffer.alloc(0)),
    ]);
}
