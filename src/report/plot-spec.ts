// Figure → Vega-Lite spec. Each panel is a layered chart (band, lines, reference rules) with its
// own axes; panels are concatenated into a grid. One colour per series name across the whole
// figure, so "seed 1" has the same colour in every panel and the legend is shown once.
import type { TopLevelSpec } from "vega-lite";
import { PLOT_FONT } from "./font.js";
import { measurementNote, type Figure, type Panel, type Series } from "./figure.js";

const PANEL_WIDTH = 320;
const PANEL_HEIGHT = 200;
const BAND_OPACITY = 0.2;
// Below this many points per series the samples are sparse (e.g. one per outer iteration),
// so markers show where the measurements are; above it they would hide the curve.
const MAX_POINTS_FOR_MARKERS = 20;

export function figureToVegaLite(fig: Figure): TopLevelSpec {
  // Legend order = order of first appearance (Vega would sort names alphabetically).
  const names = [...new Set(fig.panels.flatMap((p) => p.series.map((s) => s.name)))];
  const refs = [...new Set(fig.panels.flatMap((p) => (p.hlines ?? []).map((h) => h.name)))];
  const columns = fig.columns ?? Math.min(fig.panels.length, 3);
  return {
    $schema: "https://vega.github.io/schema/vega-lite/v5.json",
    ...(fig.title !== undefined ? { title: { text: fig.title, fontSize: 15 } } : {}),
    background: "white",
    columns,
    concat: fig.panels.map((p) => panelSpec(p, names, refs)),
    resolve: { scale: { color: "shared", strokeDash: "shared" } },
    config: {
      // Fallbacks for browsers showing the SVG on a machine without Roboto.
      font: `${PLOT_FONT}, Helvetica, Arial, sans-serif`,
      title: { fontSize: 13 },
      axis: { labelFontSize: 10, titleFontSize: 11 },
      legend: { labelFontSize: 11, titleFontSize: 11, labelLimit: 300 },
    },
  };
}

function panelSpec(p: Panel, names: string[], refs: string[]): any {
  // Padding (in pixels) keeps a curve or reference line at the extreme off the axis line.
  const yScale = p.logY ? { type: "log" } : { zero: false, padding: 8 };
  const x = { field: "x", type: "quantitative", title: p.xLabel, scale: { zero: false } };
  const y = { type: "quantitative", title: p.yLabel, scale: yScale };
  const color = {
    field: "series",
    type: "nominal",
    scale: { domain: names },
    // Stroke symbols: the band layer comes first and would otherwise give pale filled circles.
    legend: { title: "series", symbolType: "stroke", symbolOpacity: 1, symbolStrokeWidth: 2 },
  };
  const lineRows = p.series.flatMap((s) =>
    s.x.map((xv, i) => ({ series: s.name, x: xv, y: s.y[i] })),
  );
  const bandRows = p.series.flatMap((s) =>
    s.x.flatMap((xv, i) => {
      const b = band(s, i);
      return b ? [{ series: s.name, x: xv, ...b }] : [];
    }),
  );
  const markers = Math.max(...p.series.map((s) => s.x.length)) <= MAX_POINTS_FOR_MARKERS;
  const layer: any[] = [];
  if (bandRows.length > 0)
    layer.push({
      data: { values: bandRows },
      mark: { type: "area", opacity: BAND_OPACITY },
      encoding: { x, y: { ...y, field: "lower" }, y2: { field: "upper" }, color },
    });
  layer.push({
    data: { values: lineRows },
    mark: { type: "line", strokeWidth: 1.8, ...(markers ? { point: { size: 25 } } : {}) },
    encoding: { x, y: { ...y, field: "y" }, color },
  });
  if (p.hlines && p.hlines.length > 0)
    layer.push({
      data: { values: p.hlines.map((h) => ({ reference: h.name, y: h.y })) },
      mark: { type: "rule", color: "#444", strokeWidth: 1.2 },
      encoding: {
        y: { ...y, field: "y" },
        strokeDash: {
          field: "reference",
          type: "nominal",
          scale: { domain: refs },
          legend: { title: "reference" },
        },
      },
    });
  if (p.vlines && p.vlines.length > 0) {
    const values = p.vlines.map((v) => ({ label: v.label, x: v.x }));
    layer.push({
      data: { values },
      mark: { type: "rule", color: "#888", strokeDash: [2, 2] },
      encoding: { x },
    });
    layer.push({
      data: { values },
      mark: {
        type: "text",
        align: "left",
        baseline: "top",
        dx: 3,
        dy: 3,
        fontSize: 10,
        color: "#555",
      },
      encoding: { x, y: { value: 0 }, text: { field: "label" } },
    });
  }
  const note = measurementNote(p.series);
  const title = note ? { text: p.title, subtitle: note, subtitleFontSize: 10 } : p.title;
  return { title, width: PANEL_WIDTH, height: PANEL_HEIGHT, layer };
}

/** The band around point i: y ± 1 s.e. for a sampled series, else lower..upper if given. */
function band(s: Series, i: number): { lower: number; upper: number } | undefined {
  if (s.stderr) return { lower: s.y[i] - s.stderr[i], upper: s.y[i] + s.stderr[i] };
  if (s.lower && s.upper) return { lower: s.lower[i], upper: s.upper[i] };
  return undefined;
}
