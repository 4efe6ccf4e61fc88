// Run-directory contents of an NPG design run: metrics.csv (training-time ψ beside the exact
// regret at every step), the convergence figure, result.json and the summary, which prints
// every certified candidate's training numbers next to its certificate.
import { formatMeasured } from "../../core/measured.js";
import type { Figure } from "../../report/plot.js";
import { exactSeries, targetChanges } from "../../report/figure.js";
import { csvText, designResultHeader, interimUtilityLines, thin } from "../result-header.js";
import type { NpgDesignResult } from "./npg-design.js";

export function npgMetricsCsv(res: NpgDesignResult): string {
  const head = "step,delta,revenue,regret_npg,regret_exact,ir_violation,min_interim,loss,seconds";
  return csvText(
    head,
    res.history.map((r) => [
      r.step,
      r.delta,
      r.revenue,
      r.regret,
      r.exactRegret,
      r.irViolation,
      r.minInterim,
      r.loss,
      r.seconds,
    ]),
  );
}

export function npgFigure(res: NpgDesignResult): Figure {
  const h = thin(res.history);
  const x = h.map((r) => r.step);
  const hasDelta = h.some((r) => !Number.isNaN(r.delta));
  // Every number of the NPG game is an exact expectation over the enumerated game (the NPG
  // regret is the exact gain of the current NPG policies), so the curves carry no band.
  const vlines = targetChanges(res.history);
  return {
    title: `${res.designer}: training curves (NPG oracle) and the exact regret at the same iterates`,
    panels: [
      {
        title: "revenue v" + (hasDelta ? " and target δ" : ""),
        xLabel: "step",
        yLabel: "v",
        series: [
          exactSeries(
            "v",
            x,
            h.map((r) => r.revenue),
          ),
          ...(hasDelta
            ? [
                exactSeries(
                  "δ",
                  x,
                  h.map((r) => r.delta),
                ),
              ]
            : []),
        ],
        hlines: [{ name: "certified revenue", y: res.chosen.revenue }],
        vlines,
      },
      {
        title: "regret: NPG policies (training) vs exact best response",
        xLabel: "step",
        yLabel: "Σ_i ψ_i",
        series: [
          exactSeries(
            "Σψ (NPG)",
            x,
            h.map((r) => Math.max(r.regret, 1e-6)),
          ),
          exactSeries(
            "Σψ (exact)",
            x,
            h.map((r) => Math.max(r.exactRegret, 1e-6)),
          ),
        ],
        logY: true,
        vlines,
      },
      {
        title: "smallest interim utility",
        xLabel: "step",
        yLabel: "min_ik h_ik",
        series: [
          exactSeries(
            "min h",
            x,
            h.map((r) => r.minInterim),
          ),
        ],
        vlines,
      },
    ],
  };
}

export function npgResultJson(
  res: NpgDesignResult,
  problem: string,
  seed: number,
  versions: Record<string, string>,
): Record<string, unknown> {
  const rep = res.chosen.report;
  return {
    ...designResultHeader({
      problem,
      designer: res.designer,
      seed,
      config: res.config,
      versions,
      irNotion: "interim",
    }),
    sizes: res.sizes,
    metrics: {
      training: res.chosen.training,
      iterations: res.history.length,
      chosenStep: res.chosen.step,
      compileSeconds: res.compileSeconds,
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
    certified: res.certified.map((c) => ({
      label: c.label,
      step: c.step,
      training: c.training,
      revenue: c.revenue,
      exploitability: c.exploitability,
      minInterimUtility: c.minInterimUtility,
    })),
    certificate: rep,
  };
}

export function npgSummary(res: NpgDesignResult): string {
  const rep = res.chosen.report;
  const f = (x: number) => x.toFixed(4).padStart(9);
  return [
    `designer ${res.designer}: ${res.history.length} steps in ${res.trainSeconds.toFixed(1)} s ` +
      `(table ${res.sizes.rows} rows; deviation MDPs ${res.sizes.deviationNodes.join(", ")} nodes; compile ${res.compileSeconds.toFixed(1)} s)`,
    `certified ${res.certified.length} candidates exactly in ${res.certifySeconds.toFixed(1)} s; chosen: ${res.chosen.label}`,
    "",
    "candidate                  training: revenue  Σψ (NPG)  Σψ (exact)  min h   | certified: revenue  exploitability  min h",
    ...res.certified.map(
      (c) =>
        `${c.label.padEnd(26)} ${f(c.training.revenue)} ${f(c.training.regret)} ${f(c.training.exactRegret)} ${f(c.training.minInterim)}   | ${f(c.revenue)} ${f(c.exploitability)}       ${f(c.minInterimUtility)}`,
    ),
    "",
    `revenue (certified)          ${formatMeasured(rep.revenue)}`,
    `exploitability (certified)   ${formatMeasured(rep.exploitability)}`,
    `min interim utility          ${formatMeasured(rep.minInterimUtility ?? { value: NaN, exact: true })}`,
    "interim utilities (certified, exact):",
    ...interimUtilityLines(rep),
    `exploitability note: ${rep.exploitabilityNote}`,
  ].join("\n");
}
