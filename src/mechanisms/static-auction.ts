// Shared shape of the static baselines: each period, each good is sold by a one-shot auction
// on the current reports alone, so the mechanism ignores history (historyKey is constant).
import type { DynamicProblem, Outcome, PublicHistory } from "../problems/types.js";
import type { Mechanism } from "./types.js";
import type { ParamValue } from "../core/spec.js";

/** A single-good auction: from the n reports for one good, allocation (n+1) and payments (n). */
export type SingleGoodRule = (bids: Float64Array, alloc: Float64Array, pay: Float64Array) => void;

export function perGoodMechanism(
  problem: DynamicProblem,
  name: string,
  params: Record<string, ParamValue>,
  rule: SingleGoodRule,
): Mechanism {
  const n = problem.agents;
  const m = problem.goods;
  const bids = new Float64Array(n);
  const a = new Float64Array(n + 1);
  const p = new Float64Array(n);
  return {
    name,
    params,
    outcome(_history: PublicHistory, reports: Float64Array): Outcome {
      const alloc = new Float64Array(m * (n + 1));
      const payments = new Float64Array(n);
      for (let j = 0; j < m; j++) {
        for (let i = 0; i < n; i++) bids[i] = reports[i * m + j];
        a.fill(0);
        p.fill(0);
        rule(bids, a, p);
        for (let i = 0; i <= n; i++) alloc[j * (n + 1) + i] = a[i];
        for (let i = 0; i < n; i++) payments[i] += p[i];
      }
      return { alloc, payments };
    },
    historyKey: () => "",
  };
}

/** Indices of the maximal entries among those with score ≥ floor (ties kept together). */
export function winnersAbove(scores: ArrayLike<number>, floor: number, tol = 1e-12): number[] {
  let best = -Infinity;
  for (let i = 0; i < scores.length; i++)
    if (scores[i] >= floor - tol && scores[i] > best) best = scores[i];
  if (best === -Infinity) return [];
  const w: number[] = [];
  for (let i = 0; i < scores.length; i++)
    if (scores[i] >= floor - tol && Math.abs(scores[i] - best) <= tol) w.push(i);
  return w;
}

/**
 * Split the good equally among `winners`, each paying `price(i)` × its share; with no
 * winner the good goes to nobody (row n).
 */
export function splitAmong(
  winners: number[],
  alloc: Float64Array,
  pay: Float64Array,
  price: (i: number) => number,
): void {
  const n = pay.length;
  if (winners.length === 0) {
    alloc[n] = 1;
    return;
  }
  for (const i of winners) {
    alloc[i] = 1 / winners.length;
    pay[i] = price(i) / winners.length;
  }
}
