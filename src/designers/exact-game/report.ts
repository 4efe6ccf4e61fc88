// Run-directory contents of a bilevel design run: result.json (same shape of revenue,
// exploitability and per-initial-type utilities as `mechlab evaluate`), metrics.csv, the
// convergence figure (revenue of the optimal payments per outer step, IC slack) and the text
// summary beside the benchmarks.
import { formatMeasured } from "../../core/measured.js";
import type { Figure } from "../../report/plot.js";
import { exactSeries, phaseChanges } from "../../report/figure.js";
import type { BilevelResult } from "./bilevel-types.js";
import { csvText, designResultHeader, interimUtilityLines } from "../result-header.js";

export function bilevelMetricsCsv(res: BilevelResult): string {
  const head = "step,phase,revenue,objective,ic_slack,best,lp_seconds,seconds";
  return csvText(
    head,
    res.history.map((r) => [
      r.step,
      r.phase,
      r.revenue,
      r.objective,
      r.icSlack,
      r.best,
      r.lpSeconds,
      r.seconds,
    ]),
  );
}

export function bilevelFigure(
  res: BilevelResult,
  benchmarks: { name: string; y: number }[],
): Figure {
  const x = res.history.map((r) => r.step);
  const vlines = phaseChanges(res.history);
  return {
    title: `${res.designer}: Adam steps, then accepted vertex moves (every point is an exact LP optimum)`,
    panels: [
      {
        title: "revenue of the optimal payments",
        xLabel: "outer step",
        yLabel: "expected discounted revenue",
        series: [
          exactSeries(
            "R(x)",
            x,
            res.history.map((r) => r.revenue),
          ),
        ],
        hlines: benchmarks,
        vlines,
      },
      {
        title: "IC slack of the inner LP (0 = exactly IC)",
        xLabel: "outer step",
        yLabel: "Σ P(k)·s_ik + 1e-12",
        series: [
          exactSeries(
            "IC slack",
            x,
            res.history.map((r) => Math.max(r.icSlack, 0) + 1e-12),
          ),
        ],
        logY: true,
        vlines,
      },
    ],
  };
}

export function bilevelResultJson(
  res: BilevelResult,
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
      irNotion: res.config.participation.ir,
      perGood: res.perGood,
    }),
    participation: res.config.participation,
    sizes: res.sizes,
    metrics: {
      training: res.history[res.chosenStep],
      iterations: res.history.length,
      chosenStep: res.chosenStep,
      compileSeconds: res.compileSeconds,
      trainSeconds: res.trainSeconds,
      certifySeconds: res.certifySeconds,
    },
    revenue: rep.revenue,
    exploitability: rep.exploitability,
    minInterimUtility: rep.minInterimUtility,
    participationCertificate: rep.participation,
    utilityByInitialType: rep.agents.map((a) => ({
      agent: a.agent,
      byInitialType: a.utilityByInitialType,
    })),
    benchmarks,
    certificate: rep,
  };
}

/** LP sizes, the chosen outer step and timings: `mechlab design --verbose`. */
export function bilevelDetails(res: BilevelResult): string {
  const chosen = res.history[res.chosenStep];
  return [
    `designer ${res.designer}: ${res.history.length} payment LPs in ${res.trainSeconds.toFixed(1)} s ` +
      `(table ${res.sizes.rows} rows; LP ${res.sizes.lpColumns} columns × ${res.sizes.lpRows} rows; ` +
      `compile ${res.compileSeconds.toFixed(1)} s)`,
    `chosen: outer step ${res.chosenStep} (LP revenue ${chosen.revenue.toFixed(4)}${res.perGood ? " per good" : ""}, IC slack ${chosen.icSlack.toExponential(1)}); ` +
      `certified in ${res.certifySeconds.toFixed(1)} s`,
  ].join("\n");
}

export function bilevelSummary(
  res: BilevelResult,
  benchmarks: { name: string; value: number }[],
): string {
  const rep = res.certificate;
  const rev = rep.revenue.value;
  return [
    `designer ${res.designer}`,
    ...(res.perGood
      ? [
          `goods designed separately: the single-good problem ${res.perGood.marginal} below, run for each of ${res.perGood.goods} goods (per-good mechanism)`,
        ]
      : []),
    "",
    `revenue (certified)          ${formatMeasured(rep.revenue)}`,
    `exploitability (certified)   ${formatMeasured(rep.exploitability)}`,
    `min interim utility          ${formatMeasured(rep.minInterimUtility ?? { value: NaN, exact: true })}`,
    ...(rep.participation
      ? [
          `min continuation utility     ${formatMeasured(rep.participation.minContinuationUtility)}`,
          `largest payment to a buyer   ${formatMeasured(rep.participation.maxPaymentToAgent)}`,
          `gain from quitting (expl.)   ${formatMeasured(rep.participation.exitExploitability)}`,
          `participation: designed for ir=${res.config.participation.ir}, subsidies=${res.config.participation.subsidies}; certified ir=${rep.participation.satisfies.ir}, subsidies=${rep.participation.satisfies.subsidies}`,
        ]
      : []),
    "",
    "against mechlab's benchmarks:",
    ...benchmarks.map(
      (b) =>
        `  ${b.name.padEnd(24)} ${b.value.toFixed(4)}   ours / benchmark = ${((100 * rev) / b.value).toFixed(1)} %`,
    ),
    "",
    "interim utilities (certified, exact):",
    ...interimUtilityLines(rep),
    `exploitability note: ${rep.exploitabilityNote}`,
  ].join("\n");
}
