// The clock-auction model: n single-parameter bidders and a downward-closed feasibility
// constraint reached only through a solver interface (Christodoulou–Gkatzelis–Schoepflin's
// "black-box solver" access): is a set feasible, and a maximum-weight feasible subset.

/** A downward-closed set system over bidders 0..n−1, seen only through its solver. */
export interface Constraint {
  /** Canonical registry name with parameters, e.g. `k-uniform(k=3)`. */
  readonly name: string;
  readonly n: number;
  /** Whether `maxWeightFeasible` is exact (false: a heuristic that still returns feasible sets). */
  readonly exact: boolean;
  /** Is this set of bidders feasible? */
  feasible(set: readonly number[]): boolean;
  /**
   * A maximum-weight feasible subset of `subset` (only positive weights count). Deterministic:
   * ties are broken by the solver's fixed order, so a rule using it depends on public data only.
   */
  maxWeightFeasible(subset: readonly number[], weights: ArrayLike<number>): number[];
  /** A bidder's size for bid-scaling rules (knapsack: its size; otherwise 1). */
  size(i: number): number;
}

/** A registry entry builds a constraint once it knows n (the number of values). */
export type ConstraintFactory = (n: number) => Constraint;

export function weightOf(set: readonly number[], weights: ArrayLike<number>): number {
  let s = 0;
  for (const i of set) s += weights[i];
  return s;
}
