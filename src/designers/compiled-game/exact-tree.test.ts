import { describe, expect, it } from "vitest";
import { buildProblem } from "../../problems/registry.js";
import { buildTree } from "./exact-tree.js";
import { sweep } from "../inverse-game/tree-sweep.js";

describe("public-history trees", () => {
  const problem = buildProblem("bandit-auction(horizon=3,discount=1)");
  const uniform = [1 / 3, 1 / 3, 1 / 3];

  it("has the hand-counted size: 9 profiles, then 1 + 3 + 3 children per node (nobody, 2 winners × 3 transitions)", () => {
    const t = buildTree(problem, { deviator: null, deviateAt: [] }, 1e6);
    expect(t.depthStart).toEqual([0, 9, 9 + 63, 9 + 63 + 441]);
    // the deviator's tree branches 3 ways on its report at every period
    const d = buildTree(problem, { deviator: 1, deviateAt: [true, true, true] }, 1e6);
    expect(d.size).toBe(27 * (1 + 21 + 441));
    expect(d.decisionRows.length).toBe(d.size);
  });

  it("conserves probability: a report-independent allocation gives U_i = Σ_τ E[v_τ]·x_i = 3·2·x_i", () => {
    // The kernel R_α is symmetric under v ↦ 4 − v and the prior is uniform, so E[v_τ] = 2 at
    // every period; with a constant allocation x and no payments, U_i = T·2·x_i whatever the
    // reports — in the truthful tree and under any deviation policy (so ψ = 0).
    for (const spec of [
      { deviator: null, deviateAt: [] },
      { deviator: 0, deviateAt: [true, true, true] },
      { deviator: 1, deviateAt: [false, true, false] },
    ]) {
      const t = buildTree(problem, spec, 1e6);
      const U = t.mech.size;
      const alloc = new Float32Array(U * 3);
      for (let r = 0; r < U; r++) alloc.set([0.5, 0.25, 0.25], r * 3);
      const R = t.policy.reports;
      // an arbitrary policy: row d puts weights ∝ 1 + ((d + k) mod 3) on report k
      const q = Float32Array.from({ length: t.decisionRows.length * R }, (_, x) => {
        const d = Math.floor(x / R);
        const k = x % R;
        return (1 + ((d + k) % 3)) / 6;
      });
      const sw = sweep(t, { alloc, pay: new Float32Array(U * 2), q, a: 0.7 }, 1, [
        uniform,
        uniform,
      ]);
      expect(sw.sums.revenue).toBe(0);
      expect(sw.sums.utility[0]).toBeCloseTo(3 * 2 * 0.5, 6);
      expect(sw.sums.utility[1]).toBeCloseTo(3 * 2 * 0.25, 6);
      for (let i = 0; i < 2; i++) {
        const avg = sw.sums.interim[i].reduce((s, h) => s + h / 3, 0);
        expect(avg).toBeCloseTo(sw.sums.utility[i], 10);
      }
    }
  });
});
