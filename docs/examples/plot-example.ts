// The example figure of docs/plots.md, from real measurements: the Monte Carlo estimate of
// revenue (± 1.96 standard errors) on the default problem as the number of sampled
// trajectories grows, against the exact revenue from enumeration. Run:
//   npx tsx docs/examples/plot-example.ts
// It writes docs/img/example-plot.svg and docs/img/example-plot.png.
import { mkdirSync, writeFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import {
  buildMechanism,
  buildProblem,
  DEFAULT_PROBLEM,
  evaluateTruthfulExact,
  evaluateTruthfulSampled,
} from "../../src/index.js";
import { renderPng, renderSvg, type Figure, type Series } from "../../src/report/plot.js";

const SEED = 0;
const MECHANISMS = ["second-price", "myerson"];
const SAMPLES = Array.from({ length: 16 }, (_, k) => 250 * (k + 1)); // 250 … 4000
const Z95 = 1.96; // normal quantile for a two-sided 95% interval

const problem = buildProblem(DEFAULT_PROBLEM);
const estimates: Series[] = [];
const stderrs: Series[] = [];
const exactLines = [];
for (const name of MECHANISMS) {
  const mech = buildMechanism(name, problem);
  const runs = SAMPLES.map((n) => evaluateTruthfulSampled(problem, mech, n, SEED).revenue);
  const mean = runs.map((r) => r.value);
  const se = runs.map((r) => r.stderr!);
  estimates.push({
    name,
    x: SAMPLES,
    y: mean,
    lower: mean.map((m, i) => m - Z95 * se[i]),
    upper: mean.map((m, i) => m + Z95 * se[i]),
  });
  stderrs.push({ name, x: SAMPLES, y: se });
  const exact = evaluateTruthfulExact(problem, mech).revenue;
  exactLines.push({ name: `${name} exact`, y: exact });
  const last = runs.length - 1;
  console.log(
    `${name}: exact revenue ${exact.toFixed(4)}; sampled (${SAMPLES[last]} trajectories, seed ${SEED}) ` +
      `${mean[last].toFixed(4)} ± ${se[last].toFixed(4)} (1 s.e.)`,
  );
}

const figure: Figure = {
  title: `Sampled vs exact revenue, ${problem.name.split("(")[0]} (seed ${SEED})`,
  panels: [
    {
      title: "Revenue estimate, 95% interval",
      xLabel: "sampled trajectories",
      yLabel: "expected discounted revenue",
      series: estimates,
      hlines: exactLines,
    },
    {
      title: "Standard error",
      xLabel: "sampled trajectories",
      yLabel: "standard error of revenue",
      series: stderrs,
      logY: true,
    },
  ],
};

const outDir = fileURLToPath(new URL("../img/", import.meta.url));
mkdirSync(outDir, { recursive: true });
writeFileSync(`${outDir}example-plot.svg`, await renderSvg(figure));
writeFileSync(`${outDir}example-plot.png`, await renderPng(figure, 2));
console.log(`wrote ${outDir}example-plot.svg and example-plot.png`);
