// Arrival orders. "given": file order; "random": uniform permutation; "reversed"; the
// adversarial "ascending" (lowest realized top value first, so cheap requests come before
// valuable ones) and "descending"; "worst": the worst welfare over the family WORST_FAMILY.
import type { Rng } from "../engine/rng.js";
import { maxValue, type RealizedAgent } from "./model.js";

export const ORDERS = ["given", "random", "reversed", "ascending", "descending", "worst"] as const;
export type OrderKind = (typeof ORDERS)[number];
export type SingleOrder = Exclude<OrderKind, "worst">;

/** The family "worst" takes the minimum over (each member once per run). */
export const WORST_FAMILY: readonly SingleOrder[] = [
  "given",
  "reversed",
  "ascending",
  "descending",
  "random",
  "random",
];

export function arrivalOrder(
  kind: SingleOrder,
  agents: readonly RealizedAgent[],
  rng: Rng,
): Int32Array {
  const n = agents.length;
  const order = Int32Array.from({ length: n }, (_, i) => i);
  switch (kind) {
    case "given":
      return order;
    case "reversed":
      return order.reverse();
    case "random":
      for (let i = n - 1; i > 0; i--) {
        const k = rng.int(i + 1);
        [order[i], order[k]] = [order[k], order[i]];
      }
      return order;
    case "ascending":
    case "descending": {
      const top = agents.map((a) => maxValue(a.request));
      const sign = kind === "ascending" ? 1 : -1;
      return Int32Array.from([...order].sort((a, b) => sign * (top[a] - top[b]) || a - b));
    }
  }
}
