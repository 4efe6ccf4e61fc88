import { describe, expect, it } from "vitest";
import { Rng } from "../engine/rng.js";
import { ExactSolver, Trajectory } from "./exact-solve.js";
import { historyOf, historyTree, type TabularMdp } from "./mdp.js";

function randomCyclic(rng: Rng, S: number, A: number, gamma: number): TabularMdp {
  const next = new Int32Array(S * A);
  for (let k = 0; k < S * A; k++) next[k] = rng.int(S);
  return {
    nStates: S,
    nActions: A,
    next,
    start: 0,
    gamma,
    acyclic: false,
    horizonScale: new Float64Array(S).fill(1 / (1 - gamma)),
  };
}

describe("history tree", () => {
  it("numbers states breadth-first and decodes histories", () => {
    const t = historyTree(3, 3);
    expect(t.nStates).toBe(1 + 3 + 9);
    const s = t.next[t.next[0 * 3 + 2] * 3 + 1]; // actions 2 then 1
    expect(Array.from(historyOf(t, s))).toEqual([2, 1]);
    for (let k = 0; k < t.next.length; k++) {
      if (t.next[k] >= 0) expect(t.next[k]).toBeGreaterThan(Math.floor(k / 3));
    }
    expect(t.next[4 * 3]).toBe(-1); // last level ends the episode
  });
});

describe("exact solve", () => {
  it("policy iteration matches value iteration run to convergence on random cyclic MDPs", () => {
    const rng = new Rng(7);
    for (let rep = 0; rep < 20; rep++) {
      const mdp = randomCyclic(rng, 6, 3, 0.9);
      const R = Float64Array.from({ length: 18 }, () => rng.normal());
      const solver = new ExactSolver(mdp);
      const v = solver.solve(R);
      const V = new Float64Array(6);
      for (let it = 0; it < 2000; it++) {
        const nv = new Float64Array(6);
        for (let s = 0; s < 6; s++) {
          nv[s] = -Infinity;
          for (let a = 0; a < 3; a++)
            nv[s] = Math.max(nv[s], R[s * 3 + a] + 0.9 * V[mdp.next[s * 3 + a]]);
        }
        V.set(nv);
      }
      expect(v).toBeCloseTo(V[0], 9);
      // The trajectory's exact discounted sum of R equals the optimal value.
      expect(new Trajectory(mdp).follow(solver.policy).sum(R)).toBeCloseTo(v, 9);
    }
  });

  it("backward induction on a tree equals brute force over all action sequences", () => {
    const t = historyTree(2, 3);
    const rng = new Rng(3);
    const R = Float64Array.from({ length: t.nStates * 2 }, () => rng.normal());
    let best = -Infinity;
    for (let seq = 0; seq < 8; seq++) {
      let s = 0;
      let v = 0;
      for (let k = 0; k < 3; k++) {
        const a = (seq >> k) & 1;
        v += R[s * 2 + a];
        s = t.next[s * 2 + a];
      }
      best = Math.max(best, v);
    }
    expect(new ExactSolver(t).solve(R)).toBeCloseTo(best, 12);
  });
});
