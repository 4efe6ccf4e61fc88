// The report's interactive curves: a metric with a standard-error column gets a ± 1 s.e. band
// (an area layer spanning value ± s.e.), a metric without one is a bare line.
import { describe, expect, it } from "vitest";
import { curvesSpec } from "./curves-spec.js";
import { parseCsv } from "./run-data.js";

type Spec = {
  data: { values: Record<string, unknown>[] };
  spec: { layer: { mark: { type: string } }[] };
};

describe("report curves", () => {
  it("bands a sampled metric by its _stderr column and leaves the exact one bare", () => {
    const t = parseCsv("step,revenue,regret,revenue_stderr\n1,2,0.5,0.1\n2,3,0.25,0.2\n")!;
    const s = curvesSpec(t) as Spec;
    expect(s.spec.layer.map((l) => l.mark.type)).toEqual(["area", "line"]);
    const revenue = s.data.values.filter((v) => v.metric === "revenue (± 1 s.e.)");
    expect(revenue.map((v) => [v.lower, v.upper])).toEqual([
      [1.9, 2.1],
      [2.8, 3.2],
    ]);
    const regret = s.data.values.filter((v) => v.metric === "regret");
    expect(regret.every((v) => v.lower === undefined)).toBe(true);
    expect(s.data.values.some((v) => v.metric === "revenue_stderr")).toBe(false);
  });

  it("pairs profit_stderr with profit_per_good, and draws no band without s.e. columns", () => {
    const t = parseCsv("scale,profit_per_good,profit_stderr\n1,2,0.5\n")!;
    expect((curvesSpec(t) as Spec).data.values[0]).toMatchObject({ lower: 1.5, upper: 2.5 });
    const bare = curvesSpec(parseCsv("step,revenue\n0,1\n1,2\n")!) as Spec;
    expect(bare.spec.layer.map((l) => l.mark.type)).toEqual(["line"]);
  });
});
