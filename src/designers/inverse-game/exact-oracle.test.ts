import { describe, expect, it } from "vitest";
import { initEngine } from "../../engine/jax.js";
import { Rng } from "../../engine/rng.js";
import { evaluate } from "../../evaluation/evaluate.js";
import { evaluateTruthfulExact } from "../../evaluation/truthful-exact.js";
import { buildProblem } from "../../problems/registry.js";
import { neuralMechanism } from "../../mechanisms/neural/mechanism.js";
import { finishPolicyInit, policyParamShapes } from "../../agents/deviation/discrete-policy.js";
import { initParams } from "../../mechanisms/neural/network.js";
import { ExactTreeOracle } from "./exact-oracle.js";
import { disposeAll, toTensors } from "./params.js";
import type { LossCoefficients } from "./oracle.js";

const unit = (xs: Float32Array[]) => {
  const norm = Math.sqrt(xs.reduce((s, x) => s + x.reduce((a, b) => a + b * b, 0), 0));
  return xs.map((x) => x.map((y) => y / norm));
};
const problem = buildProblem("bandit-auction(horizon=2,discount=0.9)");
const setup = (payments: "fraction" | "free", seed: number) => {
  const mech = neuralMechanism(problem, { width: 8, payments, init: seed });
  const oracle = new ExactTreeOracle(problem, mech.layout, mech.arch, { regret: "full" });
  const pshapes = policyParamShapes(oracle.policy);
  const w = [0, 1].map((i) => finishPolicyInit(initParams(pshapes, new Rng(seed + 10 + i))));
  return { mech, oracle, pshapes, w };
};

describe("exact-tree oracle", () => {
  it("tree revenue and interim utilities equal the exact evaluator's for the network mechanism", async () => {
    await initEngine();
    for (const payments of ["fraction", "free"] as const) {
      const { mech, oracle, pshapes, w } = setup(payments, 3);
      const theta = toTensors(mech.weights, mech.shapes);
      const ws = w.map((x) => toTensors(x, pshapes));
      const { est } = oracle.evaluate(theta, ws, [0, 0]);
      const rep = evaluate(problem, mech, { mode: "exact" });
      expect(est.revenue).toBeCloseTo(rep.revenue.value, 4);
      rep.agents.forEach((a, i) => {
        expect(est.utility[i]).toBeCloseTo(a.utility.value, 4);
        a.utilityByInitialType!.forEach((t, k) =>
          expect(est.interim[i][k]).toBeCloseTo(t.utility.value, 4),
        );
      });
      // The deviation policy starts exactly truthful: ψ = 0.
      expect(est.regret).toEqual([0, 0]);
      disposeAll(theta);
      ws.forEach(disposeAll);
      oracle.dispose();
    }
  });

  it("two goods: tree revenue and interim utilities equal the exact evaluator's", async () => {
    await initEngine();
    const two = buildProblem("bandit-auction(items=2,horizon=2,discount=0.9)");
    const mech = neuralMechanism(two, { width: 8, payments: "fraction", init: 7 });
    const oracle = new ExactTreeOracle(two, mech.layout, mech.arch, { regret: "one-shot" });
    const pshapes = policyParamShapes(oracle.policy);
    const theta = toTensors(mech.weights, mech.shapes);
    const ws = [0, 1].map((i) =>
      toTensors(finishPolicyInit(initParams(pshapes, new Rng(i))), pshapes),
    );
    const { est } = oracle.evaluate(theta, ws, [0, 0]);
    // the evaluator's truthful enumeration (its best responses are not needed here)
    const tr = evaluateTruthfulExact(two, mech);
    expect(est.revenue).toBeCloseTo(tr.revenue, 4);
    tr.utilityByInitialType.forEach((hs, i) =>
      hs.forEach((h, k) => expect(est.interim[i][k]).toBeCloseTo(h, 4)),
    );
    expect(est.regret).toEqual([0, 0]);
    disposeAll(theta);
    ws.forEach(disposeAll);
    oracle.dispose();
  });

  it("gradients match central finite differences (θ, w and a)", async () => {
    await initEngine();
    const { mech, oracle, pshapes, w } = setup("free", 5);
    // Make the policy non-trivial so that ψ depends on w.
    const rng = new Rng(99);
    for (const p of w)
      for (const arr of p) for (let k = 0; k < arr.length; k++) arr[k] += 0.3 * rng.normal();
    const a = [1, 1];
    const coef: LossCoefficients = {
      revenue: 0.7,
      utility: [0.2, -0.4],
      interim: [
        [0.1, -0.2, 0.3],
        [0.05, 0, -0.1],
      ],
      regret: [1.5, -0.5],
    };
    const loss = (theta: Float32Array[], ws: Float32Array[][], aa: number[]) => {
      const t = toTensors(theta, mech.shapes);
      const wt = ws.map((x) => toTensors(x, pshapes));
      const { est } = oracle.evaluate(t, wt, aa);
      disposeAll(t);
      wt.forEach(disposeAll);
      let L = coef.revenue * est.revenue;
      est.utility.forEach((u, i) => (L += coef.utility[i] * u + coef.regret[i] * est.regret[i]));
      est.interim.forEach((h, i) => h.forEach((x, k) => (L += coef.interim[i][k] * x)));
      return { L, est };
    };
    const t = toTensors(mech.weights, mech.shapes);
    const wt = w.map((x) => toTensors(x, pshapes));
    const g = oracle.evaluate(t, wt, a).grad(coef);
    const gTheta = g.theta.map((x) => x.dataSync() as Float32Array);
    const gW = g.w.map((l) => l.map((x) => x.dataSync() as Float32Array));
    disposeAll(t);
    wt.forEach(disposeAll);
    // Random direction u in θ: directional derivative vs (L(θ+εu) − L(θ−εu)) / 2ε.
    // A unit-norm direction and a small step, so that no ReLU kink is crossed.
    const eps = 1e-2;
    const u = unit(mech.weights.map((arr) => Float32Array.from(arr, () => rng.normal())));
    const shift = (s: number) => mech.weights.map((arr, k) => arr.map((x, j) => x + s * u[k][j]));
    const fd = (loss(shift(eps), w, a).L - loss(shift(-eps), w, a).L) / (2 * eps);
    let an = 0;
    gTheta.forEach((gk, k) => gk.forEach((x, j) => (an += x * u[k][j])));
    expect(Math.abs(an - fd)).toBeLessThan(0.03 * Math.abs(fd) + 2e-3);
    expect(Math.abs(fd)).toBeGreaterThan(2e-2);
    // Direction in agent 0's policy parameters: ∂ψ_0/∂w_0 (a = 1, so the q-gradient is exact).
    const v = w[0].map((arr) => Float32Array.from(arr, () => rng.normal()));
    const wShift = (s: number) => [w[0].map((arr, k) => arr.map((x, j) => x + s * v[k][j])), w[1]];
    const psi = (s: number) => loss(mech.weights, wShift(s), a).est.regret[0];
    const fdW = (psi(eps) - psi(-eps)) / (2 * eps);
    let anW = 0;
    gW[0].forEach((gk, k) => gk.forEach((x, j) => (anW += x * v[k][j])));
    expect(Math.abs(anW - fdW)).toBeLessThan(0.03 * Math.abs(fdW) + 2e-3);
    expect(Math.abs(fdW)).toBeGreaterThan(1e-2);
    // The mixing weight a (ψ is linear in a at every decision, so one-sided differences are exact).
    const psiA = (x: number) => loss(mech.weights, w, [x, 1]).est.regret[0];
    const gA = oracle
      .evaluate(
        toTensors(mech.weights, mech.shapes),
        w.map((x) => toTensors(x, pshapes)),
        [0.5, 1],
      )
      .grad(coef).a[0];
    expect(gA).toBeCloseTo((psiA(0.6) - psiA(0.4)) / 0.2, 3);
    oracle.dispose();
  });
});
