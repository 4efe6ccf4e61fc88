import { describe, expect, it } from "vitest";
import { UsageError } from "../../core/errors.js";
import { initEngine } from "../../engine/jax.js";
import { neuralMechanism } from "../../mechanisms/neural/mechanism.js";
import { ExactTreeOracle, type ExactOracleOptions } from "./exact-oracle.js";
import { fourSgdaSteps, sgdaProblem, startTheta } from "./exact-sgda.fixture.js";

const problem = sgdaProblem;

describe("the exact oracle's kernel option", () => {
  it("kernel=wasm follows kernel=jax's SGDA iterations to rounding (losses, revenues, regrets, θ)", async () => {
    await initEngine();
    const jax = fourSgdaSteps({ kernel: "jax", threads: 1 });
    const wasm = fourSgdaSteps({ kernel: "wasm" });
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

  it("refuses an unknown kernel and kernel=wasm on two threads, naming the field", () => {
    const mech = neuralMechanism(problem, { width: 16, payments: "fraction", init: 2 });
    const make = (opts: ExactOracleOptions) => () =>
      new ExactTreeOracle(problem, mech.layout, mech.arch, { regret: "full", ...opts });
    expect(make({ kernel: "gpu" as "jax" })).toThrow(UsageError);
    expect(make({ kernel: "gpu" as "jax" })).toThrow(/^--kernel: .*jax, wasm/);
    expect(make({ kernel: "wasm", threads: 2 })).toThrow(/^--threads: .*one thread/);
  });
});
