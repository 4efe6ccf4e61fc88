// The report of an exact evaluation from its totals and per-agent parts; shared by the
// whole-game evaluator (evaluate.ts) and the good-by-good one (per-good-exact.ts) so that
// both state the same things the same way (interim IR as the smallest initial-type utility).
import { exact } from "../core/measured.js";
import type { Mechanism } from "../mechanisms/types.js";
import type { DynamicProblem } from "../problems/types.js";
import type { AgentReport, EvaluationReport } from "./evaluation-report.js";
import type { ParticipationReport } from "./participation-exact.js";

export function exactReport(
  problem: DynamicProblem,
  mech: Mechanism,
  seed: number,
  totals: { revenue: number; profit: number; welfare: number; exploitability: number },
  exploitabilityNote: string,
  agents: AgentReport[],
  participation?: ParticipationReport,
): EvaluationReport {
  const minU = Math.min(
    ...agents.flatMap((a) => a.utilityByInitialType!.map((t) => t.utility.value)),
  );
  return {
    problem: problem.name,
    mechanism: mech.name,
    mode: "exact",
    seed,
    revenue: exact(totals.revenue),
    profit: exact(totals.profit),
    welfare: exact(totals.welfare),
    exploitability: { ...exact(totals.exploitability), lowerBound: false },
    exploitabilityNote,
    irNotion: "interim",
    minInterimUtility: exact(minU),
    ...(participation ? { participation } : {}),
    agents,
  };
}
