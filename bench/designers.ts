// Inverse-game designer speed: SGDA iterations per second of the exact-tree oracle (forward,
// tree sweeps, vector–Jacobian products, Adam) on the discrete single-item problem at T = 3
// (full regret trees) and T = 5 (one-shot regret trees), and tree-building time; and of the
// sampled-tree oracle on the continuous single-item problem (trees rebuilt every iteration).
// Writes docs/benchmarks/designers.md. Run: npx tsx bench/designers.ts
import { mkdirSync, writeFileSync } from "node:fs";
import { initEngine } from "../src/engine/jax.js";
import { ExactTreeOracle } from "../src/designers/inverse-game/exact-oracle.js";
import type { Oracle } from "../src/designers/inverse-game/oracle.js";
import {
  DEFAULT_SAMPLED,
  SampledTreeOracle,
} from "../src/designers/inverse-game/sampled-oracle.js";
import { LossBuilder } from "../src/designers/inverse-game/losses.js";
import { DEFAULT_SGDA, Game } from "../src/designers/inverse-game/sgda.js";
import { NeuralMechanism } from "../src/mechanisms/neural/mechanism.js";
import { buildProblem } from "../src/problems/registry.js";
import { machineLine, stamp } from "./machine.js";

await initEngine();
const rows: string[] = [];
for (const spec of [
  "bandit-auction(horizon=3,discount=1)",
  "bandit-auction",
  "bandit-auction(values=continuous)",
]) {
  const problem = buildProblem(spec);
  try {
    rows.push(await measure(problem, spec.includes("continuous")));
  } catch (e) {
    // Recorded, not hidden: e.g. the WebAssembly backend's 4 GiB limit at T = 5.
    rows.push(`| \`${problem.name}\` | failed: ${(e as Error).message} | | | | |`);
  }
}

async function measure(
  problem: ReturnType<typeof buildProblem>,
  sampled: boolean,
): Promise<string> {
  const mech = new NeuralMechanism(problem, { width: 64, payments: "fraction", init: 0 });
  const t0 = performance.now();
  const oracle: Oracle = sampled
    ? new SampledTreeOracle(problem, mech.layout, mech.arch, { ...DEFAULT_SAMPLED, seed: 0 })
    : new ExactTreeOracle(problem, mech.layout, mech.arch);
  const game = new Game(
    oracle,
    mech.shapes,
    oracle.policyShapes(),
    mech.weights,
    DEFAULT_SGDA,
    (rng) => oracle.initPolicy(rng),
    0,
  );
  const loss = (e: Parameters<typeof game.step>[0] extends (x: infer E) => unknown ? E : never) =>
    new LossBuilder(e).revenue(-1).regret(5);
  // Warm-up: compile every shape and build every (lazily built) regret tree.
  for (let k = 0; k < problem.horizon + 2; k++) game.step(loss);
  const build = (performance.now() - t0) / 1000;
  const N = 10;
  const t1 = performance.now();
  for (let k = 0; k < N; k++) game.step(loss);
  const perSec = N / ((performance.now() - t1) / 1000);
  const sizes = oracle.sizes();
  const row = `| \`${problem.name}\` | ${oracle.mode} | ${sizes.truthful} | ${sizes.regret} (${sizes.regretRows} distinct inputs) | ${build.toFixed(1)} | ${perSec.toFixed(2)} |`;
  game.dispose();
  oracle.dispose();
  return row;
}

const doc = [
  "## Inverse-game designer",
  "",
  `Command: \`npx tsx bench/designers.ts\` (also run by \`npm run bench\`). Machine: ${machineLine()}. Run at ${stamp()}.`,
  "",
  `SGDA iterations per second of the exact-tree oracle (mechanism network width 64, both agents' regret trees per iteration), after building the trees and compiling every shape (the 'setup' column). One-shot mode rotates over T regret trees per agent. Sampled mode (continuous types): ${DEFAULT_SAMPLED.scenarios} fresh scenarios per iteration, the truthful tree, each agent's deterministic deviation tree and its exploring tree (for the score-function gradient) built, swept and differentiated every iteration.`,
  "",
  "| problem | regret trees | truthful tree nodes | one regret tree: nodes | setup s | iterations / s (10 iterations) |",
  "| --- | --- | --- | --- | --- | --- |",
  ...rows,
  "",
].join("\n");
mkdirSync("docs/benchmarks", { recursive: true });
writeFileSync("docs/benchmarks/designers.md", doc);
console.error(doc);
