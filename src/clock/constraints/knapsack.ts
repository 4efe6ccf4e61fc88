// Knapsack: bidder i needs size s_i of one capacity C (e.g. bandwidth). Exact solver: dynamic
// programme over integer capacity, O(|subset|·C) per call; refused up front when too large.
import { TooLargeError, UsageError } from "../../core/errors.js";
import type { Constraint } from "../types.js";

/** Largest |subset|·capacity table the exact solver builds (≈ 0.2 s per call in Node). */
export const KNAPSACK_MAX_CELLS = 2e7;

export function knapsack(n: number, capacity: number, sizes: number[]): Constraint {
  if (sizes.length !== n) {
    throw new UsageError(
      "sizes",
      `knapsack has ${sizes.length} sizes but there are ${n} values; give one size per bidder`,
    );
  }
  if (!Number.isInteger(capacity) || sizes.some((s) => !Number.isInteger(s) || s < 0)) {
    throw new UsageError("sizes", "capacity and sizes must be non-negative integers");
  }
  if (n * capacity > KNAPSACK_MAX_CELLS) {
    throw new TooLargeError(
      "capacity",
      "the exact knapsack solver",
      n * capacity,
      KNAPSACK_MAX_CELLS,
      "scale sizes and capacity down (e.g. divide by a common factor)",
      "table cells (bidders × capacity)",
    );
  }
  const C = capacity;
  return {
    name: `knapsack(capacity=${capacity},sizes=${sizes.join(";")})`,
    n,
    exact: true,
    feasible(set) {
      let s = 0;
      for (const i of set) s += sizes[i];
      return s <= C;
    },
    maxWeightFeasible(subset, w) {
      const items = subset.filter((i) => w[i] > 0 && sizes[i] <= C);
      const m = items.length;
      // best[c] after item j; keep a take-bit table to reconstruct.
      const best = new Float64Array(C + 1);
      const take = new Uint8Array((m + 1) * (C + 1));
      for (let j = 0; j < m; j++) {
        const i = items[j];
        const s = sizes[i];
        const wi = w[i];
        const row = (j + 1) * (C + 1);
        for (let c = C; c >= s; c--) {
          const cand = best[c - s] + wi;
          // Strict improvement only, so ties keep earlier (lower-index) items: a fixed order.
          if (cand > best[c] + 1e-12) {
            best[c] = cand;
            take[row + c] = 1;
          }
        }
      }
      const out: number[] = [];
      let c = C;
      for (let j = m - 1; j >= 0; j--) {
        if (take[(j + 1) * (C + 1) + c]) {
          out.push(items[j]);
          c -= sizes[items[j]];
        }
      }
      return out.sort((a, b) => a - b);
    },
    size: (i) => Math.max(sizes[i], 1e-9),
  };
}
