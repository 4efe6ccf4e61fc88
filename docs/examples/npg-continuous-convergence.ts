// Natural gradient vs Adam for the recurrent deviation policy of continuous types (docs/npg.md,
// "Continuous types"). On `bandit-auction(values=continuous)` (T = 5, γ = 0.85) and three fixed
// mechanisms — second price, first price and the PST handicap mechanism (`handicap-team`) —
// agent 0's fresh adversary (src/evaluation/fresh-adversary.ts: the recurrent policy, REINFORCE
// on 64 trajectories per iteration, the others truthful) is trained from truthful play with
//   - Adam (lr 0.02, the sampled certificate's default) on the score-function gradient, and
//   - the natural-gradient step (src/agents/deviation/natural-gradient.ts, δ = 0.1), and
//   - the ablations: the plain gradient scaled to the same KL trust region (Fisher → identity),
//     and the natural gradient with a tenth of the default damping (λ = 0.01),
// the same trajectories per iteration and the same seeds. Every 10 iterations the deterministic
// policy's gain over truth is estimated on 1000 held-out trajectories (common random numbers,
// the same for every run); the curves are means over the seeds ± 1 standard error across seeds.
// The best of the structured deviations (shading, constant misreports, one-period lies) on the
// same held-out trajectories is drawn as a reference line.
// Run:  npx tsx docs/examples/npg-continuous-convergence.ts
// It writes docs/img/npg-continuous-convergence.{svg,png,csv} and prints the table of docs/npg.md.
import { mkdirSync, writeFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { structuredDeviations } from "../../src/agents/structured-deviations.js";
import { truthful, type ReportingStrategy } from "../../src/agents/strategy.js";
import { trainAdversary, type AdversaryBudget } from "../../src/evaluation/fresh-adversary.js";
import { simulate, trajectorySeed } from "../../src/evaluation/simulate.js";
import { buildMechanism } from "../../src/mechanisms/registry.js";
import type { Mechanism } from "../../src/mechanisms/types.js";
import { buildProblem } from "../../src/problems/registry.js";
import { renderPng, renderSvg, type Figure, type Series } from "../../src/report/plot.js";

const ITERS = 200;
const EVERY = 10;
const BATCH = 64;
const HELD_OUT = 1000;
const SEEDS = [1, 2, 3, 4];
const problem = buildProblem("bandit-auction(values=continuous)");
const methods: [string, Partial<AdversaryBudget>][] = [
  ["Adam (lr 0.02)", { update: "adam", lr: 0.02 }],
  ["natural gradient (δ = 0.1)", { update: "npg", maxKl: 0.1 }],
  ["Euclidean, same trust region", { update: "npg", maxKl: 0.1, metric: "euclidean" }],
  ["natural gradient, λ = 0.01", { update: "npg", maxKl: 0.1, damping: 0.01 }],
];
const mechanisms: [string, Mechanism][] = [
  ["second price", buildMechanism("second-price", problem)],
  ["first price", buildMechanism("first-price", problem)],
  ["handicap (PST)", buildMechanism("handicap-team", problem)],
];

/** Agent 0's mean paired gain of `dev` over truth on the held-out trajectories. */
function heldOutGain(mech: Mechanism, dev: ReportingStrategy): number {
  const base = [truthful, truthful];
  let sum = 0;
  for (let k = 0; k < HELD_OUT; k++) {
    const s = trajectorySeed(424242, k);
    sum +=
      simulate(problem, mech, [dev, truthful], s).utility[0] -
      simulate(problem, mech, base, s).utility[0];
  }
  return sum / HELD_OUT;
}

const meanSe = (xs: number[]) => {
  const m = xs.reduce((a, b) => a + b, 0) / xs.length;
  const v = xs.reduce((a, b) => a + (b - m) ** 2, 0) / (xs.length - 1);
  return { m, se: Math.sqrt(v / xs.length) };
};
const fmt = ({ m, se }: { m: number; se: number }) => `${m.toFixed(3)} ± ${se.toFixed(3)}`;

const rows = ["mechanism,method,seed,iteration,held_out_gain,training_gain,seconds"];
const table = [
  "| mechanism | best structured | method | gain at 10 | at 50 | at 200 | CPU s / run |",
  "| --- | --- | --- | --- | --- | --- | --- |",
];
const panels: Figure["panels"] = [];
const xs = Array.from({ length: ITERS / EVERY + 1 }, (_, k) => k * EVERY);
for (const [label, mech] of mechanisms) {
  const structured = Math.max(...structuredDeviations(problem, 0).map((d) => heldOutGain(mech, d)));
  const series: Series[] = [];
  for (const [method, opts] of methods) {
    const curves: number[][] = [];
    const cpu: number[] = [];
    for (const seed of SEEDS) {
      const curve = [0]; // truthful start: gain 0 exactly
      const c0 = process.cpuUsage();
      let evalCpu = 0;
      const { curve: training } = trainAdversary(
        problem,
        mech,
        0,
        { iterations: ITERS, batch: BATCH, ...opts },
        seed,
        (it, _gain, policy) => {
          if (it % EVERY !== 0) return;
          const e0 = process.cpuUsage();
          policy.explore = false;
          curve.push(heldOutGain(mech, policy));
          const e = process.cpuUsage(e0);
          evalCpu += (e.user + e.system) / 1e6;
        },
      );
      const c = process.cpuUsage(c0);
      cpu.push((c.user + c.system) / 1e6 - evalCpu);
      curves.push(curve);
      curve.forEach((g, k) =>
        rows.push(
          [label, method, seed, xs[k], g, k > 0 ? training[xs[k] - 1] : 0, cpu.at(-1)].join(","),
        ),
      );
    }
    const at = (it: number) => meanSe(curves.map((c) => c[it / EVERY]));
    series.push({
      name: method,
      x: xs,
      y: xs.map((it) => at(it).m),
      stderr: xs.map((it) => at(it).se),
    });
    table.push(
      `| ${label} | ${structured.toFixed(3)} | ${method} | ${fmt(at(10))} | ${fmt(at(50))} | ${fmt(at(200))} | ${meanSe(cpu).m.toFixed(1)} |`,
    );
    console.error(`${label}, ${method}: done`);
  }
  panels.push({
    title: label,
    xLabel: "iteration (64 trajectories each)",
    yLabel: "held-out gain of the learned deviation",
    series,
    hlines: [{ name: "best structured deviation", y: structured }],
  });
}

const figure: Figure = {
  title: `Recurrent deviation policy on fixed mechanisms, bandit-auction(values=continuous), T = 5: natural gradient vs Adam (${SEEDS.length} seeds)`,
  panels,
};
const outDir = fileURLToPath(new URL("../img/", import.meta.url));
mkdirSync(outDir, { recursive: true });
writeFileSync(`${outDir}npg-continuous-convergence.csv`, rows.join("\n") + "\n");
writeFileSync(`${outDir}npg-continuous-convergence.svg`, await renderSvg(figure));
writeFileSync(`${outDir}npg-continuous-convergence.png`, await renderPng(figure, 2));
console.log(table.join("\n"));
console.log(`wrote ${outDir}npg-continuous-convergence.{svg,png,csv}`);
