// SVG → PNG with resvg (a Rust rasterizer shipped as a prebuilt npm binary; no `canvas`).
// System fonts are not loaded: only the plot font, so every machine draws the same pixels.
import { UsageError } from "../core/errors.js";
import { FONT_FILES, PLOT_FONT } from "./font.js";

/** Largest allowed scale: a 3-panel figure (~1100 px) at 8× is ~9000 pixels wide. */
const MAX_SCALE = 8;

export function checkScale(scale: number): void {
  if (typeof scale !== "number" || !(scale > 0 && scale <= MAX_SCALE))
    throw new UsageError("scale", `must be a number in (0, ${MAX_SCALE}], got ${String(scale)}`);
}

/** Rasterize an SVG; the PNG is `scale` times the SVG's width and height (rounded). */
export async function svgToPng(svg: string, scale = 2): Promise<Uint8Array> {
  checkScale(scale);
  // Loaded on first use: the native addon costs start-up time in commands that draw nothing.
  const { renderAsync } = await import("@resvg/resvg-js");
  const image = await renderAsync(svg, {
    fitTo: { mode: "zoom", value: scale },
    background: "white",
    font: {
      loadSystemFonts: false,
      fontFiles: [FONT_FILES.regular, FONT_FILES.bold],
      defaultFontFamily: PLOT_FONT,
      sansSerifFamily: PLOT_FONT,
    },
  });
  return new Uint8Array(image.asPng());
}
