// The one font of our plots. Fresh machines (CI) may have no system fonts, and resvg draws
// text only with fonts it is given, so Roboto comes from an npm package. Vega, without a
// canvas, would guess every glyph at 0.8 em (about 45% wider than Roboto), which misplaces
// titles above long axis titles and pads legends; we give it Roboto's real advance widths.
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { ttfWidths, type EmWidth } from "./ttf-widths.js";

export const PLOT_FONT = "Roboto";

const require = createRequire(import.meta.url);
export const FONT_FILES = {
  regular: require.resolve("@expo-google-fonts/roboto/400Regular/Roboto_400Regular.ttf"),
  bold: require.resolve("@expo-google-fonts/roboto/700Bold/Roboto_700Bold.ttf"), // titles
};

let widths: { regular: EmWidth; bold: EmWidth } | undefined;

/** Width in pixels of one line of text in the plot font. */
export function textWidth(text: string, fontSize: number, bold = false): number {
  widths ??= {
    regular: ttfWidths(readFileSync(FONT_FILES.regular)),
    bold: ttfWidths(readFileSync(FONT_FILES.bold)),
  };
  const em = bold ? widths.bold : widths.regular;
  let w = 0;
  for (let i = 0; i < text.length; i++) w += em(text.charCodeAt(i));
  return w * fontSize;
}

/**
 * Make Vega measure text with the plot font. `textMetrics.width` is Vega's documented hook
 * for this (used the same way by vl-convert); it is global, and every plot uses the same font.
 */
export function useFontMetrics(vega: typeof import("vega")): void {
  const metrics = (vega as any).textMetrics as { width: (item: any, text: unknown) => number };
  metrics.width = (item, text) => {
    const size = item.fontSize != null ? +item.fontSize || 0 : 11; // Vega's default size
    const weight = item.fontWeight;
    const bold = weight === "bold" || (typeof weight === "number" && weight >= 600);
    // Vega's truncation to `limit` calls this on candidate prefixes, so no capping here.
    return textWidth(text == null ? "" : String(text).trim(), size, bold);
  };
}
