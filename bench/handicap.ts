// Handicap designer speed (continuous bandit auctions): the entry-fee schedule of one handicap
// scale (nodes × fee-samples trajectories per agent, plus the level sample), and the default
// design run end to end (five scales, revenue estimates, sampled certificate with a fresh
// adversary, interim grid) on one and two goods. Writes docs/benchmarks/handicap.md.
// Run: npx tsx bench/handicap.ts
import { mkdirSync, writeFileSync } from "node:fs";
import { formatMeasured } from "../src/core/measured.js";
import { resolveParams } from "../src/core/spec.js";
import { designHandicap, handicapConfig } from "../src/designers/handicap/handicap-designer.js";
import { computeHandicapTeam, handicapTeamParams } from "../src/mechanisms/handicap-team.js";
import { buildProblem } from "../src/problems/registry.js";
import { machineLine, stamp } from "./machine.js";

const single = buildProblem("bandit-auction(values=continuous)");
const cfg = handicapConfig("handicap");
const params = resolveParams("handicap-team", handicapTeamParams, {
  nodes: cfg.nodes,
  samples: cfg.feeSamples,
  "level-samples": cfg.levelSamples,
});
const t0 = performance.now();
computeHandicapTeam(single, params, { seed: 0 });
const feeSeconds = (performance.now() - t0) / 1000;
const trajectories = single.agents * (cfg.nodes * cfg.feeSamples + cfg.levelSamples);

const rows: string[] = [];
for (const spec of [
  "bandit-auction(values=continuous)",
  "bandit-auction(values=continuous,items=2)",
]) {
  const problem = buildProblem(spec);
  const t = performance.now();
  const res = designHandicap(problem, cfg, 0);
  const seconds = (performance.now() - t) / 1000;
  rows.push(
    `| \`${spec}\` | ${res.designSeconds.toFixed(1)} | ${res.certifySeconds.toFixed(1)} | ${seconds.toFixed(1)} | ${formatMeasured(res.certificate.revenue)} |`,
  );
}

const doc = [
  "## Handicap designer (continuous types)",
  "",
  `Command: \`npx tsx bench/handicap.ts\` (also run by \`npm run bench\`). Machine: ${machineLine()}. Run at ${stamp()}.`,
  "",
  `Fee schedule of one handicap scale (${cfg.nodes} nodes × ${cfg.feeSamples} trajectories per agent plus ${cfg.levelSamples} for the level, 2 agents, T = 5, each with a pathwise twin): ${feeSeconds.toFixed(1)} s, ${Math.round(trajectories / feeSeconds)} trajectories/s, one thread.`,
  "",
  `Default design run (${cfg.scales.length} scales, certificate with ${cfg.adversary} fresh-adversary iterations, interim grid of 9 quantiles × ${cfg.interimSamples} trajectories per agent), seed 0, without the benchmarks that \`mechlab design\` also prints:`,
  "",
  "| problem | design s | certify s | total s | certified revenue |",
  "| --- | --- | --- | --- | --- |",
  ...rows,
  "",
].join("\n");
mkdirSync("docs/benchmarks", { recursive: true });
writeFileSync("docs/benchmarks/handicap.md", doc);
console.error(doc);
