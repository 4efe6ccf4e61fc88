// Monte Carlo simulation of a mechanism with given reporting strategies. Nature's draws come
// from separate streams per trajectory (initial types, realizations, each agent's
// transitions), so that runs with different strategies share them as far as possible
// (common random numbers: paired differences have small variance).
import type { ReportingStrategy } from "../agents/strategy.js";
import { Rng } from "../engine/rng.js";
import type { Mechanism } from "../mechanisms/types.js";
import {
  agentReward,
  principalReward,
  type AgentState,
  type DynamicProblem,
  type PeriodRecord,
} from "../problems/types.js";

export interface Trajectory {
  revenue: number;
  profit: number;
  welfare: number;
  /** Each agent's discounted utility from the first simulated period on (0 after it quits). */
  utility: Float64Array;
  initial: AgentState[];
  /** The public history, the given one included. */
  history: PeriodRecord[];
  /** states[τ − start][i]: agent i's state in each simulated period τ. */
  states: AgentState[][];
}

/** Start a simulation mid-game: the public history so far and every agent's current state. */
export interface SimulationStart {
  history: readonly PeriodRecord[];
  states: AgentState[];
}

/** The seed of trajectory k of a run seeded with `seed` (a fixed mixing, not a stream). */
export function trajectorySeed(seed: number, k: number): number {
  return (Math.imul(seed ^ 0x5bd1e995, 0x9e3779b1) + Math.imul(k + 1, 0x85ebca6b)) | 0;
}

export function simulate(
  problem: DynamicProblem,
  mech: Mechanism,
  strategies: readonly ReportingStrategy[],
  seed: number,
  start?: SimulationStart,
): Trajectory {
  const n = problem.agents;
  const m = problem.goods;
  const root = new Rng(seed);
  const initRng = root.split();
  const realizeRng = root.split();
  const transRng = Array.from({ length: n }, () => root.split());
  let states = start
    ? start.states
    : Array.from({ length: n }, (_, i) => problem.sampleInitial(i, initRng));
  const initial = states;
  const history: PeriodRecord[] = start ? [...start.history] : [];
  const visited: AgentState[][] = [];
  const utility = new Float64Array(n);
  const left = new Array<boolean>(n).fill(false);
  let revenue = 0;
  let profit = 0;
  let welfare = 0;
  let disc = 1;
  for (let tau = history.length; tau < problem.horizon; tau++) {
    visited.push(states);
    const reports = new Float64Array(n * m);
    for (let i = 0; i < n; i++) {
      const ctx = { problem, agent: i, tau, state: states[i], history };
      if (tau > 0 && !left[i] && strategies[i].quits?.(ctx)) left[i] = true;
      // A departed agent's reports no longer matter to it; it is shown as truthful.
      const r = left[i] ? states[i].values : strategies[i].report(ctx);
      reports.set(r, i * m);
    }
    const outcome = mech.outcome(history, reports);
    const c = problem.sampleRealization(outcome, realizeRng);
    const pr = principalReward(problem, outcome, c);
    let pay = 0;
    let gross = pr;
    for (let i = 0; i < n; i++) {
      pay += outcome.payments[i];
      const u = agentReward(m, i, states[i].values, c, outcome.payments[i]);
      if (!left[i]) utility[i] += disc * u;
      gross += u;
    }
    revenue += disc * pay;
    profit += disc * pr;
    welfare += disc * gross;
    history.push({ reports, outcome, consumption: c });
    if (tau + 1 < problem.horizon) {
      states = states.map((s, i) =>
        problem.sampleTransition(i, s, c.subarray(i * m, (i + 1) * m), transRng[i]),
      );
    }
    disc *= problem.discount;
  }
  return { revenue, profit, welfare, utility, initial, history, states: visited };
}
