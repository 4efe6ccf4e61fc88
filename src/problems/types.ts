// The problem model (Inverse Games §3): n agents, horizon T, discount γ, m goods, per-agent type
// spaces, initial distributions, outcome- and history-dependent type transitions, and the
// agents' and principal's per-period rewards. Problems know nothing about mechanisms or
// designers; evaluators and designers only use this interface.
import type { Rng } from "../engine/rng.js";
import type { ParamValue } from "../core/spec.js";

/** How the allocation probabilities of an outcome act on the world. */
export type Semantics = "realized" | "fractional";

/** A finite value grid per good (discrete) or a box [lo, hi] per good (continuous). */
export type TypeSpace =
  { kind: "discrete"; grid: readonly number[] } | { kind: "box"; lo: number; hi: number };

/**
 * What the mechanism decides in one period. `alloc[j * (n + 1) + i]` is the probability that
 * good j goes to agent i; row i = n is "nobody". `payments[i]` is agent i's payment.
 */
export interface Outcome {
  alloc: Float64Array;
  payments: Float64Array;
}

/** One period of public information. */
export interface PeriodRecord {
  /** reports[i * m + j]: agent i's reported value for good j. */
  reports: Float64Array;
  outcome: Outcome;
  /**
   * consumption[i * m + j]: how much of good j agent i received — 0/1 under `realized`
   * (the realized winner is public), the probability itself under `fractional`.
   */
  consumption: Float64Array;
}

export type PublicHistory = readonly PeriodRecord[];

/**
 * An agent's private Markov state: its type (values per good) plus whatever else its
 * evolution depends on (here the cumulative consumption per good). Only `values` is the type.
 */
export interface AgentState {
  values: Float64Array;
  /** Cumulative consumption per good, including the period just played. */
  consumed: Float64Array;
}

export interface Weighted<T> {
  p: number;
  value: T;
}

/** The initial distribution of one agent's value for one good (for static benchmarks). */
export type Marginal =
  | { kind: "discrete"; grid: readonly number[]; probs: readonly number[] }
  | { kind: "continuous"; lo: number; hi: number; cdf(v: number): number; pdf(v: number): number };

export interface DynamicProblem {
  /** Canonical name with all parameters, e.g. `bandit-auction(values=discrete,...)`. */
  readonly name: string;
  readonly params: Record<string, ParamValue>;
  readonly agents: number;
  readonly goods: number;
  readonly horizon: number;
  readonly discount: number;
  readonly semantics: Semantics;
  /** Type space of agent i (the same for each of its goods). */
  typeSpace(i: number): TypeSpace;
  /** Cost c_ij of giving good j to agent i (principal's utility subtracts Σ c_ij x_ij). */
  cost(i: number, j: number): number;

  /** Initial marginal of agent i's value for each good (goods are i.i.d. at the start). */
  initialMarginal(i: number): Marginal;

  /** Exact initial distribution of agent i's state; only for discrete type spaces. */
  initialStates?(i: number): Weighted<AgentState>[];
  /** Exact next-state distribution given what agent i consumed this period (length m). */
  transitionStates?(
    i: number,
    state: AgentState,
    consumption: ArrayLike<number>,
  ): Weighted<AgentState>[];

  sampleInitial(i: number, rng: Rng): AgentState;
  sampleTransition(
    i: number,
    state: AgentState,
    consumption: ArrayLike<number>,
    rng: Rng,
  ): AgentState;

  /** Distribution of what each agent consumes given an outcome (length n·m each). */
  realizations(outcome: Outcome): Weighted<Float64Array>[];
  sampleRealization(outcome: Outcome, rng: Rng): Float64Array;

  /**
   * The problem of good j alone, for problems whose goods are independent (each good's values
   * evolve with its own consumption only) and whose utilities are additive across goods: then
   * a mechanism run good by good is IC if each per-good mechanism is (mechanisms/per-good.ts).
   * Omitted when goods interact.
   */
  marginal?(good: number): DynamicProblem;
}

export const isDiscrete = (p: DynamicProblem): boolean =>
  Array.from({ length: p.agents }, (_, i) => p.typeSpace(i).kind === "discrete").every(Boolean) &&
  p.initialStates !== undefined &&
  p.transitionStates !== undefined;

/** Agent i's reward in one period: Σ_j v_ij · consumed_ij − p_i (Inverse Games App. D.2). */
export function agentReward(
  m: number,
  i: number,
  values: ArrayLike<number>,
  consumption: ArrayLike<number>,
  payment: number,
): number {
  let u = -payment;
  for (let j = 0; j < m; j++) u += values[j] * consumption[i * m + j];
  return u;
}

/** Principal's reward in one period: Σ_i p_i − Σ_ij c_ij · consumed_ij (Inverse Games App. D.2). */
export function principalReward(
  problem: DynamicProblem,
  outcome: Outcome,
  consumption: ArrayLike<number>,
): number {
  const n = problem.agents;
  const m = problem.goods;
  let r = 0;
  for (let i = 0; i < n; i++) {
    r += outcome.payments[i];
    for (let j = 0; j < m; j++) r -= problem.cost(i, j) * consumption[i * m + j];
  }
  return r;
}

export function stateKey(s: AgentState): string {
  return `${Array.from(s.values).join(",")}/${Array.from(s.consumed).join(",")}`;
}
