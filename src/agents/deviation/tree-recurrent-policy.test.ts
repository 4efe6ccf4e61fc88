import { describe, expect, it } from "vitest";
import { Rng } from "../../engine/rng.js";
import type { PeriodRecord } from "../../problems/types.js";
import { buildProblem } from "../../problems/registry.js";
import { TreeRecurrentPolicy } from "./tree-recurrent-policy.js";

const problem = buildProblem("bandit-auction(values=continuous,horizon=3,items=2)");

/** A small tree: 0 → {1, 2}, 1 → {3, 4}; reports made with exploration noise. */
function playTree(pol: TreeRecurrentPolicy, rng: Rng) {
  const parents = [-1, 0, 0, 1, 1];
  const depth = [0, 1, 1, 2, 2];
  const reports: Float64Array[] = [];
  pol.begin();
  parents.forEach((p, c) => {
    const values = Float64Array.of(2.5 + 0.1 * rng.normal(), 2.4 + 0.1 * rng.normal());
    reports.push(
      pol.report(
        c,
        p,
        {
          tau: depth[c],
          horizon: 3,
          values,
          initial: Float64Array.of(2.5, 2.4),
          consumed: Float64Array.of(depth[c] > 0 ? 1 : 0, 0),
          history:
            p < 0
              ? []
              : [{ reports: [2.5, 2.4, 2.6, 2.3], consumption: [c % 2, 0, 1 - (c % 2), 1] }],
        },
        [rng.normal(), rng.normal()],
      ),
    );
  });
  return reports;
}

describe("recurrent deviation policy over a tree", () => {
  it("is exactly truthful at initialization when it does not explore", () => {
    const pol = new TreeRecurrentPolicy(problem, 0, 4, { mean: 0, sd: 0.1 }, 3);
    const v = Float64Array.of(2.37, 2.81);
    const ctx = { tau: 0, horizon: 3, values: v, initial: v, consumed: [0, 0], history: [] };
    pol.begin();
    expect(Array.from(pol.report(0, -1, ctx, [0, 0]))).toEqual(Array.from(v));
  });

  it("on one path it reports what the trajectory policy reports (same network, same inputs)", () => {
    const one = buildProblem("bandit-auction(values=continuous,horizon=3)");
    const pol = new TreeRecurrentPolicy(one, 1, 4, { mean: 0.1, sd: 0.2 }, 9);
    const rng = new Rng(3);
    const th = pol.net.theta;
    for (let k = 0; k < th.length; k++) th[k] += 0.5 * rng.normal();
    const values = [2.4, 2.7, 2.2];
    const history: PeriodRecord[] = [];
    const consumed = [0, 0, 0];
    pol.begin();
    pol.net.begin(0);
    for (let tau = 0; tau < 3; tau++) {
      const v = Float64Array.of(values[tau]);
      const ctx = {
        tau,
        horizon: 3,
        values: v,
        initial: Float64Array.of(values[0]),
        consumed: Float64Array.of(consumed[tau]),
        history,
      };
      const fromTree = pol.report(tau, tau - 1, ctx, [0]);
      const fromPath = pol.net.report({
        problem: one,
        agent: 1,
        tau,
        state: { values: v, consumed: Float64Array.of(consumed[tau]) },
        history,
      });
      expect(fromTree[0]).toBe(fromPath[0]);
      expect(fromTree[0]).not.toBe(values[tau]);
      const won = tau % 2;
      history.push({
        reports: Float64Array.of(2.5 + 0.1 * tau, fromTree[0]),
        outcome: { alloc: new Float64Array(3), payments: new Float64Array(2) },
        consumption: Float64Array.of(1 - won, won),
      });
      if (tau < 2) consumed[tau + 1] = consumed[tau] + won;
    }
  });

  it("scoreGradient equals finite differences of the weighted log-likelihood", () => {
    const pol = new TreeRecurrentPolicy(problem, 1, 4, { mean: 0, sd: 0.1 }, 5, -0.5);
    const rng = new Rng(11);
    const th = pol.net.theta;
    for (let k = 0; k < th.length; k++) th[k] += 0.3 * rng.normal();
    playTree(pol, rng);
    const weight = [0.7, -1.2, 0.4, 2.0, -0.3];
    const g = pol.scoreGradient(weight);
    const eps = 1e-6;
    let checked = 0;
    for (let k = 0; k < th.length; k++) {
      const plus = Float64Array.from(th);
      const minus = Float64Array.from(th);
      plus[k] += eps;
      minus[k] -= eps;
      const fd = (pol.logLikelihood(plus, weight) - pol.logLikelihood(minus, weight)) / (2 * eps);
      expect(g[k]).toBeCloseTo(fd, 5);
      if (Math.abs(fd) > 1e-3) checked++;
    }
    // Recurrent weights of both cells, the head and log σ all carry gradient.
    expect(checked).toBeGreaterThan(th.length / 2);
  });
});
