import { describe, expect, it } from "vitest";
import { UsageError } from "../core/errors.js";
import { renderPng, renderSvg, type Figure, type Series } from "./plot.js";
import { svgToPng } from "./png.js";

const xs = [0, 1, 2, 3, 4, 5];
const seed1: Series = { name: "seed 1", x: xs, y: xs.map((t) => 10 - t) };
const twoPanels: Figure = {
  title: "Convergence",
  panels: [
    {
      title: "Exploitability",
      xLabel: "step",
      yLabel: "exploitability",
      series: [seed1, { name: "seed 2", x: xs, y: xs.map((t) => 8 - t / 2) }],
      hlines: [{ name: "tolerance", y: 1 }],
    },
    {
      title: "Profit loss",
      xLabel: "step",
      yLabel: "profit loss",
      series: [{ ...seed1, y: xs.map((t) => t * t) }],
    },
  ],
};

/** The `d` attribute of each path inside Vega's mark groups of one kind ("line", "area"). */
function markPaths(svg: string, mark: string): { label: string; stroke?: string; d: string }[] {
  const groups = svg.split(`<g class="mark-${mark} role-mark`).slice(1);
  return groups.flatMap((g) =>
    [...g.split("</g>")[0].matchAll(/<path ([^>]*)>/g)].map((m) => ({
      label: /aria-label="([^"]*)"/.exec(m[1])?.[1] ?? "",
      stroke: /stroke="([^"]*)"/.exec(m[1])?.[1],
      d: /\bd="([^"]*)"/.exec(m[1])![1],
    })),
  );
}

/** Pixel y coordinates of a path made of M/L commands. */
function pathYs(d: string): number[] {
  return [...d.matchAll(/[ML]([-\d.e]+),([-\d.e]+)/g)].map((m) => Number(m[2]));
}

function svgWidth(svg: string): number {
  return Number(/<svg[^>]* width="([\d.]+)"/.exec(svg)![1]);
}

/** Width from the PNG's IHDR chunk (bytes 16–19, big-endian). */
function pngWidth(png: Uint8Array): number {
  return new DataView(png.buffer, png.byteOffset).getUint32(16);
}

/** The field of the UsageError that `p` rejects with. */
async function rejectedField(p: Promise<unknown>): Promise<string> {
  try {
    await p;
  } catch (e) {
    if (e instanceof UsageError) return e.field;
    throw e;
  }
  throw new Error("expected a UsageError");
}

describe("renderSvg", () => {
  it("names every series, panel, reference line and the figure title", async () => {
    const svg = await renderSvg(twoPanels);
    expect(svg.startsWith("<svg")).toBe(true);
    for (const text of ["Convergence", "Exploitability", "Profit loss", "seed 1", "seed 2"])
      expect(svg).toContain(text);
    expect(svg).toContain("tolerance");
    expect(svg).toContain("profit loss"); // axis title
  });

  it("draws one line per series, same colour for the same name in every panel", async () => {
    const lines = markPaths(await renderSvg(twoPanels), "line");
    expect(lines).toHaveLength(3);
    const stroke = (name: string) =>
      lines.filter((l) => l.label.endsWith(`series: ${name}`)).map((l) => l.stroke);
    expect(stroke("seed 1")).toHaveLength(2);
    expect(stroke("seed 1")[0]).toBe(stroke("seed 1")[1]);
    expect(stroke("seed 2")[0]).not.toBe(stroke("seed 1")[0]);
  });

  it("lists series and references in the legend in the order they first appear, not alphabetically", async () => {
    const panel = { title: "P", xLabel: "x", yLabel: "y" };
    const svg = await renderSvg({
      panels: [
        { ...panel, series: [{ ...seed1, name: "zeta" }], hlines: [{ name: "z-ref", y: 1 }] },
        { ...panel, series: [{ ...seed1, name: "alpha" }], hlines: [{ name: "a-ref", y: 1 }] },
      ],
    });
    const labels = [...svg.matchAll(/role-legend-label"[^>]*><text[^>]*>([^<]+)</g)];
    expect(labels.map((m) => m[1])).toEqual(["zeta", "alpha", "z-ref", "a-ref"]);
  });

  it("draws a band as an area path that encloses its line, and none without a band", async () => {
    const band: Figure = {
      panels: [
        {
          title: "Band",
          xLabel: "x",
          yLabel: "y",
          series: [
            { ...seed1, lower: seed1.y.map((v) => v - 1), upper: seed1.y.map((v) => v + 1) },
          ],
        },
      ],
    };
    const svg = await renderSvg(band);
    const [area] = markPaths(svg, "area");
    const [line] = markPaths(svg, "line");
    // The area traces upper then lower: two vertices per point.
    expect(pathYs(area.d)).toHaveLength(2 * xs.length);
    // Pixel y grows downwards; the band reaches above and below every point of the line.
    expect(Math.min(...pathYs(area.d))).toBeLessThan(Math.min(...pathYs(line.d)));
    expect(Math.max(...pathYs(area.d))).toBeGreaterThan(Math.max(...pathYs(line.d)));
    expect(
      markPaths(await renderSvg({ panels: [{ ...band.panels[0], series: [seed1] }] }), "area"),
    ).toHaveLength(0);
  });

  it("uses a log axis when asked", async () => {
    const panel = { title: "P", xLabel: "x", yLabel: "y", series: [seed1] };
    expect(await renderSvg({ panels: [{ ...panel, logY: true }] })).toContain("for a log scale");
    expect(await renderSvg({ panels: [panel] })).not.toContain("for a log scale");
  });

  it("lays panels out in the requested number of columns", async () => {
    const one = { title: "P", xLabel: "x", yLabel: "y", series: [seed1] };
    const panels = [one, { ...one, title: "Q" }];
    const wide = svgWidth(await renderSvg({ panels, columns: 2 }));
    const narrow = svgWidth(await renderSvg({ panels, columns: 1 }));
    expect(wide).toBeGreaterThan(1.5 * narrow);
  });
});

describe("bad input names the field at fault", () => {
  const panel = twoPanels.panels[0];
  const cases: [string, Figure, string][] = [
    ["no panels", { panels: [] }, "panels"],
    ["zero columns", { ...twoPanels, columns: 0 }, "columns"],
    ["no series", { panels: [{ ...panel, series: [] }] }, "panels[0].series"],
    [
      "x/y length mismatch",
      { panels: [{ ...panel, series: [seed1, { name: "b", x: [1, 2], y: [1] }] }] },
      "panels[0].series[1].y",
    ],
    [
      "NaN in y",
      { panels: [{ ...panel, series: [{ name: "a", x: [1, 2], y: [1, NaN] }] }] },
      "panels[0].series[0].y[1]",
    ],
    [
      "lower without upper",
      { panels: [{ ...panel, series: [{ ...seed1, lower: seed1.y }] }] },
      "panels[0].series[0].upper",
    ],
    [
      "lower above upper",
      {
        panels: [
          {
            ...panel,
            series: [
              { ...seed1, lower: seed1.y, upper: seed1.y.map((v, i) => (i === 2 ? v - 1 : v)) },
            ],
          },
        ],
      },
      "panels[0].series[0].lower[2]",
    ],
    [
      "duplicate series name",
      { panels: [{ ...panel, series: [seed1, seed1] }] },
      "panels[0].series[1].name",
    ],
    [
      "zero on a log axis",
      { panels: [{ ...panel, logY: true, series: [{ name: "a", x: [1, 2], y: [1, 0] }] }] },
      "panels[0].series[0].y[1]",
    ],
    [
      "non-positive hline on a log axis",
      {
        panels: [
          {
            ...panel,
            logY: true,
            series: [{ name: "a", x: [1], y: [1] }],
            hlines: [{ name: "h", y: -1 }],
          },
        ],
      },
      "panels[0].hlines[0].y",
    ],
  ];
  for (const [what, fig, field] of cases)
    it(what, async () => {
      expect(await rejectedField(renderSvg(fig))).toBe(field);
    });

  it("a non-positive scale", async () => {
    expect(await rejectedField(renderPng(twoPanels, 0))).toBe("scale");
  });
});

describe("renderPng", () => {
  it("writes a PNG whose width is the SVG's width times the scale", async () => {
    const w = svgWidth(await renderSvg(twoPanels));
    for (const scale of [1, 1.5]) {
      const png = await renderPng(twoPanels, scale);
      expect([...png.subarray(0, 8)]).toEqual([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
      expect(pngWidth(png)).toBe(Math.round(w * scale));
    }
  });

  it("escapes XML special characters in names, so resvg can parse the SVG", async () => {
    const fig: Figure = {
      title: "δ & <θ>",
      panels: [{ title: "A", xLabel: "x", yLabel: "y", series: [{ ...seed1, name: "a & <b>" }] }],
    };
    expect(await renderSvg(fig)).toContain("a &amp; &lt;b&gt;");
    expect(pngWidth(await renderPng(fig, 1))).toBe(svgWidth(await renderSvg(fig)));
  });

  it("draws text with the bundled font (text changes the pixels)", async () => {
    const page = (text: string) =>
      `<svg xmlns="http://www.w3.org/2000/svg" width="120" height="30"><text x="5" y="20" font-family="Roboto" font-size="14">${text}</text></svg>`;
    const withText = await svgToPng(page("seed 1"), 1);
    const blank = await svgToPng(page(""), 1);
    expect(Buffer.from(withText).equals(Buffer.from(blank))).toBe(false);
  });
});
