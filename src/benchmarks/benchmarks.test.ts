import { describe, expect, it } from "vitest";
import { buildProblem } from "../problems/registry.js";
import { pstConstantDiscrete, pstRelaxedDiscrete, firstBestDiscrete } from "./discrete.js";
import { staticMyersonRevenue } from "./static-myerson.js";
import { computeBenchmarks, FIRST_BEST, PST_CONSTANT, PST_RELAXED } from "./index.js";
import { inverseHazardHandicap } from "./discrete-handicap.js";
import { discreteVirtualValues } from "../mechanisms/myerson.js";
import type { TwinMode } from "./discrete-handicap.js";
import { couple } from "./coupling.js";

const MODES: TwinMode[] = [
  "comonotone",
  "independent",
  "expected",
  "comonotone-observed",
  "independent-observed",
];
const opts = { seed: 1, samples: 200 };

describe("discrete benchmarks, hand-derivable cases", () => {
  const T1 = buildProblem("bandit-auction(horizon=1,discount=1)");

  it("the handicap at τ = 0 gives the discrete Myerson virtual values", () => {
    // φ = θ − η(θ): uniform {1,2,3} gives φ = (−1, 1, 3).
    const eta = inverseHazardHandicap({ grid: [1, 2, 3], probs: [1 / 3, 1 / 3, 1 / 3] });
    const phi = discreteVirtualValues([1, 2, 3], [1 / 3, 1 / 3, 1 / 3]);
    expect([1 - eta[0], 2 - eta[1], 3 - eta[2]].map((x) => x + 0)).toEqual(
      phi.map((x) => expect.closeTo(x, 12)),
    );
  });

  it("T = 1: every PST variant and static Myerson give exactly 2 for two buyers on {1,2,3}", () => {
    // E[max(0, φ_1, φ_2)] with φ = (−1, 1, 3): P(some 3) = 5/9 → 3; P(max 2) = 3/9 → 1. = 2.
    expect(pstConstantDiscrete(T1)).toBeCloseTo(2, 12);
    for (const mode of MODES) expect(pstRelaxedDiscrete(T1, mode)).toBeCloseTo(2, 12);
    expect(staticMyersonRevenue(T1, opts)).toEqual({ value: expect.closeTo(2, 12), exact: true });
  });

  it("T = 1: first-best = E[max(v_1, v_2)] = 22/9", () => {
    // P(max=1) = 1/9, P(max=2) = 3/9, P(max=3) = 5/9: (1 + 6 + 15)/9.
    expect(firstBestDiscrete(T1)).toBeCloseTo(22 / 9, 12);
  });

  it("first-best of m goods is m times one good (goods evolve independently)", () => {
    const one = firstBestDiscrete(buildProblem("bandit-auction(horizon=3)"));
    const two = firstBestDiscrete(buildProblem("bandit-auction(horizon=3,items=2)"));
    expect(two).toBeCloseTo(2 * one, 10);
  });
});

describe("discrete benchmarks against independent computations (T = 3, γ = 1, realized)", () => {
  const p = buildProblem("bandit-auction(horizon=3,discount=1)");

  it("constant handicap reproduces 5.3688", () => {
    expect(pstConstantDiscrete(p)).toBeCloseTo(5.3688, 4);
  });

  it("the relaxed bound is at least the LP optimum 6.0086 (it is an upper bound)", () => {
    // An independent computation gives the LP optimum over BIC + interim-IR mechanisms as 6.0086.
    expect(pstRelaxedDiscrete(p, "comonotone")).toBeGreaterThanOrEqual(6.0086 - 5e-5);
    expect(pstRelaxedDiscrete(p, "independent")).toBeGreaterThanOrEqual(6.0086 - 5e-5);
  });

  it("every virtual surplus is at most first-best welfare (handicaps are ≥ 0)", () => {
    const fb = firstBestDiscrete(p);
    expect(pstConstantDiscrete(p)).toBeLessThanOrEqual(fb);
    for (const mode of MODES) expect(pstRelaxedDiscrete(p, mode)).toBeLessThanOrEqual(fb);
  });

  it("observing the twin can only help the allocation (over-relaxation ≥ conditioned)", () => {
    // Same objective in expectation; the -observed policy conditions on more information.
    expect(pstRelaxedDiscrete(p, "comonotone-observed")).toBeGreaterThanOrEqual(
      pstRelaxedDiscrete(p, "comonotone") - 1e-12,
    );
    expect(pstRelaxedDiscrete(p, "independent-observed")).toBeGreaterThanOrEqual(
      pstRelaxedDiscrete(p, "independent") - 1e-12,
    );
  });
});

describe("which benchmarks apply", () => {
  it("multi-item problems get no PST benchmark, with the reason", () => {
    const r = computeBenchmarks(buildProblem("bandit-auction(items=2,horizon=2)"), opts);
    expect(r.skipped.map((s) => s.name).sort()).toEqual([PST_CONSTANT, PST_RELAXED].sort());
    expect(r.computed.map((b) => b.name)).toContain(FIRST_BEST);
  });

  it("fractional semantics gets no DP benchmark", () => {
    const r = computeBenchmarks(
      buildProblem("bandit-auction(semantics=fractional,horizon=2)"),
      opts,
    );
    expect(r.skipped.map((s) => s.name)).toContain(FIRST_BEST);
    expect(r.computed.every((b) => b.irNotion === "interim")).toBe(true);
  });
});

describe("relaxed bound vs constant handicap on the {1,2,3} grid", () => {
  it("common quantile shocks keep twins started one step apart within one step, so I_τ ≤ 1 and relaxed ≥ constant", () => {
    // Lemma, checked by enumeration over every count: for adjacent values (v, v+1) the
    // comonotone coupling of R_α(·|v) and R_α(·|v+1) only produces pairs (w, w) or (w, w+1),
    // and equal values stay equal. Hence every path has v^{k+1}_τ − v^k_τ ∈ {0, 1}, I_τ ≤ 1,
    // ψ(b) ≥ ψ(a) state by state, and the maxima are ordered.
    const p = buildProblem("bandit-auction(horizon=5,discount=0.85)");
    const st = (v: number, c: number) => ({
      values: Float64Array.of(v),
      consumed: Float64Array.of(c),
    });
    for (let c = 0; c < 5; c++) {
      for (const [a, b] of [
        [1, 2],
        [2, 3],
        [1, 1],
        [2, 2],
        [3, 3],
      ]) {
        const pairs = couple(
          p.transitionStates!(0, st(a, c), [1]),
          p.transitionStates!(0, st(b, c), [1]),
          "comonotone",
        );
        for (const q of pairs) {
          const d = q.b.values[0] - q.a.values[0];
          expect(d === 0 || (a !== b && d === 1)).toBe(true);
        }
      }
    }
    expect(pstRelaxedDiscrete(p, "comonotone")).toBeGreaterThanOrEqual(pstConstantDiscrete(p));
  });
});
