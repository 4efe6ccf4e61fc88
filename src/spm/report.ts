// Turning a comparison into files and text: result.json, metrics.csv, a learning-curve figure
// (mean over seeds with ± 1 s.e. bands, baselines as lines, like Brero et al. 2021's Figures 2–4) and
// an aligned table. No maths here beyond formatting.
import { formatMeasured, type Measured } from "../core/measured.js";
import type { Figure, HLine, Series } from "../report/plot.js";
import { meanCurve, type CompareResult, type PolicyResult } from "./compare.js";

const asMeasured = (m: Measured) => ({ value: m.value, exact: m.exact, stderr: m.stderr });

/** The one object `--json` prints. */
export function summaryJson(r: CompareResult): Record<string, unknown> {
  const pol = (p: PolicyResult) => ({
    ...asMeasured(p.best),
    seed: p.best.seed,
    statistic: p.statistic,
  });
  return {
    setting: r.setting,
    objective: r.objective,
    prices: r.prices,
    seed: r.seed,
    seeds: r.seeds,
    steps: r.steps,
    learned: Object.fromEntries(r.learned.map((p) => [p.name, pol(p)])),
    baselines: {
      ...Object.fromEntries(r.baselines.map((p) => [p.name, pol(p)])),
      ...(r.rsd ? { rsd: asMeasured(r.rsd) } : {}),
    },
    optimalSpm: r.optimal ? asMeasured(r.optimal) : null,
    firstBest: r.firstBest ? asMeasured(r.firstBest) : null,
    seconds: Number(r.seconds.toFixed(1)),
  };
}

export function metricsCsv(r: CompareResult): string {
  // One row per evaluation, with the PPO diagnostics of that iteration (rl/ppo.ts).
  const lines = [
    "policy,statistic,seed,iteration,steps,value,stderr,approx_kl,clip_fraction,entropy,explained_variance",
  ];
  for (const p of [...r.learned, ...r.baselines]) {
    for (const run of p.runs) {
      for (const c of run.curve) {
        lines.push(
          [
            p.name,
            p.statistic,
            run.seed,
            c.iteration,
            c.steps,
            c.value,
            c.stderr,
            c.approxKl,
            c.clipFraction,
            c.entropy,
            c.explainedVariance,
          ].join(","),
        );
      }
    }
  }
  return lines.join("\n") + "\n";
}

export function learningCurveFigure(r: CompareResult): Figure {
  const series: Series[] = [...r.learned, ...r.baselines].map((p) => ({
    name: p.name,
    ...meanCurve(p.runs),
  }));
  const hlines: HLine[] = [];
  if (r.rsd) hlines.push({ name: "random serial dictatorship", y: r.rsd.value });
  if (r.optimal) hlines.push({ name: "optimal SPM (exact DP)", y: r.optimal.value });
  if (r.firstBest) hlines.push({ name: "first-best", y: r.firstBest.value });
  return {
    title: `${r.setting}: evaluation ${r.objective} on fresh samples`,
    panels: [
      {
        title: `${r.setting} (${r.seeds > 1 ? `mean of ${r.seeds} seeds, s.e. across seeds` : "1 seed, s.e. over evaluation episodes"})`,
        xLabel: "environment steps",
        yLabel: r.objective,
        series,
        hlines,
      },
    ],
  };
}

/** Rows: policy, value ± stderr, share of the optimal SPM where known. */
export function summaryRows(r: CompareResult): string[][] {
  const rows: string[][] = [];
  const ref = r.optimal?.value;
  const share = (m: Measured) => (ref ? `${((100 * m.value) / ref).toFixed(1)}%` : "");
  for (const p of r.learned) rows.push([`PPO, ${p.name}`, formatMeasured(p.best), share(p.best)]);
  for (const p of r.baselines) rows.push([`PPO, ${p.name}`, formatMeasured(p.best), share(p.best)]);
  if (r.rsd) rows.push(["random serial dictatorship", formatMeasured(r.rsd), share(r.rsd)]);
  if (r.optimal) rows.push(["optimal SPM (exact DP)", formatMeasured(r.optimal), "100.0%"]);
  if (r.firstBest)
    rows.push(["first-best welfare", formatMeasured(r.firstBest), share(r.firstBest)]);
  return rows;
}
