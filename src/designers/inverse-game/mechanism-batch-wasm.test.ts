import { describe, expect, it } from "vitest";
import { UsageError } from "../../core/errors.js";
import { initEngine } from "../../engine/jax.js";
import { buildProblem } from "../../problems/registry.js";
import { neuralMechanism } from "../../mechanisms/neural/mechanism.js";
import { ExactTreeOracle, type ExactOracleOptions } from "./exact-oracle.js";
import { LossBuilder } from "./losses.js";
import { DEFAULT_SGDA, Game } from "./sgda.js";

const problem = buildProblem("bandit-auction(horizon=3,discount=0.9)");

/** Losses, revenues, regrets and θ of 4 SGDA iterations (θ moves from the first). */
function run(opts: ExactOracleOptions) {
  const mech = neuralMechanism(problem, { width: 16, payments: "fraction", init: 2 });
  const oracle = new ExactTreeOracle(problem, mech.layout, mech.arch, { regret: "full", ...opts });
  const game = new Game(
    oracle,
    mech.shapes,
    oracle.policyShapes(),
    mech.weights,
    { ...DEFAULT_SGDA, warmup: 0 },
    (rng) => oracle.initPolicy(rng),
    7,
  );
  try {
    const losses: number[] = [];
    const revenues: number[] = [];
    for (let k = 0; k < 4; k++) {
      const { loss, est } = game.step((e) => new LossBuilder(e).revenue(-1).regret(5));
      losses.push(loss.value);
      revenues.push(est.revenue);
    }
    return {
      threads: oracle.threads(),
      losses,
      revenues,
      regret: game.estimate().regret,
      theta: game.thetaArrays(),
      theta0: mech.weights,
    };
  } finally {
    game.dispose();
    oracle.dispose();
  }
}

describe("the exact oracle's kernel option", () => {
  it("kernel=wasm follows kernel=jax's SGDA iterations to rounding (losses, revenues, regrets, θ)", async () => {
    await initEngine();
    const jax = run({ kernel: "jax", threads: 1 });
    const wasm = run({ kernel: "wasm" });
    expect(wasm.threads).toBe(1);
    const close = (a: number[], b: number[]) =>
      a.forEach((v, k) => expect(Math.abs(v - b[k])).toBeLessThan(1e-4 * (1 + Math.abs(b[k]))));
    close(wasm.losses, jax.losses);
    close(wasm.revenues, jax.revenues);
    close(wasm.regret, jax.regret);
    // θ moved, and both engines moved it the same way: Adam's normalized step turns rounding
    // noise in a near-zero gradient entry into a full step of either sign, so the test is on
    // the whole move: the engines' θ differ by under 2 % of how far θ went.
    let diff = 0;
    let move = 0;
    wasm.theta.forEach((t, k) =>
      t.forEach((v, i) => {
        diff += (v - jax.theta[k][i]) ** 2;
        move += (jax.theta[k][i] - jax.theta0[k][i]) ** 2;
      }),
    );
    expect(move).toBeGreaterThan(0);
    expect(Math.sqrt(diff)).toBeLessThan(0.02 * Math.sqrt(move));
  });

  it("refuses an unknown kernel and kernel=wasm on two threads, naming the field", () => {
    const mech = neuralMechanism(problem, { width: 16, payments: "fraction", init: 2 });
    const make = (opts: ExactOracleOptions) => () =>
      new ExactTreeOracle(problem, mech.layout, mech.arch, { regret: "full", ...opts });
    expect(make({ kernel: "gpu" as "jax" })).toThrow(UsageError);
    expect(make({ kernel: "gpu" as "jax" })).toThrow(/^--kernel: .*jax, wasm/);
    expect(make({ kernel: "wasm", threads: 2 })).toThrow(/^--threads: .*one thread/);
  });
});
