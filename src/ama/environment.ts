// A dynamic mechanism design environment for affine maximizers (Curry et al. 2024 §3): an MDP, n
// agents whose private types determine their reward tables r_i(s, a), a type distribution,
// and the principal's objective. New environments are one file plus one registry line.
import type { Rng } from "../engine/rng.js";
import type { TabularMdp } from "./mdp.js";

/** What the designer optimizes: revenue (maximize) or a loss such as makespan (minimize). */
export type ObjectiveKind = "revenue" | "loss";

export interface AmaEnvironment {
  /** Canonical name with parameters, e.g. "sequential-sales(agents=3,items=2,dist=symmetric)". */
  name: string;
  mdp: TabularMdp;
  nAgents: number;
  /** Numbers that describe one type profile (all agents). */
  typeSize: number;
  objective: ObjectiveKind;
  /** Human name of the objective: "revenue", "makespan". */
  objectiveName: string;
  /** Whether designers tune the agent weights (Curry et al. 2024 trains them only in asymmetric settings). */
  trainWeights: boolean;
  /** Half-width of the box the grid-search designer samples boosts from. */
  boostScale: number;
  /** Draw one type profile into out (length typeSize). */
  sampleTypes(rng: Rng, out: Float64Array): void;
  /** Reward tables of a (reported or true) profile: out[i·S·A + s·A + a] = r_i(s, a). */
  fillRewards(types: Float64Array, out: Float64Array): void;
  /**
   * Agent i's reward table in the counterfactual "without i" used by the Clarke-like payment
   * (Curry et al. 2024 Def. 3.1); null means "all zeros", i.e. agent i simply removed from the sum.
   */
  counterfactualReward(i: number): Float64Array | null;
  /** Loss objectives only: the loss as a per-(s, a) table summed along the trajectory. */
  fillLoss?(types: Float64Array, out: Float64Array): void;
}
