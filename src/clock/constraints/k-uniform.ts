// k-uniform matroid: any k bidders may win together (k identical items, unit demand).
import type { Constraint } from "../types.js";

export function kUniform(n: number, k: number): Constraint {
  return {
    name: `k-uniform(k=${k})`,
    n,
    exact: true,
    feasible: (set) => set.length <= k,
    maxWeightFeasible(subset, w) {
      // Stable sort by weight, ties by index: the fixed tie-break.
      return [...subset]
        .filter((i) => w[i] > 0)
        .sort((a, b) => w[b] - w[a] || a - b)
        .slice(0, k)
        .sort((a, b) => a - b);
    },
    size: () => 1,
  };
}
