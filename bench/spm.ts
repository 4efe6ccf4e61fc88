// Sequential price mechanisms: environment throughput (random legal actions), PPO training
// throughput (price-allocation statistic, the largest observation), the exact optimal-SPM
// dynamic program, and the wall time of one full comparison per setting projected from the
// measured PPO throughput (3 statistics + 2 learned baselines, at each setting's budget of
// steps × seeds in `mechlab reproduce spm-figures`). Writes docs/benchmarks/spm.md.
// Run: npx tsx bench/spm.ts (also run by `npm run bench`).
import { mkdirSync, writeFileSync } from "node:fs";
import { initEngine } from "../src/engine/jax.js";
import { Rng } from "../src/engine/rng.js";
import { SpmEnv } from "../src/spm/env.js";
import { OptimalSpm } from "../src/spm/optimal-spm.js";
import { compare } from "../src/spm/compare.js";
import { FIGURE_SETTINGS } from "../src/spm/reproductions.js";
import { buildSetting } from "../src/spm/settings/registry.js";
import { statistics } from "../src/spm/statistics.js";
import { trainSpmSync } from "../src/spm/train.js";
import { defaultJobs } from "../src/spm/train-jobs.js";
import { machineLine, stamp } from "./machine.js";

const JOBS = defaultJobs();

function envStepsPerSecond(name: string): number {
  const s = buildSetting(name);
  const B = 256;
  const env = new SpmEnv(s, B);
  const rng = new Rng(1);
  const agents = new Int32Array(B);
  const prices = new Float64Array(B * s.m);
  let steps = 0;
  const t0 = performance.now();
  for (let ep = 0; performance.now() - t0 < 1000 || ep < 2; ep++) {
    env.reset(ep);
    for (let t = 0; t < s.n; t++) {
      for (let b = 0; b < B; b++) {
        let i = rng.int(s.n);
        while (!env.agentsLeft[b * s.n + i]) i = (i + 1) % s.n;
        agents[b] = i;
      }
      for (let k = 0; k < prices.length; k++) prices[k] = rng.uniform();
      env.step(agents, prices);
      steps += B;
    }
  }
  return steps / ((performance.now() - t0) / 1000);
}

await initEngine();
const PPO_STEPS = 3000;
const rows: string[] = [];
let slowest = { setting: "", projected: 0 };
for (const f of FIGURE_SETTINGS) {
  const s = buildSetting(f.setting);
  const envRate = envStepsPerSecond(f.setting);
  const r = trainSpmSync({
    setting: s,
    statistic: statistics.build("price-allocation", "s").value,
    prices: f.budget.prices,
    seed: 1,
    steps: PPO_STEPS,
    batch: f.budget.batch,
    evalEvery: 1_000_000,
    evalEpisodes: 200,
    finalEpisodes: 200,
  });
  const ppoRate = r.steps / r.seconds;
  let dp = "—";
  if (s.discrete && s.objective !== "maxmin") {
    const t0 = performance.now();
    new OptimalSpm(s).value();
    dp = `${((performance.now() - t0) / 1000).toFixed(2)} s`;
  }
  const { steps, seeds, batch } = f.budget;
  // `reproduce spm-figures` runs the 5 × seeds training runs on `JOBS` worker threads.
  const projected = (Math.ceil((5 * seeds) / JOBS) * steps) / ppoRate;
  if (projected > slowest.projected) slowest = { setting: f.setting, projected };
  rows.push(
    `| ${s.name} | ${s.n}×${s.m} | ${Math.round(envRate).toLocaleString("en")} | ${batch} | ${Math.round(ppoRate).toLocaleString("en")} | ${dp} | ${seeds} × ${steps.toLocaleString("en")} | ${(projected / 60).toFixed(1)} min |`,
  );
  console.error(rows[rows.length - 1]);
}

// The projection is pessimistic (short runs pay the jit compilation; the slowest statistic), so
// the setting with the largest projection is also run in full, exactly as the reproduction does.
const worst = FIGURE_SETTINGS.find((f) => f.setting === slowest.setting)!;
const t0 = performance.now();
await compare({
  setting: buildSetting(worst.setting),
  statistics: ["items-agents", "allocation", "price-allocation"],
  baselines: ["anonymous-static", "personalized-static", "rsd"],
  seeds: worst.budget.seeds,
  seed: 0,
  steps: worst.budget.steps,
  batch: worst.budget.batch,
  prices: worst.budget.prices,
  parallel: JOBS,
});
const fullSeconds = (performance.now() - t0) / 1000;
console.error(`full comparison of ${worst.setting}: ${fullSeconds.toFixed(0)} s`);

const lines = [
  "## Sequential price mechanisms",
  "",
  `Command: \`npx tsx bench/spm.ts\` (also run by \`npm run bench\`). Machine: ${machineLine()}. Run at ${stamp()}.`,
  "",
  "Env steps/s: rounds per second of the batched environment (256 episodes) under random legal actions, for 1 s. " +
    `PPO steps/s: environment steps per second of a whole PPO run (rollouts, 4 epochs × 4 minibatches, evaluation of the final checkpoint) with the price-allocation statistic, ${PPO_STEPS} steps, the setting's rollout size (episodes) and price mode. ` +
    "Optimal-SPM DP: exact dynamic program over the price grid (finite-support settings). " +
    `Full comparison: projected wall time of the 5 policies × seeds training runs of \`reproduce spm-figures\` (the setting's budget), ${JOBS} at a time on worker threads (one per core), at the measured single-run PPO rate: ⌈5·seeds/${JOBS}⌉ × steps / rate; the price-allocation statistic is the slowest, so this is an upper estimate if each worker has a core (measured wall times of real runs: docs/results/spm.md).`,
  "",
  "| setting | n×m | env steps/s | rollout | PPO steps/s | optimal-SPM DP | budget (seeds × steps) | full comparison (projected) |",
  "| --- | --- | --- | --- | --- | --- | --- | --- |",
  ...rows,
  "",
  `Measured: the full comparison of the setting with the largest projection, ${worst.setting} (\`reproduce spm-figures --methods ${worst.setting}\` does the same: ${5 * worst.budget.seeds} training runs, ${JOBS} worker threads, RSD, references), took **${(fullSeconds / 60).toFixed(1)} min** (${fullSeconds.toFixed(0)} s) wall time.`,
  "",
];
mkdirSync("docs/benchmarks", { recursive: true });
writeFileSync("docs/benchmarks/spm.md", lines.join("\n"));
