// One LP over weighted requests serves every benchmark and learner here:
//   max Σ_r w_r Σ_k v_rk x_rk  s.t.  Σ_r w_r Σ_k a_rk x_rk ≤ b,  Σ_k x_rk ≤ 1,  x ≥ 0.
// With w = count·probability over a finite support it is the ex-ante LP (an upper bound on
// the expected hindsight optimum); with w = count/S over S samples per class the empirical
// ex-ante LP (dual pricing weighs each agent's S samples 1/S); with w = 1 over one realized
// run, the hindsight LP relaxation, and with integer x the hindsight optimum. Its dual
// (standard LP duality) is g(λ) = λ·b + Σ_r w_r max(0, max_k v_rk − λ·a_rk).
import { TooLargeError } from "../core/errors.js";
import { LpBuilder, solveMax } from "../designers/lp/sparse-lp.js";
import type { Request } from "./model.js";

export interface WeightedRequest {
  weight: number;
  request: Request;
}

/** Largest LP (columns = options summed over requests) solved; beyond it HiGHS takes minutes. */
export const LP_COLUMN_LIMIT = 400_000;
/** Largest integer program solved (hindsight optimum). */
export const IP_COLUMN_LIMIT = 30_000;

export interface RequestLpSolution {
  value: number;
  /** Supply duals λ ≥ 0 (item prices). Meaningless for the integer program. */
  prices: Float64Array;
  /** Planned consumption of each request, Σ_k x_rk a_rk (unweighted), items × m. */
  use: Float64Array;
  seconds: number;
}

export const lpColumns = (items: readonly WeightedRequest[]): number =>
  items.reduce((s, it) => s + it.request.options.length, 0);

/** Refuse up front an LP or IP too large to solve, with its size and the alternative. */
export function checkLpSize(columns: number, integer: boolean, what: string): void {
  const limit = integer ? IP_COLUMN_LIMIT : LP_COLUMN_LIMIT;
  if (columns > limit) {
    throw integer
      ? new TooLargeError(
          what,
          "the hindsight integer program",
          columns,
          limit,
          "use its LP relaxation (--hindsight lp) or fewer agents",
          "binary columns",
        )
      : new TooLargeError(what, "the LP", columns, limit, "use fewer samples or agents", "columns");
  }
}

export async function solveRequestLp(
  items: readonly WeightedRequest[],
  supplies: ArrayLike<number>,
  opts: { integer?: boolean; field?: string } = {},
): Promise<RequestLpSolution> {
  const m = supplies.length;
  checkLpSize(lpColumns(items), !!opts.integer, opts.field ?? "lp");
  const lp = new LpBuilder();
  const first: number[] = [];
  for (const it of items) {
    const c = lp.addCols(it.request.options.length, 0, 1);
    first.push(c);
    it.request.options.forEach((o, k) => (lp.colCost[c + k] = it.weight * o.value));
  }
  for (let j = 0; j < m; j++) {
    const cols: number[] = [];
    const coefs: number[] = [];
    items.forEach((it, r) =>
      it.request.options.forEach((o, k) => {
        if (o.consumption[j] > 0) {
          cols.push(first[r] + k);
          coefs.push(it.weight * o.consumption[j]);
        }
      }),
    );
    lp.addRow(-Infinity, supplies[j], cols, coefs);
  }
  items.forEach((it, r) => {
    const n = it.request.options.length;
    if (n > 1)
      lp.addRow(
        -Infinity,
        1,
        [...Array(n).keys()].map((k) => first[r] + k),
        Array(n).fill(1),
      );
  });
  if (lp.numCols === 0) {
    return {
      value: 0,
      prices: new Float64Array(m),
      use: new Float64Array(items.length * m),
      seconds: 0,
    };
  }
  const sol = await solveMax(lp, { integer: opts.integer });
  const prices = new Float64Array(m);
  // HiGHS reports duals of a maximisation with its own sign; the price is the magnitude.
  if (!opts.integer) for (let j = 0; j < m; j++) prices[j] = Math.abs(sol.rowDual[j] ?? 0);
  const use = new Float64Array(items.length * m);
  items.forEach((it, r) =>
    it.request.options.forEach((o, k) => {
      const x = opts.integer ? Math.round(sol.x[first[r] + k]) : sol.x[first[r] + k];
      for (let j = 0; j < m; j++) use[r * m + j] += x * o.consumption[j];
    }),
  );
  return { value: sol.objective, prices, use, seconds: sol.seconds };
}

/** The LP dual g(λ) = λ·b + Σ_r w_r max(0, max_k v_rk − λ·a_rk); min over λ ≥ 0 is the LP value. */
export function dualValue(
  items: readonly WeightedRequest[],
  supplies: ArrayLike<number>,
  prices: ArrayLike<number>,
): number {
  let g = 0;
  for (let j = 0; j < supplies.length; j++) g += prices[j] * supplies[j];
  for (const it of items) {
    let best = 0;
    for (const o of it.request.options) {
      let u = o.value;
      for (let j = 0; j < supplies.length; j++) u -= prices[j] * o.consumption[j];
      if (u > best) best = u;
    }
    g += it.weight * best;
  }
  return g;
}
