// Learned pricing for online resource allocation at n = 10,000 agents and m = 5 resources
// (ads(scale=125,slots=5): 8 segments × 1,250 agents, continuous values): learning time of
// each algorithm (through its access model) and deployment throughput (agents priced and
// served per second, one realized run in random order, repeated for ≥ 1 s), plus the
// hindsight LP relaxation of one run. Writes docs/benchmarks/pricing.md.
// Run: npx tsx bench/pricing.ts (also run by `npm run bench`).
import { mkdirSync, writeFileSync } from "node:fs";
import { Rng } from "../src/engine/rng.js";
import { pricingAlgorithms } from "../src/pricing/algorithms/registry.js";
import { hindsight } from "../src/pricing/benchmarks.js";
import { deploy } from "../src/pricing/deploy.js";
import { learnPolicy } from "../src/pricing/evaluate.js";
import { pricingInstances } from "../src/pricing/generators/registry.js";
import { agentCount, realize } from "../src/pricing/model.js";
import { arrivalOrder } from "../src/pricing/orders.js";
import { machineLine, stamp } from "./machine.js";

const INSTANCE = "ads(scale=125,slots=5)";
const ALGORITHMS = [
  "dual-prices(samples=1)",
  "dual-prices(samples=2)",
  "anonymous-random(queries=50000)",
  "anonymous-random(queries=500000)",
  "exponential-pricing",
  "fixed-price",
  "first-come-first-served",
];

const inst = pricingInstances.build(INSTANCE, "instance").value;
const n = agentCount(inst);
const agents = realize(inst, new Rng(1));
const order = arrivalOrder("random", agents, new Rng(2));
const rows: string[] = [];
for (const name of ALGORITHMS) {
  const alg = pricingAlgorithms.build(name, "algorithm");
  const t0 = performance.now();
  const learned = await learnPolicy(inst, alg.value, new Rng(3));
  const learn = (performance.now() - t0) / 1000;
  let served = 0;
  let welfare = 0;
  const t1 = performance.now();
  const rng = new Rng(4);
  while (performance.now() - t1 < 1000 || served === 0) {
    welfare = deploy(inst, agents, order, learned.policy, rng).welfare;
    served += n;
  }
  const rate = served / ((performance.now() - t1) / 1000);
  const used = learned.samples
    ? `${learned.samples.toLocaleString("en")} samples`
    : learned.queries
      ? `${learned.queries.toLocaleString("en")} queries`
      : "—";
  rows.push(
    `| ${alg.name} | ${used} | ${learn.toFixed(2)} | ${Math.round(rate).toLocaleString("en")} | ${welfare.toFixed(0)} |`,
  );
  console.error(rows[rows.length - 1]);
}
const t2 = performance.now();
const lp = await hindsight(inst, agents, false);
const lpSeconds = (performance.now() - t2) / 1000;

const lines = [
  "## Online pricing",
  "",
  `Command: \`npx tsx bench/pricing.ts\` (also run by \`npm run bench\`). Machine: ${machineLine()}. Run at ${stamp()}.`,
  "",
  `Instance \`${INSTANCE}\`: n = ${n.toLocaleString("en")} agents, m = ${inst.supplies.length} resources. Learn s: wall time of learning (samples or pricing queries drawn, LP solved). Deploy agents/s: agents priced and served per second in one realized run (random order), repeated for ≥ 1 s. Welfare: of that run (one run, no error bar; see docs/results/online-pricing.md for measured ratios).`,
  "",
  "| algorithm | access used | learn s | deploy agents/s | welfare (one run) |",
  "| --- | --- | --- | --- | --- |",
  ...rows,
  "",
  `Hindsight LP relaxation of the same run: ${lp.toFixed(0)} in ${lpSeconds.toFixed(2)} s (HiGHS; the integer program at this size, ${n.toLocaleString("en")} agents × up to 5 options, is refused by \`mechlab pricing\`, which says to use \`--hindsight lp\`).`,
  "",
];
mkdirSync("docs/benchmarks", { recursive: true });
writeFileSync("docs/benchmarks/pricing.md", lines.join("\n"));
