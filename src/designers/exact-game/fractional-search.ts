// The bilevel designer's allocation search for notions whose optimum can be randomized
// (`bilevel(search=fractional)`, what `search=auto` picks under ir=ex-post).
//
// Why: with p ≤ report × allocation (ex-post) revenue rises with fractional allocations — the
// ex-post LP optimum of bandit-auction(horizon=3,discount=1) splits the good in 66 of its 1 116
// reachable rows, and rounding them to their likeliest outcome costs 2.8 % — while the default
// search is built for interim and periodic optima, which are vertices (deterministic rows): a
// small Adam step that moves each probability by at most ≈ 0.2, then moves that give a row's
// good outright. Under ex-post that search stalls at 96.3 % of the LP optimum
// (docs/results/participation.md). Here the Adam phase moves rows further and longer
// (FRACTIONAL.stepsScale × the budget's steps of FRACTIONAL.lrScale × lr) and the vertex search's
// moves contract: a move takes the fraction t of the way to the vertex, t starting at
// FRACTIONAL.firstMove and halving whenever a whole round of candidates fails, down to
// FRACTIONAL.minMove (a pattern search whose mesh contracts), with FRACTIONAL.flipsScale × flips
// LP solves. Moves of t = 1/2 or 1/4 from the start did worse at T = 3 (5.6208, 5.6089 against
// 5.6476 with t = 1, lr = 0.1, 40 steps, 200 LPs): outright moves first, then finer ones.
import { FRACTIONAL, type BilevelConfig } from "./bilevel-types.js";

export { FRACTIONAL };

/** The configuration the fractional search runs: `cfg` with its scaled step and LP budget. */
export function fractionalConfig(cfg: BilevelConfig): BilevelConfig {
  return {
    ...cfg,
    steps: cfg.steps * FRACTIONAL.stepsScale,
    lr: cfg.lr * FRACTIONAL.lrScale,
    flips: cfg.flips * FRACTIONAL.flipsScale,
    search: "fractional",
  };
}
