// Human-readable rendering of an evaluation report: a small aligned table plus notes.
import { formatMeasured } from "../core/measured.js";
import type { EvaluationReport } from "../evaluation/evaluate.js";
import { table } from "./table.js";

export function evaluationText(r: EvaluationReport): string {
  const lines: string[] = [];
  lines.push(`problem    ${r.problem}`);
  lines.push(`mechanism  ${r.mechanism}`);
  lines.push(
    `evaluation ${r.mode === "exact" ? "exact (enumeration)" : `sampled (${r.samples} trajectories, seed ${r.seed}; ± is one standard error)`}`,
  );
  lines.push("");
  const rows: string[][] = [
    ["revenue", formatMeasured(r.revenue)],
    ["profit", formatMeasured(r.profit)],
    ["welfare", formatMeasured(r.welfare)],
    [
      `exploitability${r.exploitability.lowerBound ? " (lower bound)" : ""}`,
      formatMeasured(r.exploitability),
    ],
  ];
  if (r.minInterimUtility)
    rows.push(["min interim utility (IR ≥ 0)", formatMeasured(r.minInterimUtility)]);
  const pa = r.participation;
  if (pa)
    rows.push(
      ["min continuation utility (periodic ≥ 0)", formatMeasured(pa.minContinuationUtility)],
      ["largest payment to a buyer", formatMeasured(pa.maxPaymentToAgent)],
      ["max payment − report × allocation (ex-post ≤ 0)", formatMeasured(pa.maxExPostExcess)],
      ["exploitability with quitting", formatMeasured(pa.exitExploitability)],
    );
  lines.push(table(rows, ["measure", "value"]));
  lines.push("");
  const agentRows: string[][] = [];
  for (const a of r.agents) {
    agentRows.push([
      `agent ${a.agent}`,
      "ex ante",
      formatMeasured(a.utility),
      formatMeasured(a.exploitability),
    ]);
    for (const t of a.utilityByInitialType ?? []) {
      agentRows.push([
        "",
        `initial type ${t.type.join(",")}`,
        formatMeasured(t.utility),
        t.exploitability ? formatMeasured(t.exploitability) : "",
      ]);
    }
  }
  lines.push(table(agentRows, ["agent", "types", "utility", "gain from best deviation"]));
  lines.push("");
  let notation = false;
  for (const a of r.agents) {
    if (typeof a.bestDeviation === "string") {
      lines.push(`agent ${a.agent}: best deviation found: ${a.bestDeviation}`);
    } else if (a.bestDeviation.length > 0) {
      // Steps come first departures first, largest reach × gain first (best-response-exact.ts).
      const d = a.bestDeviation[0];
      const first = d.firstDeparture !== false;
      lines.push(
        `agent ${a.agent}: best deviation departs from truth at ${a.bestDeviation.length} decision(s); ` +
          `${first ? "largest where it first lies" : "e.g. (after an earlier lie)"}: period ${d.period}, ` +
          `true value ${d.ownValues.join(",")}${d.history ? ` after ${d.history}` : " (first period)"}: reports ${d.bestReport.join(",")} instead of ${d.truthfulReport.join(",")} ` +
          `(gain ${d.gain.toFixed(4)} in expected discounted utility, decision reached w.p. ${d.reach.toFixed(4)} under the deviation)`,
      );
      if (d.history) notation = true;
    } else {
      lines.push(`agent ${a.agent}: truth-telling is a best response`);
    }
  }
  if (notation)
    lines.push(
      "history notation: [r→c] per period, r = every agent's report (agent 0 first), c = what each agent consumed",
    );
  lines.push(`exploitability: ${r.exploitabilityNote}`);
  lines.push(`IR notion: ${r.irNotion} (each initial type's expected utility ≥ 0)`);
  if (pa) {
    lines.push(
      `participation: satisfies ir=${pa.satisfies.ir}, subsidies=${pa.satisfies.subsidies} (${r.mode === "sampled" ? "not refuted by the samples; continuation counted negative beyond 2 s.e." : "tolerance 1e-6"})` +
        (pa.minContinuationAt && pa.minContinuationAt.agent >= 0
          ? `; lowest continuation utility: agent ${pa.minContinuationAt.agent}, period ${pa.minContinuationAt.period}, value ${pa.minContinuationAt.ownValues.join(",")}${pa.minContinuationAt.history ? ` after ${pa.minContinuationAt.history}` : ""}`
          : ""),
    );
    lines.push(`exploitability with quitting: ${pa.exitNote}`);
  }
  return lines.join("\n");
}
