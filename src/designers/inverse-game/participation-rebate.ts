// The participation rebate of a continuous SGDA design (designer parameter `rebate`). The loss
// enforces interim IR only as a penalty on bin means of sampled utilities (losses.ts), so a
// trained design can leave the lowest initial types slightly below zero — exactly where the
// handicap start leaves them at zero and the constraint binds. The rebate pays each agent a
// constant r_i in period 0, whatever anyone reports: incentives are exactly unchanged (every
// strategy's utility moves by r_i) and revenue falls by exactly Σ r_i. r_i is the smallest
// amount that lifts the one-sided lower confidence bound of agent i's interim utility to zero
// at every point of the interim grid (evaluation/interim-grid.ts; 95 % per point):
//   r_i = max(0, max_q [z · se_i(q) − û_i(q)]),   z = REBATE_Z,
// where û and se come from fresh trajectories on a seed of their own, so the certificate, which
// draws its own, judges the rebated design independently.
import type { Measured } from "../../core/measured.js";
import { INTERIM_QUANTILES, interimUtilityGrid } from "../../evaluation/interim-grid.js";
import type { DynamicProblem } from "../../problems/types.js";
import type { ResidualMechanism } from "../../mechanisms/neural/residual.js";

/** The rebate's trajectories are seeded at the run's seed plus this (a prime, far from the
 * certificate's CERTIFICATE_SEED_OFFSET in certify.ts). */
export const REBATE_SEED_OFFSET = 15_485_863;

/** One-sided 95 % normal quantile: each grid point's bound holds with probability ≈ 0.95 —
 * per point, not jointly over the grid's points. */
export const REBATE_Z = 1.645;

export interface RebateResult {
  mechanism: ResidualMechanism;
  /** r_i per agent (≥ 0). */
  rebate: number[];
  /** Before the rebate: each agent's lowest interim utility on the grid, with its standard error. */
  lowest: Measured[];
  samples: number;
  seed: number;
  seconds: number;
}

/** The rebate without the rebated mechanism (what a certification thread reports). */
export type RebateInfo = Omit<RebateResult, "mechanism">;

export interface RebateOptions {
  samples: number;
  seed: number;
  quantiles?: number[];
  /** Called after each grid point (of each agent), e.g. for a progress bar. */
  onProgress?: (done: number, total: number) => void;
}

export function participationRebate(
  problem: DynamicProblem,
  mechanism: ResidualMechanism,
  opts: RebateOptions,
): RebateResult {
  const t0 = performance.now();
  const qs = opts.quantiles ?? INTERIM_QUANTILES;
  const n = problem.agents;
  const rebate = new Array<number>(n).fill(0);
  const lowest: (Measured | undefined)[] = new Array(n).fill(undefined);
  // One grid, as the certificate's: every point sees the same nature draws.
  let points = 0;
  const grid = interimUtilityGrid(problem, mechanism, {
    samples: opts.samples,
    seed: opts.seed,
    quantiles: qs,
    onPoint: () => opts.onProgress?.(++points, n * qs.length),
  });
  grid.byAgent.forEach((pts, i) =>
    pts.forEach(({ utility: u }) => {
      rebate[i] = Math.max(rebate[i], REBATE_Z * (u.stderr ?? 0) - u.value);
      if (!lowest[i] || u.value < lowest[i].value) lowest[i] = u;
    }),
  );
  return {
    mechanism: mechanism.withRebate(problem, rebate),
    rebate,
    lowest: lowest as Measured[],
    samples: opts.samples,
    seed: opts.seed,
    seconds: (performance.now() - t0) / 1000,
  };
}
