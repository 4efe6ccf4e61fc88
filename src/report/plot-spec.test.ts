// The vega-lite spec of training curves: a sampled curve gets a ± 1 s.e. band (an area layer),
// a phased curve labelled rules, an exact curve neither, and the subtitle says which is which.
import { describe, expect, it } from "vitest";
import { exactSeries, phaseChanges, sampledSeries, type Figure, type Panel } from "./figure.js";
import { figureToVegaLite } from "./plot-spec.js";
import { validateFigure } from "./plot-validate.js";

type Layer = { mark: { type: string }; data: { values: Record<string, number | string>[] } };
const layers = (fig: Figure, k = 0) =>
  (figureToVegaLite(fig) as unknown as { concat: { layer: Layer[]; title: unknown }[] }).concat[k];
const marks = (fig: Figure) => layers(fig).layer.map((l) => l.mark.type);

const x = [1, 2, 3];
const panel = (p: Partial<Panel>): Figure => ({
  panels: [{ title: "revenue", xLabel: "step", yLabel: "v", series: [], ...p }],
});

describe("training curves in the plot spec", () => {
  it("a sampled curve has an area layer spanning y ± 1 s.e.", () => {
    const s = sampledSeries("v", x, [
      { value: 1, stderr: 0.1 },
      { value: 2, stderr: 0.25 },
      { value: 4, stderr: 0 },
    ]);
    const fig = panel({ series: [s] });
    validateFigure(fig);
    expect(marks(fig)).toEqual(["area", "line"]);
    const area = layers(fig).layer[0].data.values;
    expect(area.map((r) => [r.lower, r.upper])).toEqual([
      [0.9, 1.1],
      [1.75, 2.25],
      [4, 4],
    ]);
    expect(layers(fig).title).toMatchObject({ subtitle: "sampled, band ± 1 standard error" });
  });

  it("an exact curve has no band and says exact; a curve without phases has no rule", () => {
    const fig = panel({ series: [exactSeries("R(x)", x, [1, 2, 3])] });
    expect(marks(fig)).toEqual(["line"]);
    expect(layers(fig).title).toMatchObject({ subtitle: "exact (no band)" });
    const plain = panel({ series: [{ name: "y", x, y: [1, 2, 3] }] });
    expect(marks(plain)).toEqual(["line"]);
    expect(layers(plain).title).toBe("revenue");
  });

  it("a phased curve has a rule layer with the phases' labels at their steps", () => {
    const steps = ["adam", "adam", "vertex search"].map((phase, k) => ({ step: k + 1, phase }));
    const fig = panel({ series: [exactSeries("R(x)", x, [1, 2, 3])], vlines: phaseChanges(steps) });
    expect(marks(fig)).toEqual(["line", "rule", "text"]);
    expect(layers(fig).layer[1].data.values).toEqual([{ label: "vertex search", x: 3 }]);
  });

  it("names both kinds when a panel mixes them", () => {
    const fig = panel({
      series: [
        sampledSeries(
          "v",
          x,
          [1, 2, 3].map((value) => ({ value, stderr: 0.1 })),
        ),
        exactSeries("δ", x, [1, 1, 2]),
      ],
    });
    expect(marks(fig)).toEqual(["area", "line"]);
    expect(layers(fig).title).toMatchObject({
      subtitle: "v: sampled, band ± 1 standard error; δ: exact (no band)",
    });
  });

  it("refuses a malformed standard error, naming the field", () => {
    const s = { name: "v", x, y: [1, 2, 3], stderr: [0.1, -1, 0] };
    expect(() => validateFigure(panel({ series: [s] }))).toThrow(
      /series\[0\]\.stderr\[1\]: must be ≥ 0/,
    );
    const both = { ...s, stderr: [0, 0, 0], lower: x, upper: x };
    expect(() => validateFigure(panel({ series: [both] }))).toThrow(/not both/);
    const short = { ...s, stderr: [0.1] };
    expect(() => validateFigure(panel({ series: [short] }))).toThrow(/stderr: has 1 values/);
  });
});
