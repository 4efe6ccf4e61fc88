import { describe, expect, it } from "vitest";
import { validateFigure } from "../report/plot-validate.js";
import type { AmaRunResult } from "./run.js";
import { amaTraceFigure } from "./trace-figure.js";

const run = (trace: { step: number; validation: number }[]) =>
  ({
    environment: "sequential-sales(agents=2,items=2)",
    designer: "smooth(iterations=300)",
    objective: "revenue",
    trace,
  }) as unknown as AmaRunResult;

describe("AMA design-trace figure", () => {
  it("plots every traced step's validation score, and nothing for a single point", () => {
    const trace = [
      { step: 0, validation: 0 },
      { step: 25, validation: 0.4 },
      { step: 50, validation: 0.45 },
    ];
    const f = amaTraceFigure(run(trace))!;
    expect(() => validateFigure(f)).not.toThrow();
    expect(f.title).toBe("sequential-sales(agents=2,items=2), designer smooth");
    expect(f.panels[0].series[0].x).toEqual([0, 25, 50]);
    expect(f.panels[0].series[0].y).toEqual([0, 0.4, 0.45]);
    expect(f.panels[0].series[0].exact).toBe(true); // exact validation scores: no band
    expect(amaTraceFigure(run(trace.slice(0, 1)))).toBeUndefined();
  });
});
