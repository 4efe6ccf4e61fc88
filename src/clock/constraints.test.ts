import { describe, expect, it } from "vitest";
import { Rng } from "../engine/rng.js";
import { constraints } from "./constraints/registry.js";
import { FAMILIES, randomConstraintName } from "./generators.js";
import { weightOf, type Constraint } from "./types.js";

/** Brute force over all 2^n subsets: the best feasible weight (downward-closedness checked too). */
function bruteForce(c: Constraint, w: number[]): number {
  let best = 0;
  for (let mask = 0; mask < 1 << c.n; mask++) {
    const set = w.map((_, i) => i).filter((i) => mask & (1 << i));
    if (!c.feasible(set)) continue;
    for (const i of set) expect(c.feasible(set.filter((j) => j !== i))).toBe(true);
    best = Math.max(best, weightOf(set, w));
  }
  return best;
}

describe("clock-auction constraints", () => {
  it("every exact solver returns a feasible set of the brute-force maximum weight", () => {
    const rng = new Rng(7);
    for (const family of FAMILIES) {
      for (let rep = 0; rep < 6; rep++) {
        const n = 8;
        const c = constraints.build(randomConstraintName(family, n, rng), "c").value(n);
        const w = Array.from({ length: n }, () => rng.uniform() * 3);
        const all = w.map((_, i) => i);
        const S = c.maxWeightFeasible(all, w);
        expect(c.feasible(S)).toBe(true);
        expect(weightOf(S, w)).toBeCloseTo(bruteForce(c, w), 9);
        // On a subset, too: the solver only picks from the subset.
        const sub = all.filter((i) => i % 2 === 0);
        const S2 = c.maxWeightFeasible(sub, w);
        expect(S2.every((i) => sub.includes(i))).toBe(true);
      }
    }
  });

  it("hand-checked cases: knapsack, intervals on two machines, a triangle with 2 channels", () => {
    const ks = constraints.build("knapsack(capacity=10,sizes=10;5;5;3;2)", "c").value(5);
    expect(weightOf(ks.maxWeightFeasible([0, 1, 2, 3, 4], [9, 5, 5, 3, 2]), [9, 5, 5, 3, 2])).toBe(
      10,
    );
    expect(ks.feasible([1, 3, 4])).toBe(true);
    expect(ks.feasible([0, 4])).toBe(false);
    const iv = constraints
      .build("interval-scheduling(machines=2,intervals=0-4;1-5;2-6;4-8)", "c")
      .value(4);
    expect(iv.feasible([0, 1, 3])).toBe(true); // [0,4) ends as [4,8) starts
    expect(iv.feasible([0, 1, 2])).toBe(false);
    expect(iv.maxWeightFeasible([0, 1, 2, 3], [1, 1, 5, 1])).toEqual([0, 2, 3]); // {1,2,3} overlaps 3× on [4,5)
    const tri = constraints.build("interference-graph(k=2,edges=0-1;1-2;0-2)", "c").value(3);
    expect(tri.feasible([0, 1, 2])).toBe(false);
    expect(tri.maxWeightFeasible([0, 1, 2], [3, 1, 2])).toEqual([0, 2]);
  });

  it("bad parameters and too-large exact problems are refused with the field named", () => {
    expect(() => constraints.build("knapsack(capacity=10,sizes=1;2)", "c").value(3)).toThrow(
      /sizes/,
    );
    expect(() => constraints.build("nope(k=1)", "constraint")).toThrow(
      /constraint: unknown constraint/,
    );
    expect(() => constraints.build("interval-scheduling(intervals=3-1)", "c").value(1)).toThrow(
      /intervals/,
    );
    // Refused when the instance is built, before any auction runs, with the estimate.
    expect(() => constraints.build("interference-graph(k=2,edges=0-1)", "c").value(40)).toThrow(
      /solver: the exact interference-graph solver for 40 bidders is too large: about 1\.2e\+19 search leaves, .*\(limit 2\.5e\+12\); use solver=greedy/,
    );
    const greedy = constraints.build("interference-graph(k=1,edges=0-1,solver=greedy)", "c");
    expect(greedy.value(40).maxWeightFeasible([0, 1, 2], [1, 2, 3])).toEqual([1, 2]);
    expect(() => constraints.build("knapsack(capacity=100000000,sizes=1)", "c").value(1)).toThrow(
      /capacity: the exact knapsack solver is too large: about 1\.0e\+8 table cells .*limit 2\.0e\+7\); scale sizes/,
    );
  });
});
