// Reporting strategies: how an agent maps what it knows to a report. A strategy sees its own
// states and reports and the public history; the evaluator never shows it others' types.
import type { AgentState, DynamicProblem, PublicHistory } from "../problems/types.js";

export interface StrategyContext {
  problem: DynamicProblem;
  agent: number;
  tau: number;
  state: AgentState;
  history: PublicHistory;
}

export interface ReportingStrategy {
  readonly name: string;
  /** This period's report (length m) for the given context. */
  report(ctx: StrategyContext): Float64Array;
  /**
   * Asked at the start of every period τ ≥ 1 (before reporting): true leaves the mechanism for
   * good — no allocation and no payment for this agent from then on (exit deviations).
   */
  quits?(ctx: StrategyContext): boolean;
}

export const truthful: ReportingStrategy = {
  name: "truthful",
  report: (ctx) => Float64Array.from(ctx.state.values),
};

/** Clamp a report into the agent's type space, snapping to the grid if discrete. */
export function project(problem: DynamicProblem, agent: number, v: number): number {
  const space = problem.typeSpace(agent);
  if (space.kind === "box") return Math.min(space.hi, Math.max(space.lo, v));
  let best = space.grid[0];
  for (const g of space.grid) if (Math.abs(g - v) < Math.abs(best - v)) best = g;
  return best;
}
