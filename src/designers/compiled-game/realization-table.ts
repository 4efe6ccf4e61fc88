// The realized-winner encoding every designer's game tree uses (the compiled game of the
// bilevel designer, the exact and sampled trees of the SGDA designers, the LP optimum's history
// tree), built once from the problem: under `realized` semantics each good goes to one agent or
// to nobody, so a period ends in one of (n + 1)^m realizations, numbered in mixed radix —
// realization k gives good j to w_j = ⌊k / (n+1)^j⌋ mod (n+1) (w_j = n: nobody). Its
// consumption vector is the one the PROBLEM realizes for a sure allocation to those winners
// (DynamicProblem.realizations), and for any allocation the realization's probability is
// Π_j alloc[j, w_j] (tested against DynamicProblem.realizations on random allocations).
import type { DynamicProblem } from "../../problems/types.js";

export interface RealizationTable {
  n: number;
  m: number;
  /** Realizations (n + 1)^m. */
  count: number;
  /** winners[k·m + j] ∈ {0 … n}: who gets good j in realization k (n = nobody). */
  winners: Int32Array;
  /** consumption[k]: consumption vector (n·m, layout of PeriodRecord.consumption). Shared: read only. */
  consumption: Float64Array[];
}

export function realizationTable(problem: DynamicProblem): RealizationTable {
  const { agents: n, goods: m } = problem;
  const W = n + 1;
  const count = Math.pow(W, m);
  const winners = new Int32Array(count * m);
  const consumption: Float64Array[] = [];
  for (let k = 0; k < count; k++) {
    const alloc = new Float64Array(m * W);
    for (let j = 0, rest = k; j < m; j++, rest = Math.floor(rest / W)) {
      winners[k * m + j] = rest % W;
      alloc[j * W + (rest % W)] = 1;
    }
    const real = problem.realizations({ alloc, payments: new Float64Array(n) });
    if (real.length !== 1 || Math.abs(real[0].p - 1) > 1e-12)
      throw new Error(`${problem.name}: a sure allocation must have one realization`);
    consumption.push(real[0].value);
  }
  return { n, m, count, winners, consumption };
}

/** P(realization k) under the allocation rows at `alloc[offset …]` (m rows of n + 1). */
export function realizationProbability(
  t: RealizationTable,
  alloc: ArrayLike<number>,
  k: number,
  offset = 0,
): number {
  const W = t.n + 1;
  let p = 1;
  for (let j = 0; j < t.m; j++) p *= alloc[offset + j * W + t.winners[k * t.m + j]];
  return p;
}
