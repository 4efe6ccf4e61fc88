// Line plots for run directories and docs: a Figure (a grid of panels of series) → SVG or PNG.
// Vega-Lite builds the chart, Vega renders it headlessly to SVG, resvg turns that into PNG
// (docs/plots.md). Callers only see these types and two functions.
import type { Figure } from "./figure.js";
import { useFontMetrics } from "./font.js";
import { figureToVegaLite } from "./plot-spec.js";
import { validateFigure } from "./plot-validate.js";
import { checkScale, svgToPng } from "./png.js";

export type { Figure, HLine, Panel, Series } from "./figure.js";
export { exactSeries, phaseChanges, sampledSeries } from "./figure.js";

/**
 * The figure as a standalone SVG document. Rejects with a UsageError naming the field
 * (e.g. "panels[0].series[1].y") if the figure is malformed; nothing is rendered then.
 */
export async function renderSvg(fig: Figure): Promise<string> {
  validateFigure(fig);
  // Vega and Vega-Lite take ~0.8 s to load: loaded on first plot, so that commands which
  // draw nothing (list, check, evaluate) start fast.
  const [vega, { compile }] = await Promise.all([import("vega"), import("vega-lite")]);
  const { parse, View } = vega;
  useFontMetrics(vega);
  const vgSpec = compile(figureToVegaLite(fig)).spec;
  const view = new View(parse(vgSpec), { renderer: "none" });
  try {
    return await view.toSVG();
  } finally {
    view.finalize();
  }
}

/** The figure as PNG bytes; `scale` multiplies the SVG's pixel size (default 2, for sharp docs). */
export async function renderPng(fig: Figure, scale = 2): Promise<Uint8Array> {
  checkScale(scale); // before the (slower) SVG rendering
  return svgToPng(await renderSvg(fig), scale);
}
