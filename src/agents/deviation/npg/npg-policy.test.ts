import { describe, expect, it } from "vitest";
import { Rng } from "../../../engine/rng.js";
import { bestResponseExact } from "../../../evaluation/best-response-exact.js";
import { deviationMdp } from "../../../evaluation/deviation-mdp.js";
import { evaluateTruthfulExact } from "../../../evaluation/truthful-exact.js";
import { buildMechanism } from "../../../mechanisms/registry.js";
import type { Mechanism } from "../../../mechanisms/types.js";
import { buildProblem } from "../../../problems/registry.js";
import type { DynamicProblem } from "../../../problems/types.js";
import { compileGame } from "../../../designers/compiled-game/compiled-game.js";
import { toMechanism } from "../../../designers/exact-game/table-params.js";
import { evaluatePolicy, rootValue, solveMdp, truthfulPolicy } from "./finite-mdp.js";
import { NpgDeviation } from "./npg-policy.js";

const problem = buildProblem("bandit-auction(horizon=3,discount=1)");

/** A random history-dependent table (memory=full): allocation rows and payments in [0, 2). */
function randomTable(p: DynamicProblem, seed: number): Mechanism {
  const g = compileGame(p, "full");
  const rng = new Rng(seed);
  const w = g.n + 1;
  const x = new Float64Array(g.rowKeys.length * w);
  const pay = new Float64Array(g.rowKeys.length * g.n);
  for (let r = 0; r < g.rowKeys.length; r++) {
    let s = 0;
    for (let i = 0; i < w; i++) s += x[r * w + i] = rng.uniform();
    for (let i = 0; i < w; i++) x[r * w + i] /= s;
    for (let i = 0; i < g.n; i++) pay[r * g.n + i] = 2 * rng.uniform();
  }
  return toMechanism(g, { x, p: pay });
}

const mechanisms: [string, () => Mechanism][] = [
  ["second price", () => buildMechanism("second-price", problem)],
  ["first price", () => buildMechanism("first-price", problem)],
  ["a random history-dependent table", () => randomTable(problem, 3)],
];

describe("sufficient-statistics deviation MDP", () => {
  for (const [label, make] of mechanisms) {
    it(`${label}: its optimum is the exact best response and truth is the truthful utility (T = 3)`, () => {
      const mech = make();
      const truthful = evaluateTruthfulExact(problem, mech);
      for (const agent of [0, 1]) {
        const mdp = deviationMdp(problem, mech, agent);
        const br = bestResponseExact(problem, mech, agent);
        const { V } = solveMdp(mdp);
        const Vt = evaluatePolicy(mdp, truthfulPolicy(mdp)).V;
        Array.from(mdp.roots).forEach((root, k) => {
          expect(V[root]).toBeCloseTo(br.valueByInitialType[k], 10);
          expect(Vt[root]).toBeCloseTo(truthful.utilityByInitialType[agent][k], 10);
        });
        // transition probabilities of every non-final (node, report) sum to one
        for (let na = 0; na < mdp.nodes * mdp.actions; na++) {
          const node = Math.floor(na / mdp.actions);
          if (mdp.period[node] === problem.horizon - 1) continue;
          let s = 0;
          for (let t = mdp.transStart[na]; t < mdp.transStart[na + 1]; t++) s += mdp.transProb[t];
          expect(s).toBeCloseTo(1, 12);
        }
      }
    });
  }
});

describe("natural policy gradient deviation oracle", () => {
  for (const [label, make] of mechanisms) {
    it(`${label}: the exact NPG gain rises monotonically to the exact best-response gain (within 1e-3)`, () => {
      const mech = make();
      const mdp = deviationMdp(problem, mech, 0);
      const truth = rootValue(mdp, evaluatePolicy(mdp, truthfulPolicy(mdp)).V);
      const best = bestResponseExact(problem, mech, 0).value - truth;
      expect(best).toBeGreaterThan(0.05); // none of these is IC: the test is not vacuous
      const npg = new NpgDeviation(mdp, { eta: 30, truthBias: 0 });
      let prev = -Infinity;
      for (let s = 0; s < 25; s++) {
        const gain = npg.step() - truth;
        // mirror descent with exact Q improves the value at every step (policy improvement)
        expect(gain).toBeGreaterThanOrEqual(prev - 1e-12);
        expect(gain).toBeLessThanOrEqual(best + 1e-12);
        prev = gain;
      }
      expect(best - (npg.evaluate().value - truth)).toBeLessThan(1e-3);
    });
  }

  it("stochastic NPG (sampled Q) on first price: within 0.02 of the best-response gain, never above it", () => {
    const mech = buildMechanism("first-price", problem);
    const mdp = deviationMdp(problem, mech, 1);
    const truth = rootValue(mdp, evaluatePolicy(mdp, truthfulPolicy(mdp)).V);
    const best = bestResponseExact(problem, mech, 1).value - truth;
    const npg = new NpgDeviation(mdp, { eta: 2, truthBias: 0 });
    const rng = new Rng(7);
    for (let s = 0; s < 60; s++) npg.sampledStep(rng, 400);
    const gain = npg.evaluate().value - truth;
    expect(gain).toBeLessThanOrEqual(best + 1e-12);
    expect(gain).toBeGreaterThan(best - 0.02);
  });
});
