import { describe, expect, it } from "vitest";
import { grad, initEngine, jit, np, type Tensor } from "../../engine/jax.js";
import { Rng } from "../../engine/rng.js";
import { initParams } from "../../mechanisms/neural/network.js";
import { neuralMechanism } from "../../mechanisms/neural/mechanism.js";
import { buildProblem } from "../../problems/registry.js";
import { ExactTreeOracle } from "../../designers/inverse-game/exact-oracle.js";
import { disposeAll, toArrays, toTensors } from "../../designers/inverse-game/params.js";
import { policyForward, policyLayout, policyParamShapes } from "./discrete-policy.js";
import { FastPolicyBatch } from "./discrete-policy-fast.js";

/** max |x − y| ≤ tol · max |y|: relative to the tensor's scale (jax-js rounds in Float32). */
function expectClose(x: ArrayLike<number>, y: ArrayLike<number>, tol: number) {
  expect(x.length).toBe(y.length);
  let scale = 0;
  let err = 0;
  for (let i = 0; i < y.length; i++) {
    scale = Math.max(scale, Math.abs(y[i]));
    err = Math.max(err, Math.abs(x[i] - y[i]));
  }
  expect(scale).toBeGreaterThan(0);
  expect(err).toBeLessThanOrEqual(tol * scale);
}

describe("the hand-written deviation policy (kernel=wasm)", () => {
  it("equals jax-js's policyForward and its VJP on random parameters, features and cotangents", async () => {
    await initEngine();
    const layout = policyLayout(2, 2, 4, [1, 2, 3]); // 9 reports
    const F = layout.featDim;
    const R = layout.reports;
    const rng = new Rng(7);
    // Random parameters with a nonzero residual head and strength.
    const params = initParams(policyParamShapes(layout), rng).map((p) => {
      for (let i = 0; i < p.length; i++) p[i] = p[i] === 0 ? 0.5 * rng.normal() : p[i];
      return p;
    });
    params[6][0] = 1.7;
    // 60 distinct rows (sparse, like the one-hot encodings), each used 1–3 times.
    const base = Array.from({ length: 60 }, () => {
      const row = new Float32Array(F);
      for (let f = 0; f < F; f++) if (rng.uniform() < 0.5) row[f] = rng.normal();
      return { row, truth: Math.floor(rng.uniform() * R) };
    });
    const picks: number[] = [];
    base.forEach((_, u) => {
      const times = 1 + Math.floor(rng.uniform() * 3);
      for (let t = 0; t < times; t++) picks.push(u);
    });
    for (let i = picks.length - 1; i > 0; i--) {
      const j = Math.floor(rng.uniform() * (i + 1));
      [picks[i], picks[j]] = [picks[j], picks[i]];
    }
    const D = picks.length;
    const feat = new Float32Array(D * F);
    const truth = new Int32Array(D);
    const truthHot = new Float32Array(D * R);
    picks.forEach((u, d) => {
      feat.set(base[u].row, d * F);
      truth[d] = base[u].truth;
      truthHot[d * R + truth[d]] = 1;
    });
    const cq = new Float32Array(D * R);
    for (let i = 0; i < cq.length; i++) cq[i] = rng.normal();

    const fast = new FastPolicyBatch(layout, feat, truth, D);
    expect(fast.distinct).toBe(60);
    const q = fast.forward(params);
    for (let d = 0; d < D; d++) {
      let s = 0;
      for (let r = 0; r < R; r++) s += q[d * R + r];
      expect(Math.abs(s - 1)).toBeLessThan(1e-12);
    }
    const g = fast.vjp(cq);

    const tensors = () =>
      params.map((p, k) => np.array(p).reshape(policyParamShapes(layout)[k].shape));
    const featT = () => np.array(feat).reshape([D, F]);
    const truthT = () => np.array(truthHot).reshape([D, R]);
    const qJax = policyForward(tensors(), featT(), truthT()).dataSync();
    expectClose(q, qJax, 1e-5);
    const vjp = jit(
      grad((w: Tensor[], f: Tensor, t: Tensor, c: Tensor) => np.sum(policyForward(w, f, t).mul(c))),
    );
    const gJax = vjp(tensors(), featT(), truthT(), np.array(cq).reshape([D, R]));
    expect(gJax.length).toBe(7);
    gJax.forEach((t, k) => expectClose(g[k], t.dataSync(), 1e-5));
    vjp.dispose();
  });

  it("in the exact oracle, kernel=wasm's regrets and policy gradients equal kernel=jax's (a ≠ 0, nonzero residual)", async () => {
    await initEngine();
    const problem = buildProblem("bandit-auction(horizon=3,discount=0.9)");
    const mech = neuralMechanism(problem, { width: 8, payments: "fraction", init: 4 });
    const run = (kernel: "jax" | "wasm") => {
      const oracle = new ExactTreeOracle(problem, mech.layout, mech.arch, {
        regret: "one-shot",
        kernel,
        threads: 1,
      });
      const shapes = policyParamShapes(oracle.policy);
      const rng = new Rng(11);
      const theta = toTensors(mech.weights, mech.shapes);
      const ws = [0, 1].map(() => {
        const p = initParams(shapes, rng);
        for (const k of [4, 5]) for (let i = 0; i < p[k].length; i++) p[k][i] = rng.normal();
        p[6][0] = 2;
        return toTensors(p, shapes);
      });
      const out = [];
      // Two periods of the one-shot rotation (two different regret trees per agent).
      for (let s = 0; s < 2; s++) {
        const { est, grad } = oracle.evaluate(theta, ws, [0.3, 0.8]);
        const g = grad({
          revenue: -1,
          utility: [0, 0],
          interim: [
            [0, 0, 0],
            [0, 0, 0],
          ],
          regret: [5, 5],
        });
        out.push({ regret: est.regret, w: g.w.map(toArrays), a: g.a });
        disposeAll(g.theta);
      }
      disposeAll(theta);
      ws.forEach(disposeAll);
      oracle.dispose();
      return out;
    };
    const jax = run("jax");
    const wasm = run("wasm");
    jax.forEach((j, s) => {
      expectClose(wasm[s].regret, j.regret, 1e-4);
      expectClose(wasm[s].a, j.a, 1e-4);
      j.w.forEach((wi, i) => wi.forEach((t, k) => expectClose(wasm[s].w[i][k], t, 1e-4)));
    });
    // The adversary's gradient is not trivially zero.
    expect(Math.abs(jax[0].a[0]) + Math.abs(jax[1].a[0])).toBeGreaterThan(0);
  });
});
