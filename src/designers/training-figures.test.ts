// Every designer's training figure says how its curves were measured: sampled curves carry the
// standard error of the samples behind each point (a ± 1 s.e. band), exact ones are flagged
// exact (no band), and the acceptance method's binary-search rounds are marked.
import { describe, expect, it } from "vitest";
import { validateFigure } from "../report/plot-validate.js";
import { meanCurve } from "../spm/compare.js";
import type { SpmTrainResult } from "../spm/train.js";
import { bilevelFigure } from "./exact-game/report.js";
import type { BilevelResult } from "./exact-game/bilevel-types.js";
import { handicapFigure } from "./handicap/report.js";
import type { HandicapResult } from "./handicap/handicap-designer.js";
import type { StepRecord } from "./inverse-game/designer.js";
import { convergenceFigure } from "./inverse-game/report.js";
import type { DesignResult } from "./inverse-game/run.js";
import { npgFigure } from "./npg-game/npg-report.js";
import type { NpgDesignResult } from "./npg-game/npg-design.js";

const sgdaRun = (mode: "full" | "sampled", delta: number[]) =>
  ({
    designer: "acceptance(rounds=2)",
    regretMode: mode,
    chosen: { report: { exploitability: { value: 0.01 } } },
    history: delta.map((d, k): StepRecord => ({
      step: k + 1,
      delta: d,
      revenue: 1 + k / 10,
      regret: 0.5 / (k + 1),
      irViolation: 0,
      minInterim: 0.1,
      loss: 0,
      seconds: k,
      ...(mode === "sampled" ? { revenueStderr: 0.02 * (k + 1), regretStderr: 0.01 } : {}),
    })),
  }) as unknown as DesignResult;

describe("training figures", () => {
  it("SGDA, sampled oracle: revenue and regret with their per-iteration standard errors", () => {
    const f = convergenceFigure(sgdaRun("sampled", [NaN, NaN, NaN]));
    validateFigure(f);
    const [regret, revenue, ir] = f.panels.map((p) => p.series[0]);
    expect(regret.stderr).toEqual([0.01, 0.01, 0.01]);
    expect(revenue.stderr).toEqual([0.02, 0.04, 0.06]);
    expect(ir.stderr).toBeUndefined();
    expect(ir.exact).toBeUndefined(); // sampled, without an s.e.: not called exact either
    expect(f.panels[0].vlines).toEqual([]); // no target δ: nothing to mark
  });

  it("SGDA, exact oracle: exact curves; acceptance rounds marked where δ changes", () => {
    const f = convergenceFigure(sgdaRun("full", [2, 2, 3, 3, 2.5]));
    validateFigure(f);
    for (const p of f.panels) {
      expect(p.series.every((s) => s.exact && !s.stderr)).toBe(true);
      expect(p.vlines).toEqual([
        { label: "δ 3.000", x: 3 },
        { label: "δ 2.500", x: 5 },
      ]);
    }
  });

  it("NPG: every curve exact (enumerated game), acceptance rounds marked", () => {
    const history = [5, 5, 6].map((delta, k) => ({
      step: k + 1,
      delta,
      revenue: 5 + k / 10,
      regret: 0.1,
      exactRegret: 0.2,
      irViolation: 0,
      minInterim: 0.01,
      loss: 0,
      seconds: k,
    }));
    const res = { designer: "npg-acceptance", history, chosen: { revenue: 5.1 } };
    const f = npgFigure(res as unknown as NpgDesignResult);
    validateFigure(f);
    expect(f.panels.every((p) => p.series.every((s) => s.exact && !s.stderr))).toBe(true);
    expect(f.panels.map((p) => p.vlines)).toEqual(f.panels.map(() => [{ label: "δ 6.000", x: 3 }]));
  });

  it("bilevel: exact LP optima, the Adam → vertex-search change marked", () => {
    const history = ["adam", "adam", "vertex search"].map((phase, k) => ({
      step: k,
      phase,
      revenue: 1 + k,
      icSlack: 0,
    }));
    const f = bilevelFigure({ designer: "bilevel", history } as unknown as BilevelResult, []);
    validateFigure(f);
    expect(f.panels.every((p) => p.series.every((s) => s.exact))).toBe(true);
    expect(f.panels[0].vlines).toEqual([{ label: "vertex search", x: 2 }]);
  });

  it("handicap: each scale's profit with its sampled standard error", () => {
    const profit = (value: number, stderr: number) => ({ value, exact: false, stderr });
    const res = {
      candidates: [
        { scale: 0.5, profit: profit(1, 0.1) },
        { scale: 1, profit: profit(1.2, 0.05) },
      ],
      chosen: 1,
    } as unknown as HandicapResult;
    const f = handicapFigure(res, []);
    validateFigure(f);
    expect(f.panels[0].series).toEqual([
      { name: "profit", x: [0.5, 1], y: [1, 1.2], stderr: [0.1, 0.05] },
    ]);
  });

  it("SPM: one seed keeps its evaluation's s.e.; several use the spread across seeds", () => {
    const run = (values: number[], stderr: number) =>
      ({
        curve: values.map((value, k) => ({ steps: 100 * k, value, stderr })),
      }) as unknown as SpmTrainResult;
    expect(meanCurve([run([1, 2], 0.3)])).toEqual({ x: [0, 100], y: [1, 2], stderr: [0.3, 0.3] });
    // Seeds 1 and 3 at the first point: mean 2, sd √2, s.e. √2/√2 = 1.
    const two = meanCurve([run([1, 2], 0.3), run([3, 2], 0.3)]);
    expect(two.y).toEqual([2, 2]);
    expect(two.stderr[0]).toBeCloseTo(1, 12);
    expect(two.stderr[1]).toBe(0);
  });
});
