// Run-directory contents of a handicap design run: result.json (same shapes of revenue,
// exploitability and per-initial-type utilities as `mechlab evaluate`), metrics.csv (one row
// per handicap scale tried), the profit-against-scale figure and the text summary.
import { formatMeasured } from "../../core/measured.js";
import type { Figure } from "../../report/plot.js";
import { sampledSeries } from "../../report/figure.js";
import type { HandicapResult } from "./handicap-designer.js";
import { designResultHeader } from "../result-header.js";

export function handicapMetricsCsv(res: HandicapResult): string {
  const rows = res.candidates.map((c, k) =>
    [
      c.scale,
      c.revenue.value,
      c.revenue.stderr ?? 0,
      c.profit.value,
      c.profit.stderr ?? 0,
      k === res.chosen ? 1 : 0,
      c.seconds,
    ].join(","),
  );
  return (
    [
      "scale,revenue_per_good,revenue_stderr,profit_per_good,profit_stderr,chosen,seconds",
      ...rows,
    ].join("\n") + "\n"
  );
}

export function handicapFigure(
  res: HandicapResult,
  benchmarks: { name: string; y: number }[],
): Figure {
  const x = res.candidates.map((c) => c.scale);
  return {
    title: "handicap designer: profit of truthful play per handicap scale (same draws for every k)",
    panels: [
      {
        title: `profit (= revenue at cost 0)${res.perGood ? " per good" : ""}`,
        xLabel: "handicap scale k (1 = PST)",
        yLabel: "expected discounted profit",
        series: [
          sampledSeries(
            "profit",
            x,
            res.candidates.map((c) => ({ value: c.profit.value, stderr: c.profit.stderr ?? 0 })),
          ),
        ],
        // Only benchmarks within 5 % of the curve, so that the differences stay visible.
        hlines: benchmarks.filter(
          (b) => Math.abs(b.y / res.candidates[res.chosen].profit.value - 1) < 0.05,
        ),
      },
    ],
  };
}

export function handicapResultJson(
  res: HandicapResult,
  problem: string,
  seed: number,
  versions: Record<string, string>,
  benchmarks: { name: string; value: number }[],
): Record<string, unknown> {
  const rep = res.certificate;
  return {
    ...designResultHeader({
      problem,
      designer: res.designer,
      seed,
      config: res.config,
      versions,
      irNotion: "interim",
      perGood: res.perGood,
    }),
    metrics: {
      candidates: res.candidates,
      chosenScale: res.candidates[res.chosen].scale,
      designSeconds: res.designSeconds,
      certifySeconds: res.certifySeconds,
    },
    revenue: rep.revenue,
    exploitability: rep.exploitability,
    minInterimUtility: res.minInterimUtility,
    utilityByInitialType: res.interim.map((byType, agent) => ({ agent, byInitialType: byType })),
    benchmarks,
    certificate: rep,
  };
}

export function handicapSummary(
  res: HandicapResult,
  benchmarks: { name: string; value: number }[],
): string {
  const rep = res.certificate;
  // mechlab's benchmarks are profits (revenue less allocation costs).
  const rev = rep.profit.value;
  const c = res.candidates[res.chosen];
  return [
    `designer ${res.designer}: ${res.candidates.length} handicap scales in ${res.designSeconds.toFixed(1)} s; ` +
      `certified in ${res.certifySeconds.toFixed(1)} s`,
    ...(res.perGood
      ? [
          `goods designed separately: the single-good problem ${res.perGood.marginal}, run for each of ${res.perGood.goods} goods (per-good mechanism)`,
        ]
      : []),
    `profit by scale${res.perGood ? " (per good)" : ""}: ${res.candidates.map((x) => `k=${x.scale}: ${formatMeasured(x.profit)}`).join(", ")}`,
    `chosen: k = ${c.scale}`,
    "",
    `revenue (certified, sampled)         ${formatMeasured(rep.revenue)}`,
    `profit (certified, sampled)          ${formatMeasured(rep.profit)}`,
    `exploitability (lower bound)         ${formatMeasured(rep.exploitability)}`,
    `min interim utility (type grid)      ${formatMeasured(res.minInterimUtility)}`,
    "",
    "against mechlab's benchmarks:",
    ...benchmarks.map(
      (b) =>
        `  ${b.name.padEnd(24)} ${b.value.toFixed(4)}   ours / benchmark = ${((100 * rev) / b.value).toFixed(1)} %`,
    ),
    "",
    "interim utilities on a grid of initial types (prior quantiles; sampled):",
    ...res.interim.map(
      (byType, agent) =>
        `  agent ${agent}: ` +
        byType
          .map((t) => `q=${t.quantile} (v0=${t.type[0].toFixed(3)}): ${formatMeasured(t.utility)}`)
          .join("  "),
    ),
    ...rep.agents.map((a) => `best deviation found, agent ${a.agent}: ${String(a.bestDeviation)}`),
    `exploitability note: ${rep.exploitabilityNote}`,
  ].join("\n");
}
