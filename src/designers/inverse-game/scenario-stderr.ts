// Standard errors of the sampled oracle's estimates across its K scenarios (each scenario one
// sample: K times its share of the total), from the sweeps' per-scenario shares (tree-sweep.ts).
import type { Estimates } from "./oracle.js";
import type { TreeSums } from "./tree-sweep.js";

/**
 * Standard errors of the revenue and of Σ_i ψ_i, the latter paired: each deviator's tree shares
 * the truthful tree's scenarios (common random numbers), so ψ is a per-scenario difference.
 * `control`: the same trees swept under the base mechanism (base-control-variate.ts); its
 * per-scenario revenue (and, when `deviators` is given, its ψ) is subtracted scenario by scenario,
 * which is the spread of the control-variate estimates.
 */
export function scenarioStderr(
  truthful: TreeSums,
  deviators: TreeSums[],
  control?: { truthful: TreeSums; deviators?: TreeSums[] },
): Estimates["stderr"] {
  const tr = truthful.byScenario!;
  const K = tr.revenue.length;
  const revenue = Float64Array.from(tr.revenue);
  const regret = new Float64Array(K);
  deviators.forEach((d, i) => {
    const dev = d.byScenario!.utility[i];
    for (let s = 0; s < K; s++) regret[s] += dev[s] - tr.utility[i][s];
  });
  if (control) {
    const bt = control.truthful.byScenario!;
    for (let s = 0; s < K; s++) revenue[s] -= bt.revenue[s];
    control.deviators?.forEach((d, i) => {
      const dev = d.byScenario!.utility[i];
      for (let s = 0; s < K; s++) regret[s] -= dev[s] - bt.utility[i][s];
    });
  }
  return { revenue: stderrOfShares(revenue), regret: stderrOfShares(regret) };
}

/** The standard error of the mean of K samples K·share_s (shares sum to the estimate). */
export function stderrOfShares(shares: Float64Array): number {
  const K = shares.length;
  if (K < 2) return NaN;
  let sum = 0;
  for (const x of shares) sum += K * x;
  const mean = sum / K;
  let ss = 0;
  for (const x of shares) ss += (K * x - mean) ** 2;
  return Math.sqrt(ss / (K - 1) / K);
}
