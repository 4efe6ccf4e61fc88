// A short exact-oracle SGDA run shared by the tests that compare two ways of computing the same
// iterations (worker threads, network kernels): T = 3, a width-16 network, 4 iterations that
// all move θ. Test support only: tsconfig.build.json leaves *.fixture.ts out of the package.
import { neuralMechanism } from "../../mechanisms/neural/mechanism.js";
import { buildProblem } from "../../problems/registry.js";
import { ExactTreeOracle, type ExactOracleOptions } from "./exact-oracle.js";
import { LossBuilder } from "./losses.js";
import { DEFAULT_SGDA, Game } from "./sgda.js";

export const sgdaProblem = buildProblem("bandit-auction(horizon=3,discount=0.9)");

/** The network's start θ₀ of every run below (seed 2). */
export const startTheta = (): Float32Array[] =>
  neuralMechanism(sgdaProblem, { width: 16, payments: "fraction", init: 2 }).weights;

/** Losses, revenues, regrets and θ after 4 SGDA iterations with these oracle options. */
export function fourSgdaSteps(opts: ExactOracleOptions) {
  const mech = neuralMechanism(sgdaProblem, { width: 16, payments: "fraction", init: 2 });
  const oracle = new ExactTreeOracle(sgdaProblem, mech.layout, mech.arch, {
    regret: "full",
    ...opts,
  });
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
    };
  } finally {
    game.dispose();
    oracle.dispose();
  }
}
