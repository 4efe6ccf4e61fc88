// How large a mechanism's payments are: over every (history, report profile) the explorer
// built, and weighted by how likely each is when everyone is truthful. Designed tables often
// put most off-path payments at the payment bound; this says how many, so nobody has to find out.
import { toFixedNoNegZero } from "../../core/measured.js";
import type { ExplorerData } from "./explorer-data.js";

export interface PaymentSummary {
  /** Payment entries (one per agent, node and report profile). */
  entries: number;
  min: number;
  max: number;
  /** Entries within 1e-6 of min or max. */
  atExtremes: number;
  /** Entries with a positive probability of being played when everyone is truthful. */
  onPath: number;
  /** Range and probability-weighted mean over the on-path entries. */
  onPathMin: number;
  onPathMax: number;
  onPathMean: number;
}

export function paymentSummary(d: ExplorerData): PaymentSummary | null {
  let entries = 0;
  let min = Infinity;
  let max = -Infinity;
  const all: number[] = [];
  let onPath = 0;
  let onMin = Infinity;
  let onMax = -Infinity;
  let wSum = 0;
  let wPay = 0;
  for (const node of d.nodes)
    for (const row of node.rows) {
      const w = node.reach * row.truthful;
      for (const p of row.payments) {
        entries++;
        all.push(p);
        min = Math.min(min, p);
        max = Math.max(max, p);
        if (w > 0) {
          onPath++;
          onMin = Math.min(onMin, p);
          onMax = Math.max(onMax, p);
          wSum += w;
          wPay += w * p;
        }
      }
    }
  if (entries === 0) return null;
  const atExtremes = all.filter((p) => p - min < 1e-6 || max - p < 1e-6).length;
  return {
    entries,
    min,
    max,
    atExtremes,
    onPath,
    onPathMin: onMin,
    onPathMax: onMax,
    onPathMean: wSum > 0 ? wPay / wSum : 0,
  };
}

const num = (x: number) => toFixedNoNegZero(x, 4);

/** The summary in words, for the report and the command line. */
export function paymentSummaryText(p: PaymentSummary): string {
  return `${p.entries.toLocaleString("en")} payment entries (one per agent, history node and report profile): from ${num(p.min)} to ${num(p.max)}; ${p.atExtremes.toLocaleString("en")} of them sit at one of these two extremes. ${p.onPath.toLocaleString("en")} entries can be played when everyone is truthful: they range from ${num(p.onPathMin)} to ${num(p.onPathMax)}, mean ${num(p.onPathMean)} (weighted by probability). Extreme payments off the truthful path deter deviations and are never paid by truthful agents.`;
}
