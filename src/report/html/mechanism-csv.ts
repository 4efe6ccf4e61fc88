// A mechanism as a table: one row per (history node, report profile) of the explorer, with
// the allocation probabilities and payments there. `history` is one public history of the
// node; the mechanism treats every history of the node alike (its historyKey).
import type { ExplorerData } from "./explorer-data.js";

export function mechanismCsv(d: ExplorerData): string {
  const { agents: n, goods: m } = d;
  const head = ["node", "period", "history", "truthful_reach", "profile_truthful_prob"];
  for (let i = 0; i < n; i++) for (let j = 0; j < m; j++) head.push(`report_a${i}_g${j}`);
  for (let j = 0; j < m; j++) {
    for (let i = 0; i < n; i++) head.push(`alloc_g${j}_a${i}`);
    head.push(`alloc_g${j}_nobody`);
  }
  for (let i = 0; i < n; i++) head.push(`payment_a${i}`);
  const lines = [head.join(",")];
  for (const node of d.nodes)
    for (const r of node.rows)
      lines.push(
        [
          node.id,
          node.period,
          `"${node.history}"`,
          node.reach,
          r.truthful,
          ...r.reports,
          ...r.alloc,
          ...r.payments,
        ].join(","),
      );
  return lines.join("\n") + "\n";
}
