import { describe, expect, it } from "vitest";
import { policyParamShapes } from "../../agents/deviation/discrete-policy.js";
import { UsageError } from "../../core/errors.js";
import { initEngine } from "../../engine/jax.js";
import { Rng } from "../../engine/rng.js";
import { neuralMechanism } from "../../mechanisms/neural/mechanism.js";
import { initParams } from "../../mechanisms/neural/network.js";
import { ExactTreeOracle, type ExactOracleOptions } from "./exact-oracle.js";
import { fourSgdaSteps, sgdaProblem, startTheta } from "./exact-sgda.fixture.js";
import { toArrays, toTensors } from "./params.js";

const problem = sgdaProblem;

describe("the exact oracle's kernel option", () => {
  it("kernel=wasm follows kernel=jax's SGDA iterations to rounding (losses, revenues, regrets, θ)", async () => {
    await initEngine();
    const jax = fourSgdaSteps({ kernel: "jax", threads: 1 });
    const wasm = fourSgdaSteps({ kernel: "wasm" });
    // auto: the T = 3 union batch (~2,200 rows) is below WASM_POOL_ROWS, so one thread.
    expect(wasm.threads).toBe(1);
    const close = (a: number[], b: number[]) =>
      a.forEach((v, k) => expect(Math.abs(v - b[k])).toBeLessThan(1e-4 * (1 + Math.abs(b[k]))));
    close(wasm.losses, jax.losses);
    close(wasm.revenues, jax.revenues);
    close(wasm.regret, jax.regret);
    // θ moved, and both engines moved it the same way: Adam's normalized step turns rounding
    // noise in a near-zero gradient entry into a full step of either sign, so the test is on
    // the whole move: the engines' θ differ by under 2 % of how far θ went.
    const theta0 = startTheta();
    let diff = 0;
    let move = 0;
    wasm.theta.forEach((t, k) =>
      t.forEach((v, i) => {
        diff += (v - jax.theta[k][i]) ** 2;
        move += (jax.theta[k][i] - theta0[k][i]) ** 2;
      }),
    );
    expect(move).toBeGreaterThan(0);
    expect(Math.sqrt(diff)).toBeLessThan(0.02 * Math.sqrt(move));
  });

  it("kernel=wasm on two worker threads: the one-thread estimates and gradients to 1e-5, the same bits on every run", async () => {
    await initEngine();
    const mech = neuralMechanism(problem, { width: 16, payments: "fraction", init: 2 });
    /** One evaluate at a fixed θ and a non-truthful policy (random residual, a = 0.7). */
    const once = (threads: 1 | 2) => {
      const oracle = new ExactTreeOracle(problem, mech.layout, mech.arch, {
        regret: "full",
        kernel: "wasm",
        threads,
      });
      try {
        const pshapes = policyParamShapes(oracle.policy);
        const w = [0, 1].map((i) => toTensors(initParams(pshapes, new Rng(20 + i)), pshapes));
        const { est, grad } = oracle.evaluate(toTensors(mech.weights, mech.shapes), w, [0.7, 0.7]);
        const g = grad({
          revenue: -1,
          utility: [0.3, -0.2],
          interim: oracle.initProbs.map((ps) => ps.map(() => 0.1)),
          regret: [5, 5],
        });
        return {
          threads: oracle.threads(),
          est,
          theta: toArrays(g.theta),
          w: g.w.map(toArrays),
          a: g.a,
        };
      } finally {
        oracle.dispose();
      }
    };
    const one = once(1);
    const two = once(2);
    expect([one.threads, two.threads]).toEqual([1, 2]);
    const close = (x: number, y: number, scale: number) =>
      expect(Math.abs(x - y)).toBeLessThanOrEqual(1e-5 * scale);
    close(two.est.revenue, one.est.revenue, Math.abs(one.est.revenue));
    one.est.utility.forEach((u, i) => close(two.est.utility[i], u, Math.abs(u)));
    // The policy is not truthful: regrets and their θ-gradient are not zero.
    one.est.regret.forEach((r, i) => {
      expect(Math.abs(r)).toBeGreaterThan(1e-4);
      close(two.est.regret[i], r, Math.abs(r));
    });
    // The θ-gradient, entry by entry against its largest entry: the halves' partial sums are
    // added in another order than one thread's, so rounding differs, nothing else.
    const norm = Math.max(...one.theta.flatMap((t) => Array.from(t, Math.abs)));
    expect(norm).toBeGreaterThan(1e-3);
    one.theta.forEach((t, k) => t.forEach((v, j) => close(two.theta[k][j], v, norm)));
    one.a.forEach((v, i) => close(two.a[i], v, Math.abs(v)));
    // A fixed configuration gives the same bits on every run.
    const again = once(2);
    expect(again.est).toEqual(two.est);
    two.theta.forEach((t, k) => expect(Array.from(again.theta[k])).toEqual(Array.from(t)));
    expect(again.a).toEqual(two.a);
  }, 60_000);

  it("kernel=wasm SGDA on two worker threads follows one thread's to 1e-5", async () => {
    await initEngine();
    const one = fourSgdaSteps({ kernel: "wasm", threads: 1 });
    const two = fourSgdaSteps({ kernel: "wasm", threads: 2 });
    expect(two.threads).toBe(2);
    const close = (a: number[], b: number[]) =>
      a.forEach((v, k) => expect(Math.abs(v - b[k])).toBeLessThanOrEqual(1e-5 * Math.abs(b[k])));
    close(two.losses, one.losses);
    close(two.revenues, one.revenues);
    close(two.regret, one.regret);
  }, 120_000);

  it("refuses an unknown kernel, naming the field", () => {
    const mech = neuralMechanism(problem, { width: 16, payments: "fraction", init: 2 });
    const make = (opts: ExactOracleOptions) => () =>
      new ExactTreeOracle(problem, mech.layout, mech.arch, { regret: "full", ...opts });
    expect(make({ kernel: "gpu" as "jax" })).toThrow(UsageError);
    expect(make({ kernel: "gpu" as "jax" })).toThrow(/^--kernel: .*jax, wasm/);
  });
});
