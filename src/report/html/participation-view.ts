// The participation figures of an evaluation (src/evaluation/participation-exact.ts): which IR
// notion and subsidy rule the mechanism satisfies, and the numbers that decide it.
import { escapeHtml as esc } from "./assets.js";
import { isM, meas, table } from "./cells.js";

export function participationSection(r: Record<string, unknown>): string {
  const p = r.participation as Record<string, unknown> | undefined;
  if (!p || typeof p !== "object") return "";
  const rows: string[][] = [];
  const sat = p.satisfies as { ir?: string; subsidies?: string } | undefined;
  if (sat)
    rows.push([
      "satisfies",
      `IR: ${esc(String(sat.ir))}; subsidies: ${esc(String(sat.subsidies))} (tolerance 1e-6)`,
    ]);
  const figures: [string, string][] = [
    ["minContinuationUtility", "min truthful continuation utility (periodic IR needs ≥ 0)"],
    ["maxPaymentToAgent", "largest payment to an agent (no subsidies needs ≤ 0)"],
    ["maxExPostExcess", "largest payment beyond report × allocation (ex-post IR needs ≤ 0)"],
    ["exitExploitability", "exploitability when the deviator may also quit"],
  ];
  for (const [k, label] of figures) if (isM(p[k])) rows.push([esc(label), meas(p[k])]);
  if (typeof p.exitNote === "string") rows.push(["quitting model", esc(p.exitNote)]);
  return rows.length ? "<h2>Participation</h2>" + table(["", "value"], rows) : "";
}
