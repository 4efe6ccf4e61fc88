import { Resvg } from "@resvg/resvg-js";
import { describe, expect, it } from "vitest";
import { FONT_FILES, PLOT_FONT, textWidth } from "./font.js";

/** Right edge of the ink of `text` drawn from x = 0 by resvg (an independent text engine). */
function inkRight(text: string, size: number, bold: boolean): number {
  // A 1×1 marker at the origin pins the bounding box's left edge to x = 0.
  const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="800" height="60"><rect width="1" height="1"/><text x="0" y="40" font-family="${PLOT_FONT}" font-size="${size}" font-weight="${bold ? 700 : 400}">${text}</text></svg>`;
  const r = new Resvg(svg, {
    font: { loadSystemFonts: false, fontFiles: [FONT_FILES.regular, FONT_FILES.bold] },
  });
  const bb = r.getBBox()!;
  return bb.x + bb.width;
}

describe("textWidth", () => {
  it("is proportional: wide glyphs are wider, bold is wider, size scales linearly", () => {
    expect(textWidth("WWWW", 11)).toBeGreaterThan(2 * textWidth("iiii", 11));
    expect(textWidth("profit loss", 11, true)).toBeGreaterThan(textWidth("profit loss", 11));
    expect(textWidth("seed 1", 22)).toBeCloseTo(2 * textWidth("seed 1", 11), 10);
    expect(textWidth("", 11)).toBe(0);
  });

  it("agrees with where resvg's text engine ends the ink, to within 3%", () => {
    // Ending with "|" (ink reaches almost to the advance) makes ink edge ≈ advance width;
    // Vega's own canvas-free guess (0.8 em per character) is off by about 45% here.
    for (const [text, bold] of [
      ["expected discounted revenue|", true],
      ["seed 12, 0.001|", false],
    ] as const) {
      const ours = textWidth(text, 20, bold);
      const ink = inkRight(text, 20, bold);
      expect(Math.abs(ours - ink) / ink).toBeLessThan(0.03);
    }
  });
});
