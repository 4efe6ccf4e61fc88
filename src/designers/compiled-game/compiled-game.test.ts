// The designers' realized-winner encoding against the problem's own semantics, and the trees
// built on it — the compiled game and the SGDA designers' exact truthful tree — against the
// independent exact evaluator on random tabular mechanisms, with several goods and three
// agents, where the mixed-radix encoding matters.
import { describe, expect, it } from "vitest";
import { Rng } from "../../engine/rng.js";
import { evaluate } from "../../evaluation/evaluate.js";
import { buildProblem } from "../../problems/registry.js";
import { sweep } from "../inverse-game/tree-sweep.js";
import { compileGame } from "./compiled-game.js";
import { buildTree } from "./exact-tree.js";
import { GameSweep } from "../exact-game/sweep.js";
import { toMechanism } from "../exact-game/table-params.js";
import { realizationProbability, realizationTable } from "./realization-table.js";

/** Allocation rows: per good a random point of the simplex over the n agents and nobody. */
function randomAlloc(rng: Rng, rows: number, n: number, m: number): Float64Array {
  const W = n + 1;
  const x = new Float64Array(rows * m * W);
  for (let at = 0; at < x.length; at += W) {
    let s = 0;
    for (let i = 0; i < W; i++) s += x[at + i] = rng.uniform() + 0.05;
    for (let i = 0; i < W; i++) x[at + i] /= s;
  }
  return x;
}

describe("realization table (realized winners, from DynamicProblem)", () => {
  for (const name of [
    "bandit-auction(horizon=2)",
    "bandit-auction(items=2,horizon=2)",
    "bandit-auction(agents=3,items=2,horizon=2)",
  ]) {
    it(`${name}: probabilities and consumption equal DynamicProblem.realizations`, () => {
      const problem = buildProblem(name);
      const t = realizationTable(problem);
      const { agents: n, goods: m } = problem;
      expect(t.count).toBe((n + 1) ** m);
      // Hand check of the numbering: realization 1 gives good 0 to agent 1, every other good
      // to agent 0 (digit 0 of every other good).
      expect(Array.from(t.winners.subarray(m, 2 * m))).toEqual([1, ...new Array(m - 1).fill(0)]);
      const rng = new Rng(5);
      for (let trial = 0; trial < 20; trial++) {
        const alloc = randomAlloc(rng, 1, n, m);
        const real = problem.realizations({ alloc, payments: new Float64Array(n) });
        expect(real).toHaveLength(t.count);
        let total = 0;
        for (let k = 0; k < t.count; k++) {
          const p = realizationProbability(t, alloc, k);
          total += p;
          const same = real.filter((r) => r.value.every((c, q) => c === t.consumption[k][q]));
          expect(same).toHaveLength(1);
          expect(p).toBeCloseTo(same[0].p, 14);
        }
        expect(total).toBeCloseTo(1, 12);
      }
    });
  }
});

describe("compiled game and SGDA exact tree (built on the table) agree with the exact evaluator", () => {
  for (const name of [
    "bandit-auction(items=2,horizon=2,discount=0.9,grid=1;3)",
    "bandit-auction(agents=3,horizon=2,discount=0.8)",
  ]) {
    it(`${name}, random tabular mechanism: revenue, utilities, interim utilities, regrets`, () => {
      const problem = buildProblem(name);
      const g = compileGame(problem, "full");
      const rng = new Rng(11);
      const rows = g.rowKeys.length;
      const o = {
        x: randomAlloc(rng, rows, g.n, g.m),
        p: Float64Array.from({ length: rows * g.n }, () => 2 * rng.uniform()),
      };
      const { est } = new GameSweep(g, 0).forward(o);
      const rep = evaluate(problem, toMechanism(g, o), { mode: "exact" });
      expect(rep.mode).toBe("exact");
      expect(est.revenue).toBeCloseTo(rep.revenue.value, 10);
      rep.agents.forEach((a, i) => {
        expect(est.utility[i]).toBeCloseTo(a.utility.value, 10);
        expect(est.regret[i]).toBeCloseTo(a.exploitability.value, 10);
        a.utilityByInitialType!.forEach((t, k) =>
          expect(est.interim[i][k]).toBeCloseTo(t.utility.value, 10),
        );
      });
      // A random table is far from IC: the regret comparison is not vacuous.
      expect(Math.min(...est.regret)).toBeGreaterThan(0.01);

      // The SGDA designers' exact truthful tree, fed the same table through its row keys.
      const tree = buildTree(problem, { deviator: null, deviateAt: [] }, 1e6);
      const rowOf = new Map(g.rowKeys.map((key, r) => [key, r]));
      const W = g.n + 1;
      const alloc = new Float64Array(tree.rowKeys.length * g.m * W);
      const pay = new Float64Array(tree.rowKeys.length * g.n);
      tree.rowKeys.forEach((key, u) => {
        const r = rowOf.get(key)!;
        expect(r).toBeDefined();
        alloc.set(o.x.subarray(r * g.m * W, (r + 1) * g.m * W), u * g.m * W);
        pay.set(o.p.subarray(r * g.n, (r + 1) * g.n), u * g.n);
      });
      const { sums } = sweep(tree, { alloc, pay }, problem.discount, g.initProb);
      expect(sums.revenue).toBeCloseTo(rep.revenue.value, 10);
      rep.agents.forEach((a, i) => {
        expect(sums.utility[i]).toBeCloseTo(a.utility.value, 10);
        a.utilityByInitialType!.forEach((t, k) =>
          expect(sums.interim[i][k]).toBeCloseTo(t.utility.value, 10),
        );
      });
    });
  }
});
