import { describe, expect, it } from "vitest";
import { Rng } from "../../engine/rng.js";
import { evaluate } from "../../evaluation/evaluate.js";
import { buildProblem } from "../../problems/registry.js";
import { evaluatePolicy, rootValue, solveMdp } from "../../agents/deviation/npg/finite-mdp.js";
import { NpgDeviation } from "../../agents/deviation/npg/npg-policy.js";
import { designers } from "../registry.js";
import { compileGame, type CompiledGame } from "../compiled-game/compiled-game.js";
import { GameSweep } from "../exact-game/sweep.js";
import { TableDeviationMdp } from "./table-deviation.js";

function randomTable(g: CompiledGame, seed: number) {
  const rng = new Rng(seed);
  const w = g.n + 1;
  const x = new Float64Array(g.rowKeys.length * w);
  const p = new Float64Array(g.rowKeys.length * g.n);
  for (let r = 0; r < g.rowKeys.length; r++) {
    let s = 0;
    for (let i = 0; i < w; i++) s += x[r * w + i] = rng.uniform() + 0.1;
    for (let i = 0; i < w; i++) x[r * w + i] /= s;
    for (let i = 0; i < g.n; i++) p[r * g.n + i] = 2 * rng.uniform();
  }
  return { x, p };
}

describe("the deviation MDP of a table (compiled game)", () => {
  const problem = buildProblem("bandit-auction(horizon=2,discount=0.9)");
  const g = compileGame(problem, "full");
  const o = randomTable(g, 4);

  it("its optimum is the exact best-response regret of the sweep (and of the evaluator)", () => {
    const { est } = new GameSweep(g, 0).forward(o);
    g.dev.forEach((dt, i) => {
      const d = new TableDeviationMdp(g, dt);
      d.refill(o);
      const best = rootValue(d.mdp, solveMdp(d.mdp).V) - est.utility[i];
      expect(best).toBeCloseTo(est.regret[i], 10);
      expect(best).toBeGreaterThan(0.05);
    });
  });

  it("∂(value of a fixed policy)/∂(x, p) matches central finite differences", () => {
    const dt = g.dev[1];
    const d = new TableDeviationMdp(g, dt);
    d.refill(o);
    const npg = new NpgDeviation(d.mdp, { eta: 1, truthBias: 0 });
    npg.step(); // a non-uniform, non-deterministic policy
    const pi = npg.pi.slice();
    const value = () => {
      d.refill(o);
      return rootValue(d.mdp, evaluatePolicy(d.mdp, pi).V);
    };
    d.refill(o);
    const { V } = evaluatePolicy(d.mdp, pi);
    const gx = new Float64Array(o.x.length);
    const gp = new Float64Array(o.p.length);
    d.valueGradient(o, pi, V, 1, gx, gp);
    const rng = new Rng(9);
    const h = 1e-6;
    for (let trial = 0; trial < 20; trial++) {
      for (const [arr, grad] of [
        [o.x, gx],
        [o.p, gp],
      ] as const) {
        const k = rng.int(arr.length);
        const keep = arr[k];
        arr[k] = keep + h;
        const up = value();
        arr[k] = keep - h;
        const down = value();
        arr[k] = keep;
        expect(grad[k]).toBeCloseTo((up - down) / (2 * h), 6);
      }
    }
  });
});

describe("NPG designers through the registry", () => {
  it("npg-penalty at T = 2: every certified candidate is the evaluator's, and its exact training regret is the certificate", async () => {
    const problem = buildProblem("bandit-auction(horizon=2,discount=1)");
    const d = designers.build("npg-penalty(alpha=10,beta=10,judge=50)", "--designer");
    const run = await d.value.design(problem, { seed: 0, budget: 300 });
    const res = run.result as {
      certified: {
        training: { exactRegret: number; revenue: number };
        exploitability: number;
        revenue: number;
      }[];
    };
    expect(res.certified.length).toBeGreaterThan(0);
    for (const c of res.certified) {
      // the sweep's exact regret (training-time) and the independent evaluator agree
      expect(c.training.exactRegret).toBeCloseTo(c.exploitability, 8);
      expect(c.training.revenue).toBeCloseTo(c.revenue, 8);
    }
    const fresh = evaluate(problem, run.mechanism, { mode: "exact" });
    expect(run.certificate.revenue.value).toBeCloseTo(fresh.revenue.value, 12);
    expect(run.certificate.exploitability.value).toBeCloseTo(fresh.exploitability.value, 12);
    // it designs something: from zero payments (revenue 0) to positive revenue
    expect(run.certificate.revenue.value).toBeGreaterThan(1);
    expect(run.metricsCsv.split("\n")[0]).toContain("regret_npg,regret_exact");
  });
});
