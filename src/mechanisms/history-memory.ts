// What a tabular mechanism remembers of the public history. The table's outcome depends on the
// history only through this key, so the key must be updatable period by period (a Markov
// summary) — exact evaluators then merge histories with equal keys.
//
// - `full`: every earlier period's reports and realized consumption (the LP optimum's class).
// - `initial-last`: the period τ, the first period's reports, the last period's reports and the
//   cumulative consumption of every agent and good. It contains what the Pavan–Segal–Toikka
//   handicap mechanisms read (initial reports for the handicap, current reports), plus the last
//   reports and consumption counts that determine the truthful agents' current type
//   distributions in bandit auctions; its size grows polynomially in T instead of
//   exponentially, which is what makes T = 5 tables small.
import type { PublicHistory } from "../problems/types.js";
import { unknownValue } from "../core/suggest.js";

export const MEMORY_KINDS = ["full", "initial-last"] as const;
export type MemoryKind = (typeof MEMORY_KINDS)[number];

export function parseMemory(field: string, value: unknown): MemoryKind {
  if (typeof value === "string" && (MEMORY_KINDS as readonly string[]).includes(value))
    return value as MemoryKind;
  throw unknownValue(field, String(value), MEMORY_KINDS, " as memory");
}

const periodKey = (reports: ArrayLike<number>, consumption: ArrayLike<number>): string =>
  `${Array.from(reports).join(",")}>${Array.from(consumption).join(",")}`;

export function memoryKey(kind: MemoryKind, history: PublicHistory): string {
  if (kind === "full") return history.map((r) => periodKey(r.reports, r.consumption)).join(";");
  const tau = history.length;
  if (tau === 0) return "0";
  const counts = new Float64Array(history[0].consumption.length);
  for (const r of history) for (let k = 0; k < counts.length; k++) counts[k] += r.consumption[k];
  return `${tau}:${history[0].reports.join(",")}:${history[tau - 1].reports.join(",")}:${counts.join(",")}`;
}
