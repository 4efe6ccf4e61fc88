// The vocabulary of sequential price mechanisms (Brero et al. 2021, "Preliminaries"): n agents, m
// indivisible items, valuations drawn from a possibly correlated prior that the designer only
// sees through samples (plus, for small settings, an explicit finite model for exact search).
import type { Rng } from "../engine/rng.js";
import type { DiscreteModel } from "./discrete-model.js";

/** What the episode's terminal reward measures (Brero et al. 2021, "Economic Framework"). */
export type Objective = "welfare" | "revenue" | "maxmin";
export const OBJECTIVES: readonly Objective[] = ["welfare", "revenue", "maxmin"];

/**
 * Valuations are "unit demand within a group, additive across groups": `group[j]` names the
 * group of item j; an agent's value for a bundle is the sum over groups of its largest value
 * for an item of that group in the bundle. One group = unit demand (most settings); one group
 * per item = additive; the additive setting has two groups (item types A and B).
 */
export interface SpmSetting {
  /** Canonical name with parameters, e.g. "correlated(delta=0.5)". */
  name: string;
  n: number;
  m: number;
  /** Group of each item (length m, values 0..groups-1). */
  group: Int32Array;
  /** The objective the setting is about (the CLI can override it). */
  objective: Objective;
  /** Draw one valuation profile into `out` (row-major n × m, values normalised to [0, 1]). */
  sample(rng: Rng, out: Float64Array): void;
  /** The same prior as an explicit finite model, when it has finite support (exact search). */
  discrete?: DiscreteModel;
  /**
   * Item classes of a setting without a finite model (item-classes.ts): items with the same
   * class must lie in one group and have the same value for every agent in every profile the
   * prior draws (tested by sampling). Finite models derive their classes exactly instead;
   * omitted = every item its own class.
   */
  itemClass?: Int32Array;
  /** Short description of what the optimal SPM needs (from the extended version of Brero et al. 2021, listed in docs/spm.md). */
  note: string;
}

/** Number of item groups of a setting. */
export function groupCount(s: SpmSetting): number {
  let g = 0;
  for (const x of s.group) g = Math.max(g, x + 1);
  return g;
}
