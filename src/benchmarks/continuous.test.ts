import { describe, expect, it } from "vitest";
import { buildProblem } from "../problems/registry.js";
import {
  continuousOptimum,
  logitWalkModel,
  pstConstantReward,
  pstImpulseReward,
  welfareReward,
} from "./continuous.js";
import { couple } from "./coupling.js";
import type { AgentState } from "../problems/types.js";

const grid = { bins: 8, points: 41, span: 5 };

describe("continuous grid DP", () => {
  it("T = 2, one buyer: first-best = 2.5(1 + γ) (sigmoid of a symmetric logit is 2.5 on average)", () => {
    const cm = logitWalkModel(buildProblem("bandit-auction(values=continuous,agents=1,horizon=2)"));
    // Always allocate: E[v_0] + γ E[v_1]; s_0 and s_1 are symmetric about logit(2.5/5) = 0.
    expect(continuousOptimum(cm, 1, welfareReward, grid)).toBeCloseTo(2.5 * 1.85, 6);
  });

  it("T = 1, two buyers: first-best ≈ E[max] = 2.5 + 0.1/√π", () => {
    const cm = logitWalkModel(buildProblem("bandit-auction(values=continuous,horizon=1)"));
    // Midpoint quadrature with 8 nodes per buyer: a few 1e-3 of discretisation error.
    expect(continuousOptimum(cm, 2, welfareReward, grid)).toBeCloseTo(
      2.5 + 0.1 / Math.sqrt(Math.PI),
      2,
    );
  });

  it("T = 1: both handicaps coincide (impulse response is 1 at τ = 0)", () => {
    const cm = logitWalkModel(buildProblem("bandit-auction(values=continuous,horizon=1)"));
    const a = continuousOptimum(cm, 2, pstImpulseReward(cm), grid);
    const b = continuousOptimum(cm, 2, pstConstantReward(cm), grid);
    expect(a).toBeCloseTo(b, 12);
  });

  it("virtual surplus ≤ first-best on the same grid", () => {
    const cm = logitWalkModel(buildProblem("bandit-auction(values=continuous,horizon=3)"));
    const fb = continuousOptimum(cm, 2, welfareReward, grid);
    expect(continuousOptimum(cm, 2, pstImpulseReward(cm), grid)).toBeLessThanOrEqual(fb);
  });
});

describe("comonotone coupling", () => {
  const st = (v: number): AgentState => ({
    values: Float64Array.of(v),
    consumed: new Float64Array(1),
  });
  it("keeps both marginals and the order of the values", () => {
    const a = [
      { p: 0.5, value: st(1) },
      { p: 0.3, value: st(2) },
      { p: 0.2, value: st(3) },
    ];
    const b = [
      { p: 0.2, value: st(1) },
      { p: 0.3, value: st(2) },
      { p: 0.5, value: st(3) },
    ];
    const j = couple(a, b, "comonotone");
    for (const v of [1, 2, 3]) {
      const pa = j.filter((q) => q.a.values[0] === v).reduce((s, q) => s + q.p, 0);
      const pb = j.filter((q) => q.b.values[0] === v).reduce((s, q) => s + q.p, 0);
      expect(pa).toBeCloseTo(a[v - 1].p, 12);
      expect(pb).toBeCloseTo(b[v - 1].p, 12);
    }
    // b dominates a stochastically, so the common-quantile pair is ordered on every branch.
    expect(j.every((q) => q.a.values[0] <= q.b.values[0])).toBe(true);
  });
});
