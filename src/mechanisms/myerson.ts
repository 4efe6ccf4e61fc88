// The Myerson-optimal static auction for the initial value distribution, run per good and
// per period on the current reports: the highest positive virtual value wins (ties split),
// and payments make truth-telling optimal in a one-period auction.
// - Discrete grid v_1 < … < v_K with probabilities f_k: φ(v_k) = v_k − (v_{k+1} − v_k)(1 − F_k)/f_k,
//   F_k = P(V ≤ v_k); payment from the discrete envelope formula
//   p_i(v_k) = v_k x_i(v_k) − Σ_{l<k} (v_{l+1} − v_l) x_i(v_l) (others' reports fixed).
// - Continuous prior: φ(v) = v − (1 − F(v))/f(v) and the threshold payment (the lowest report
//   that still wins), found by bisection. Assumes a regular prior (φ increasing).
import { formatName, type ParamSpecs } from "../core/spec.js";
import type { Marginal } from "../problems/types.js";
import type { MechanismFactory } from "./types.js";
import { perGoodMechanism, winnersAbove } from "./static-auction.js";

export const myersonParams: ParamSpecs = {};

export function discreteVirtualValues(grid: readonly number[], probs: readonly number[]): number[] {
  const K = grid.length;
  let F = 0;
  return grid.map((v, k) => {
    F += probs[k];
    if (k === K - 1) return v;
    return probs[k] > 0 ? v - ((grid[k + 1] - v) * Math.max(0, 1 - F)) / probs[k] : -Infinity;
  });
}

export const myerson: MechanismFactory = (problem, params) => {
  const n = problem.agents;
  const marg = problem.initialMarginal(0);
  const name = formatName("myerson", params);
  if (marg.kind === "discrete") return discreteMyerson(problem, name, params, marg);
  const phi = (v: number) => v - (1 - marg.cdf(v)) / Math.max(marg.pdf(v), 1e-300);
  /** Smallest report whose virtual value is ≥ target (bisection on the increasing φ). */
  const threshold = (target: number) => {
    let lo = marg.lo;
    let hi = marg.hi;
    if (phi(lo) >= target) return lo;
    for (let it = 0; it < 100; it++) {
      const mid = 0.5 * (lo + hi);
      if (phi(mid) >= target) hi = mid;
      else lo = mid;
    }
    return hi;
  };
  const reserve = threshold(0); // φ⁻¹(0), the price whenever no other bid has φ > 0
  const scores = new Float64Array(n);
  return perGoodMechanism(problem, name, params, (bids, alloc, pay) => {
    for (let i = 0; i < n; i++) scores[i] = phi(bids[i]);
    const w = winnersAbove(scores, 0);
    if (w.length === 0) {
      alloc[n] = 1;
      return;
    }
    for (const i of w) {
      let other = 0;
      for (let k = 0; k < n; k++) if (k !== i && scores[k] > other) other = scores[k];
      alloc[i] = 1 / w.length;
      pay[i] = (other > 0 ? threshold(other) : reserve) / w.length;
    }
  });
};

function discreteMyerson(
  problem: Parameters<MechanismFactory>[0],
  name: string,
  params: Parameters<MechanismFactory>[1],
  marg: Extract<Marginal, { kind: "discrete" }>,
) {
  const n = problem.agents;
  const grid = marg.grid;
  const phi = discreteVirtualValues(grid, marg.probs);
  const index = (v: number) => {
    let best = 0;
    for (let k = 1; k < grid.length; k++)
      if (Math.abs(grid[k] - v) < Math.abs(grid[best] - v)) best = k;
    return best;
  };
  const scores = new Float64Array(n);
  // Allocation of agent i when the virtual scores are `scores` (strictly positive φ wins; 1e-9 keeps φ = 0 out).
  const share = (i: number): number => {
    const w = winnersAbove(scores, 1e-9);
    return w.includes(i) ? 1 / w.length : 0;
  };
  return perGoodMechanism(problem, name, params, (bids, alloc, pay) => {
    const idx = Array.from(bids, index);
    for (let i = 0; i < n; i++) scores[i] = phi[idx[i]];
    let sold = 0;
    for (let i = 0; i < n; i++) {
      alloc[i] = share(i);
      sold += alloc[i];
      // Envelope payment: v_k x(v_k) − Σ_{l<k} (v_{l+1} − v_l) x(v_l).
      let p = grid[idx[i]] * alloc[i];
      const own = scores[i];
      for (let l = 0; l < idx[i]; l++) {
        scores[i] = phi[l];
        p -= (grid[l + 1] - grid[l]) * share(i);
      }
      scores[i] = own;
      pay[i] = p;
    }
    alloc[n] = Math.max(0, 1 - sold);
  });
}
