// Run-directory contents for a design run: result.json, metrics.csv, convergence plots (like
// Inverse Games Figure 2: exploitability, profit loss, IR loss), and the text summary that prints
// training-time numbers next to the certified ones.
import { formatMeasured } from "../../core/measured.js";
import type { Figure } from "../../report/plot.js";
import { exactSeries, sampledSeries, targetChanges } from "../../report/figure.js";
import type { DesignConfig, DesignResult } from "./run.js";
import type { StepRecord } from "./designer.js";
import { csvText, designResultHeader, interimUtilityLines, thin } from "../result-header.js";

export function metricsCsv(res: DesignResult): string {
  // The standard errors are empty on exact (discrete) runs.
  const head =
    "step,delta,revenue,regret,ir_violation,min_interim,loss,seconds,revenue_stderr,regret_stderr";
  return csvText(
    head,
    res.history.map((r) => [
      r.step,
      r.delta,
      r.revenue,
      r.regret,
      r.irViolation,
      r.minInterim,
      r.loss,
      r.seconds,
      r.revenueStderr ?? NaN,
      r.regretStderr ?? NaN,
    ]),
  );
}

export function convergenceFigure(res: DesignResult): Figure {
  const h = thin(res.history);
  const x = h.map((r) => r.step);
  const hasDelta = h.some((r) => !Number.isNaN(r.delta));
  // Exact oracles (discrete types) give exact curves; the sampled oracle gives each
  // iteration's estimate with its standard error across that iteration's scenarios.
  const sampled = res.regretMode === "sampled";
  const curve = (name: string, y: (r: StepRecord) => number, se: (r: StepRecord) => number) =>
    sampled
      ? sampledSeries(
          name,
          x,
          h.map((r) => ({ value: y(r), stderr: finiteOr0(se(r)) })),
        )
      : exactSeries(name, x, h.map(y));
  const vlines = targetChanges(res.history);
  return {
    title: `${res.designer}: training curves (training adversary, not certified)`,
    panels: [
      {
        title: "regret Σψ (training adversary)",
        xLabel: "iteration",
        yLabel: "Σ_i ψ_i",
        series: [
          curve(
            "Σψ",
            (r) => r.regret,
            (r) => r.regretStderr ?? NaN,
          ),
        ],
        hlines: [{ name: "certified exploitability", y: res.chosen.report.exploitability.value }],
        vlines,
      },
      {
        title: hasDelta ? "profit loss |v − δ|" : "revenue v",
        xLabel: "iteration",
        yLabel: hasDelta ? "|v − δ|" : "v",
        series: [
          curve(
            hasDelta ? "|v − δ|" : "v",
            (r) => (hasDelta ? Math.abs(r.revenue - r.delta) : r.revenue),
            (r) => r.revenueStderr ?? NaN,
          ),
        ],
        vlines,
      },
      {
        // A sum of clipped terms: no standard error is computed for it.
        title: sampled ? "IR violation (sampled, no standard error)" : "IR violation",
        xLabel: "iteration",
        yLabel: "Σ P(k)·max(−h_ik, 0)",
        series: [
          sampled
            ? { name: "IR", x, y: h.map((r) => r.irViolation) }
            : exactSeries(
                "IR",
                x,
                h.map((r) => r.irViolation),
              ),
        ],
        vlines,
      },
    ],
  };
}

const finiteOr0 = (v: number) => (Number.isFinite(v) ? v : 0);

export function resultJson(
  res: DesignResult,
  problem: string,
  cfg: DesignConfig,
  versions: Record<string, string>,
): Record<string, unknown> {
  const rep = res.chosen.report;
  return {
    ...designResultHeader({
      problem,
      designer: res.designer,
      seed: res.seed,
      config: cfg,
      versions,
      irNotion: cfg.irNotion,
    }),
    regretMode: res.regretMode,
    treeSizes: res.treeSizes,
    metrics: {
      training: res.chosenTraining,
      iterations: res.history.length,
      trainSeconds: res.trainSeconds,
      certifySeconds: res.certifySeconds,
    },
    revenue: rep.revenue,
    exploitability: rep.exploitability,
    minInterimUtility: rep.minInterimUtility,
    utilityByInitialType: rep.agents.map((a) => ({
      agent: a.agent,
      byInitialType: a.utilityByInitialType,
    })),
    candidates: res.candidates,
    certified: res.certified,
    certificate: rep,
    ...(res.rebate ? { rebate: res.rebate } : {}),
    ...(res.start ? { start: res.start } : {}),
  };
}

/** The participation rebate (participation-rebate.ts): what was paid, from which estimate. */
export function rebateLine(r: NonNullable<DesignResult["rebate"]>): string {
  const total = r.rebate.reduce((a, b) => a + b, 0);
  const per = r.rebate.map((x, i) => `agent ${i} ${x.toFixed(4)}`).join(", ");
  const low = r.lowest.map((m, i) => `agent ${i} ${formatMeasured(m)}`).join(", ");
  return (
    `participation rebate (before certification; revenue lower by exactly ${total.toFixed(4)}): ${per}; ` +
    `lowest interim utility before it: ${low} (${r.samples} trajectories per grid point, seed ${r.seed}, ${r.seconds.toFixed(1)} s)`
  );
}

export function summaryText(res: DesignResult): string {
  const rep = res.chosen.report;
  const tr = res.chosenTraining;
  const exact = rep.mode === "exact";
  const lines = [
    `designer ${res.designer}, seed ${res.seed}, ${res.history.length} iterations in ${res.trainSeconds.toFixed(1)} s ` +
      `(regret trees: ${res.regretMode}; truthful tree ${res.treeSizes.truthful} nodes, regret tree ${res.treeSizes.regret})`,
    `chosen: ${res.chosen.candidate.label} (certified ${res.certified.length} candidates in ${res.certifySeconds.toFixed(1)} s)`,
    "",
    `                         training (own adversary)   certified (${exact ? "exact evaluator" : "sampled, fresh adversary"})`,
    `revenue                  ${tr.revenue.toFixed(4).padStart(12)}               ${formatMeasured(rep.revenue).padStart(12)}`,
    `exploitability Σψ        ${tr.regret.toFixed(4).padStart(12)}               ${formatMeasured(rep.exploitability).padStart(12)}`,
    `min interim utility      ${tr.minInterimUtility.toFixed(4).padStart(12)}               ${formatMeasured(rep.minInterimUtility ?? { value: NaN, exact: true }).padStart(12)}`,
    "",
    exact
      ? "interim utilities (certified, exact):"
      : "interim utilities (certified, sampled) at quantiles of the initial prior:",
    ...interimUtilityLines(rep),
    `exploitability note: ${rep.exploitabilityNote}`,
  ];
  if (res.rebate) lines.push(rebateLine(res.rebate));
  if (res.start)
    lines.push(
      `start (iteration 0, its own certificate): ${res.start.designer}: revenue ${formatMeasured(res.start.revenue)}, ` +
        `exploitability ${formatMeasured(res.start.exploitability)}, min interim ${formatMeasured(res.start.minInterimUtility)} (${res.start.seconds.toFixed(1)} s)`,
    );
  return lines.join("\n");
}
