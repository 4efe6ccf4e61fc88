// The entry-fee schedule of the handicap team mechanism (handicap-team.ts), by simulation.
//
// With team transfers, an agent who reported initial value x and reports truthfully afterwards
// gets S(x) = E[Σ_τ γ^τ Σ_j φ_jτ w_jτ], the handicapped surplus of the allocation, with
// φ_j = v_j − H_j(x̂_j) − c. Interim utility must follow the envelope formula
// (Pavan–Segal–Toikka 2014, Thm 1; Inverse Games §5's PST benchmark):
//   U(x) = U(lo) + ∫_lo^x D(y) dy,   D(y) = E[Σ_τ γ^τ I_τ w_iτ | v_i0 = y],
// I_τ = ∂v_τ/∂v_0 the impulse response, so the fee is Fee(x) = S(x) − U(x) with U(lo) = 0
// (interim IR binds at the lowest node, up to the level's safety margin below). I_τ is the pathwise derivative of the problem's own
// sampler (a twin path from v_0 + ε on the same draws), so any problem whose transitions are
// smooth in the state given the random draws, and that consume a fixed number of draws per
// transition whatever the state and consumption (so twins and nodes stay aligned), works (the logit walk: I_τ = v_τ(U − v_τ)/(v_0(U − v_0))).
//
// All nodes share nature's draws (common random numbers), so the schedule is smooth in x and
// differences between nodes, which are what incentives depend on, have small noise.
import { Rng } from "../engine/rng.js";
import type { AgentState, DynamicProblem } from "../problems/types.js";

export interface FeeSchedule {
  /** Initial reports are clamped into [lo, hi] for handicaps and fees. */
  lo: number;
  hi: number;
  /** fees[i][k]: agent i's fee at node lo + k (hi − lo)/(K − 1). */
  fees: number[][];
}

export interface FeeSettings {
  nodes: number;
  samples: number;
  /** Trajectories for the level of the schedule at its lowest node (see feeSchedule). */
  levelSamples: number;
  seed: number;
}

/** Handicap of agent j as a function of its (clamped) initial report. */
export type Handicap = (agent: number, x: number) => number;

/** Linear interpolation of agent i's fee at initial report x (clamped). */
export function feeAt(s: FeeSchedule, agent: number, x: number): number {
  const f = s.fees[agent];
  const K = f.length;
  const u = ((Math.min(s.hi, Math.max(s.lo, x)) - s.lo) / (s.hi - s.lo)) * (K - 1);
  const k = Math.min(K - 2, Math.floor(u));
  const t = u - k;
  return (1 - t) * f[k] + t * f[k + 1];
}

/** S and D at one node for agent i (means over the samples). */
function nodeMoments(
  problem: DynamicProblem,
  handicap: Handicap,
  agent: number,
  x: number,
  s: FeeSettings,
): { S: number; D: number; seS: number } {
  const n = problem.agents;
  const T = problem.horizon;
  const gamma = problem.discount;
  const eps = 1e-6 * Math.max(1, Math.abs(x));
  let S = 0;
  let S2 = 0;
  let D = 0;
  const consumed = [new Float64Array(1), new Float64Array(1)];
  // The same stream of per-trajectory generators at every node (common random numbers).
  const streams = new Rng(s.seed);
  for (let k = 0; k < s.samples; k++) {
    const root = streams.split();
    const initRng = root.split();
    const trans: Rng[] = Array.from({ length: n }, () => root.split());
    const states: AgentState[] = Array.from({ length: n }, (_, j) =>
      problem.sampleInitial(j, initRng),
    );
    states[agent] = { values: Float64Array.of(x), consumed: new Float64Array(1) };
    let twin: AgentState = { values: Float64Array.of(x + eps), consumed: new Float64Array(1) };
    const h = states.map((st, j) => handicap(j, st.values[0]));
    let disc = 1;
    let path = 0;
    for (let tau = 0; tau < T; tau++) {
      let winner = -1;
      let best = 0;
      for (let j = 0; j < n; j++) {
        const phi = states[j].values[0] - h[j] - problem.cost(j, 0);
        if (phi > best) {
          best = phi;
          winner = j;
        }
      }
      path += disc * best;
      if (winner === agent) D += (disc * (twin.values[0] - states[agent].values[0])) / eps;
      if (tau + 1 < T) {
        consumed[1][0] = winner === agent ? 1 : 0;
        twin = problem.sampleTransition(agent, twin, consumed[1], trans[agent].clone());
        for (let j = 0; j < n; j++) {
          consumed[0][0] = winner === j ? 1 : 0;
          states[j] = problem.sampleTransition(j, states[j], consumed[0], trans[j]);
        }
      }
      disc *= gamma;
    }
    S += path;
    S2 += path * path;
  }
  const N = s.samples;
  const mean = S / N;
  return { S: mean, D: D / N, seS: Math.sqrt(Math.max(0, S2 / N - mean * mean) / N) };
}

/**
 * The fee schedule on [lo, hi] (see the file comment); progress once per node.
 *
 * The shape (differences between nodes) comes from the common-random-number nodes; its level,
 * which decides interim IR, from a larger independent sample at the lowest node, lowered by
 * two of its standard errors: the handicapped surplus is noisy (sd ≈ 2.6 on the default
 * problem), and an overestimated level would charge every type too much.
 */
export function feeSchedule(
  problem: DynamicProblem,
  handicap: Handicap,
  lo: number,
  hi: number,
  s: FeeSettings,
  onNode?: () => void,
): FeeSchedule {
  const K = s.nodes;
  const xs = Array.from({ length: K }, (_, k) => lo + ((hi - lo) * k) / (K - 1));
  const fees = Array.from({ length: problem.agents }, (_, i) => {
    const m = xs.map((x) => {
      const r = nodeMoments(problem, handicap, i, x, s);
      onNode?.();
      return r;
    });
    const level = nodeMoments(problem, handicap, i, lo, {
      ...s,
      samples: s.levelSamples,
      seed: s.seed ^ 0x3c6ef372,
    });
    onNode?.();
    const shift = level.S - 2 * level.seS - m[0].S;
    let U = 0;
    return m.map((r, k) => {
      if (k > 0) U += (0.5 * (m[k - 1].D + r.D) * (hi - lo)) / (K - 1);
      return r.S + shift - U;
    });
  });
  return { lo, hi, fees };
}
