// The bilevel designer's second phase: a gradient-guided search over vertices of the
// allocation polytope (deterministic rows), from the best iterate of the Adam phase. The
// optimum of the payment LP over all tables is such a vertex, and Adam stalls at kinks of R(x)
// (e.g. symmetric splits) that finite moves jump over.
import { FRACTIONAL, type BilevelConfig } from "./bilevel-types.js";
import type { CompiledGame } from "../compiled-game/compiled-game.js";
import { optimalPayments } from "./payment-lp.js";
import { GameSweep, paymentLpGradient } from "./sweep.js";

export const slackOf = (lp: { icSlack: number[][] }) =>
  lp.icSlack.flat().reduce((a, b) => a + b, 0);

/** Candidate moves tried per round of the vertex search. */
export const FLIP_CANDIDATES = 40;

export interface Flip {
  x: Float64Array;
  lp: Awaited<ReturnType<typeof optimalPayments>>;
  slack: number;
  /** LP seconds spent in the round, rejected candidates included. */
  lpSeconds: number;
  /** LP solves of the vertex search so far, this round included. */
  lps: number;
}

/**
 * Gradient-guided vertex search: each round ranks the moves "give row r's good to j outright"
 * by their first-order gain (∇R(x)_rj − Σ_i x_ri ∇R(x)_ri)·(1 − x_rj), re-solves the payment LP
 * for the best FLIP_CANDIDATES of them in order and accepts the first that raises the LP
 * objective; it stops after `cfg.flips` LP solves, when no candidate improves, or on
 * `stop()` (Ctrl-C), keeping the best table found. Finite moves jump
 * over the kinks where the gradient steps stall. Single good per row (m = 1) or not: a move
 * sets the whole row of one good. Under `search=fractional` (fractional-search.ts) a move takes
 * the fraction t of the way, x_r ← (1 − t)·x_r + t·e_j, and a round without an improving
 * candidate halves t instead of stopping, until t would fall below FRACTIONAL.minMove.
 */
export async function vertexSearch(
  g: CompiledGame,
  sweep: GameSweep,
  x0: Float64Array,
  cfg: BilevelConfig,
  on: { stop: () => boolean; onLp: (used: number) => void; onFlip: (f: Flip) => void },
): Promise<void> {
  if (cfg.flips <= 0) return;
  const x = x0.slice();
  const len = g.n + 1;
  // Re-solved for its duals (the gradient needs them); counts against the budget.
  let lp = await optimalPayments(g, x, {
    icPenalty: cfg.icPenalty,
    participation: cfg.participation,
  });
  let used = 1;
  on.onLp(used);
  // The fraction of the way to the vertex a move takes: 1 (outright) unless the search is the
  // fractional one (fractional-search.ts), whose moves contract when a round fails.
  const contracting = cfg.search === "fractional";
  let t = contracting ? FRACTIONAL.firstMove : 1;
  while (used < cfg.flips && !on.stop()) {
    const grad = paymentLpGradient(sweep, x, lp);
    const cands: { gain: number; at: number; j: number }[] = [];
    for (let at = 0; at < x.length; at += len) {
      let here = 0;
      for (let i = 0; i < len; i++) here += x[at + i] * grad[at + i];
      for (let j = 0; j < len; j++) {
        const gain = (grad[at + j] - here) * (1 - x[at + j]);
        if (gain > 1e-9 && x[at + j] < 1 - 1e-9) cands.push({ gain, at, j });
      }
    }
    cands.sort((a, b) => b.gain - a.gain);
    let lpSeconds = 0;
    let accepted = false;
    for (const { at, j } of cands.slice(0, FLIP_CANDIDATES)) {
      if (used >= cfg.flips || on.stop()) break;
      const old = x.slice(at, at + len);
      if (t === 1) {
        x.fill(0, at, at + len);
        x[at + j] = 1;
      } else {
        for (let k = 0; k < len; k++) x[at + k] *= 1 - t;
        x[at + j] += t;
      }
      const next = await optimalPayments(g, x, {
        icPenalty: cfg.icPenalty,
        participation: cfg.participation,
      });
      used++;
      on.onLp(used);
      lpSeconds += next.seconds;
      // Yield so that Ctrl-C (shouldStop) is seen between LPs.
      await new Promise((resolve) => setImmediate(resolve));
      // Once exactly IC, stay exactly IC: a move that trades IC slack for revenue at the LP's
      // price M would raise the objective but not the certified revenue.
      const ok = slackOf(next) <= cfg.icTolerance || slackOf(lp) > cfg.icTolerance;
      if (ok && next.objective > lp.objective + 1e-9) {
        lp = next;
        accepted = true;
        break;
      }
      x.set(old, at);
    }
    if (!accepted) {
      if (contracting && t / 2 >= FRACTIONAL.minMove && used < cfg.flips && !on.stop()) {
        t /= 2;
        continue;
      }
      break;
    }
    on.onFlip({ x: x.slice(), lp, slack: slackOf(lp), lpSeconds, lps: used });
  }
}
