// The payment-size summary printed under a designed mechanism's certificate: how many payment
// entries sit at the payment bound, and what truthful agents actually pay. Designed tables put
// most off-path payments at the bound; this says so instead of leaving it to be discovered.
import { exactIsFeasible } from "../evaluation/evaluate.js";
import type { Mechanism } from "../mechanisms/types.js";
import { isDiscrete, type DynamicProblem } from "../problems/types.js";
import { paymentSummary, paymentSummaryText } from "../report/html/payment-summary.js";
import { mechanismExplorer } from "../report/html/run-data.js";

/** "payments: …", or undefined when the problem's histories cannot be enumerated. */
export function paymentsLine(
  problem: DynamicProblem,
  mechanism: Mechanism,
  result: Record<string, unknown> | null,
): string | undefined {
  if (!isDiscrete(problem) || !exactIsFeasible(problem, mechanism)) return undefined;
  const p = paymentSummary(mechanismExplorer(problem, mechanism, result));
  return p ? `payments: ${paymentSummaryText(p)}` : undefined;
}
