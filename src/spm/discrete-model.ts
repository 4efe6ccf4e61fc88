// A prior with finite support written as a mixture of product distributions: a hidden "world"
// w is drawn with probability π_w, then agents draw their value rows independently given w.
// Every small setting of Brero et al. 2021 has this form (two-worlds and kitchen-sink: two worlds;
// id: the eight value configurations of agents 1–3; inventory and colors: one world), and it
// is what makes exact search possible: given the history, the posterior over worlds is a
// sufficient belief state (agents are independent given w).
import type { Rng } from "../engine/rng.js";

export interface SupportPoint {
  /** Value for each item (length m). */
  values: number[];
  prob: number;
}

export interface World {
  prob: number;
  /** Per agent, its finite value distribution in this world. */
  agents: SupportPoint[][];
}

export interface DiscreteModel {
  worlds: World[];
}

/** A sampler for the model (probabilities prepared once; the env calls it per episode). */
export function discreteSampler(
  model: DiscreteModel,
  m: number,
): (rng: Rng, out: Float64Array) => void {
  const worldProbs = model.worlds.map((w) => w.prob);
  const agentProbs = model.worlds.map((w) => w.agents.map((s) => s.map((p) => p.prob)));
  return (rng, out) => {
    const wi = rng.categorical(worldProbs);
    const w = model.worlds[wi];
    for (let i = 0; i < w.agents.length; i++) {
      const support = w.agents[i];
      const p = support.length === 1 ? support[0] : support[rng.categorical(agentProbs[wi][i])];
      for (let j = 0; j < m; j++) out[i * m + j] = p.values[j];
    }
  };
}

/** Uniform distribution over the given value rows. */
export function uniformOver(rows: number[][]): SupportPoint[] {
  return rows.map((values) => ({ values, prob: 1 / rows.length }));
}

/** The same value for every one of m items. */
export const row = (v: number, m: number): number[] => Array.from({ length: m }, () => v);
