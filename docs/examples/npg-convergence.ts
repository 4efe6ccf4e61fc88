// NPG deviation oracle vs the gradient-ascent deviation policy on fixed mechanisms
// (docs/npg.md). For each mechanism and agent, the gap between the exact best-response gain
// (src/evaluation/best-response-exact.ts) and the gain of the learned deviation after each
// iteration, on `bandit-auction(horizon=3,discount=1)`:
// - NPG (exact Q) on the sufficient-statistics MDP, η = 10 and η = 100, from the uniform policy;
// - the gradient-ascent policy of src/agents/deviation/discrete-policy.ts (Adam, the SGDA
//   designers' adversary, from truthful play), which runs against neural mechanisms only, so
//   the comparison uses a neural mechanism whose payments make shading profitable.
// Run:  npx tsx docs/examples/npg-convergence.ts
// It writes docs/img/npg-convergence.{svg,png} and docs/img/npg-convergence.csv and prints the
// iteration at which each curve first comes within 10⁻³ of the best-response gain.
import { mkdirSync, writeFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import {
  evaluatePolicy,
  rootValue,
  truthfulPolicy,
} from "../../src/agents/deviation/npg/finite-mdp.js";
import { NpgDeviation } from "../../src/agents/deviation/npg/npg-policy.js";
import { finishPolicyInit } from "../../src/agents/deviation/discrete-policy.js";
import { ExactTreeOracle } from "../../src/designers/inverse-game/exact-oracle.js";
import { LossBuilder } from "../../src/designers/inverse-game/losses.js";
import { DEFAULT_SGDA, Game } from "../../src/designers/inverse-game/sgda.js";
import { initEngine } from "../../src/engine/jax.js";
import type { Rng } from "../../src/engine/rng.js";
import { bestResponseExact } from "../../src/evaluation/best-response-exact.js";
import { deviationMdp } from "../../src/evaluation/deviation-mdp.js";
import { NeuralMechanism } from "../../src/mechanisms/neural/mechanism.js";
import { initParams } from "../../src/mechanisms/neural/network.js";
import { buildMechanism } from "../../src/mechanisms/registry.js";
import type { Mechanism } from "../../src/mechanisms/types.js";
import { buildProblem } from "../../src/problems/registry.js";
import { renderPng, renderSvg, type Figure, type Series } from "../../src/report/plot.js";

const ITERS = 60;
const TOL = 1e-3;
const problem = buildProblem("bandit-auction(horizon=3,discount=1)");
await initEngine();
const neural = new NeuralMechanism(problem, { width: 16, payments: "fraction", init: 2 });
neural.weights[16].fill(2); // charges most of the report: shading pays (as in discrete-policy.test.ts)
const mechanisms: [string, Mechanism][] = [
  ["second-price", buildMechanism("second-price", problem)],
  ["first-price", buildMechanism("first-price", problem)],
  ["neural (shading pays)", neural],
];

const rows: string[] = ["mechanism,agent,method,iteration,gain,best_response_gain,gap"];
const panels: Figure["panels"] = [];
const report: string[] = [];
const firstWithin = (gaps: number[]) => {
  const k = gaps.findIndex((g) => g < TOL);
  return k < 0 ? `> ${ITERS}` : String(k + 1);
};

for (const [label, mech] of mechanisms) {
  const series: Series[] = [];
  for (const agent of [0, 1]) {
    const mdp = deviationMdp(problem, mech, agent);
    const truth = rootValue(mdp, evaluatePolicy(mdp, truthfulPolicy(mdp)).V);
    const best = bestResponseExact(problem, mech, agent).value - truth;
    const curves: [string, number[]][] = [];
    for (const eta of [10, 100]) {
      const npg = new NpgDeviation(mdp, { eta, truthBias: 0 });
      const gains: number[] = [];
      for (let s = 0; s < ITERS; s++) {
        npg.step();
        gains.push(npg.evaluate().value - truth);
      }
      curves.push([`NPG η=${eta}`, gains]);
    }
    if (mech === neural) {
      const oracle = new ExactTreeOracle(problem, neural.layout, neural.arch, { regret: "full" });
      const shapes = oracle.policyShapes();
      const game = new Game(
        oracle,
        neural.shapes,
        shapes,
        neural.weights,
        { ...DEFAULT_SGDA, restartEvery: 100_000, warmup: 100_000 }, // θ frozen
        (rng: Rng) => finishPolicyInit(initParams(shapes, rng)),
        5,
      );
      const gains: number[] = [];
      game.step((e) => new LossBuilder(e).revenue(-1)); // iteration 0: truthful start
      for (let s = 0; s < ITERS; s++)
        gains.push(game.step((e) => new LossBuilder(e).revenue(-1)).est.regret[agent]);
      curves.push(["gradient ascent (Adam)", gains]);
      game.dispose();
      oracle.dispose();
    }
    for (const [method, gains] of curves) {
      const gaps = gains.map((g) => Math.max(best - g, 0));
      gains.forEach((g, s) => rows.push([label, agent, method, s + 1, g, best, gaps[s]].join(",")));
      series.push({
        name: `agent ${agent}, ${method}`,
        x: gaps.map((_, s) => s + 1),
        y: gaps.map((g) => Math.max(g, 1e-9)),
      });
      report.push(
        `${label}, agent ${agent}: best-response gain ${best.toFixed(5)}; ${method}: within 1e-3 at iteration ${firstWithin(gaps)}, gap after ${ITERS}: ${gaps[ITERS - 1].toExponential(2)}`,
      );
    }
  }
  panels.push({
    title: label,
    xLabel: "iteration",
    yLabel: "best-response gain − learned gain",
    series,
    logY: true,
  });
}

const figure: Figure = {
  title: "Deviation oracles on fixed mechanisms, bandit-auction(horizon=3,discount=1)",
  panels,
};
const outDir = fileURLToPath(new URL("../img/", import.meta.url));
mkdirSync(outDir, { recursive: true });
writeFileSync(`${outDir}npg-convergence.csv`, rows.join("\n") + "\n");
writeFileSync(`${outDir}npg-convergence.svg`, await renderSvg(figure));
writeFileSync(`${outDir}npg-convergence.png`, await renderPng(figure, 2));
console.log(report.join("\n"));
console.log(`wrote ${outDir}npg-convergence.{svg,png,csv}`);
