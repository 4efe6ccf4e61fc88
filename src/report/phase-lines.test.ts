// Phase changes marked on learning curves: where they are, and that the SVG draws them.
import { describe, expect, it } from "vitest";
import { phaseChanges } from "./figure.js";
import { renderSvg, type Figure } from "./plot.js";
import { validateFigure } from "./plot-validate.js";

describe("phase-change markers", () => {
  it("mark every step whose phase differs from the step before", () => {
    const steps = ["adam", "adam", "flip", "flip", "adam"].map((phase, k) => ({
      step: k + 1,
      phase,
    }));
    expect(phaseChanges(steps)).toEqual([
      { label: "flip", x: 3 },
      { label: "adam", x: 5 },
    ]);
    expect(phaseChanges([{ step: 1 }, { step: 2 }])).toEqual([]);
  });

  it("are drawn as labelled rules, and refused when malformed", async () => {
    const fig: Figure = {
      panels: [
        {
          title: "t",
          xLabel: "step",
          yLabel: "y",
          series: [{ name: "s", x: [1, 2, 3], y: [1, 2, 3] }],
          vlines: [{ label: "vertex search", x: 2 }],
        },
      ],
    };
    const svg = await renderSvg(fig);
    expect(svg).toContain("vertex search");
    expect(svg).toMatch(/class="mark-rule role-mark/);
    const bad = { ...fig, panels: [{ ...fig.panels[0], vlines: [{ label: "x", x: NaN }] }] };
    expect(() => validateFigure(bad)).toThrow(/vlines\[0\]\.x: must be a finite number/);
  });
});
