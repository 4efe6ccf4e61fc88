// Tabular MDP with deterministic transitions: the world a dynamic affine maximizer controls
// (Curry et al. 2024 §3, "Formal Model": an MDP (S, A, P) whose rewards come from the agents).
// All three environments of Curry et al. 2024 have deterministic transitions, so P is stored as a
// successor table; stochastic transitions are not supported (documented in docs/ama.md).

export interface TabularMdp {
  nStates: number;
  nActions: number;
  /** next[s * nActions + a]: successor state, or −1 when the episode ends after (s, a). */
  next: Int32Array;
  start: number;
  /** Discount factor (1 on finite-horizon trees). */
  gamma: number;
  /**
   * True when there are no cycles and every transition goes to a larger state index, so one
   * backward sweep solves the MDP exactly (backward induction) and one forward sweep
   * propagates occupancy.
   */
  acyclic: boolean;
  /**
   * Horizon scale per state used by the entropy smoothing: steps left including this one on
   * trees, 1/(1−γ) on discounted MDPs (see soft-solve.ts).
   */
  horizonScale: Float64Array;
}

/**
 * The history tree of depth `horizon` over `nActions` actions: a state is the sequence of
 * actions taken so far, states of depth t are numbered breadth-first after those of depth
 * t−1, so transitions always go to larger indices. The last level's actions end the episode.
 */
export interface HistoryTree extends TabularMdp {
  horizon: number;
  /** First state index of each depth (length horizon + 1). */
  levelStart: Int32Array;
  /** Depth of each state. */
  depth: Int32Array;
}

export function historyTree(nActions: number, horizon: number): HistoryTree {
  if (!(nActions >= 1 && horizon >= 1)) throw new RangeError("history tree needs A ≥ 1, T ≥ 1");
  const levelStart = new Int32Array(horizon + 1);
  let size = 1;
  for (let t = 0; t < horizon; t++) {
    levelStart[t + 1] = levelStart[t] + size;
    size *= nActions;
  }
  const nStates = levelStart[horizon];
  const next = new Int32Array(nStates * nActions).fill(-1);
  const depth = new Int32Array(nStates);
  const horizonScale = new Float64Array(nStates);
  for (let t = 0; t < horizon; t++) {
    for (let s = levelStart[t]; s < (t + 1 < horizon ? levelStart[t + 1] : nStates); s++) {
      depth[s] = t;
      horizonScale[s] = horizon - t;
      if (t + 1 < horizon) {
        const code = s - levelStart[t];
        for (let a = 0; a < nActions; a++) {
          next[s * nActions + a] = levelStart[t + 1] + code * nActions + a;
        }
      }
    }
  }
  return {
    nStates,
    nActions,
    next,
    start: 0,
    gamma: 1,
    acyclic: true,
    horizonScale,
    horizon,
    levelStart,
    depth,
  };
}

/** The actions taken to reach state s of a history tree, oldest first. */
export function historyOf(
  tree: HistoryTree,
  s: number,
  out: Int32Array = new Int32Array(tree.depth[s]),
): Int32Array {
  const t = tree.depth[s];
  let code = s - tree.levelStart[t];
  for (let k = t - 1; k >= 0; k--) {
    out[k] = code % tree.nActions;
    code = Math.floor(code / tree.nActions);
  }
  return out;
}
