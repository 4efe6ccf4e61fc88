// Size of exact evaluation, estimated before any work (docs/limits.md).
//
// Exact evaluation (truthful-exact.ts, best-response-exact.ts) memoizes one node per
// (period, history key, joint state). With K grid values, n agents, m goods and horizon T:
// - joint states at period τ: K^(mn) values times the ways τ periods of consumption can be
//   spread over the agents, C(τ+n, n)^m (one unit of each good per period at most);
// - a mechanism without a compact `historyKey` distinguishes every public history:
//   (K^(mn)·(n+1)^m)^τ of them at period τ (reports and who consumed);
// the smaller of the two counts estimates the nodes at period τ. It is a lower estimate for
// mechanisms whose history key keeps more than the states (neural, tabular with full memory):
// refusals on it are certain, and a running recursion also stops at EXACT_NODE_LIMIT nodes.
// Each node costs a report per own value vector times the others' profiles times the
// realizations, K^(mn)·(n+1)^m outcome calls, once for truth and once per deviating agent.
import { TooLargeError } from "../core/errors.js";
import type { Mechanism } from "../mechanisms/types.js";
import type { DynamicProblem } from "../problems/types.js";

/** Outcome calls above which exact evaluation is refused up front (~2 minutes, docs/limits.md). */
export const EXACT_WORK_LIMIT = 5e8;
/** Memoized nodes above which a running exact evaluation stops (memory, docs/limits.md). */
export const EXACT_NODE_LIMIT = 2_000_000;

export interface ExactSize {
  /** Estimated memoized nodes of one recursion. */
  nodes: number;
  /** Estimated outcome calls of the whole evaluation (truth plus every agent's deviation). */
  work: number;
}

export function exactEvaluationSize(problem: DynamicProblem, mech: Mechanism): ExactSize {
  const g = problem.typeSpace(0);
  if (g.kind !== "discrete") return { nodes: Infinity, work: Infinity };
  const K = g.grid.length;
  const { agents: n, goods: m, horizon: T } = problem;
  const profiles = K ** (m * n);
  const branching = profiles * (n + 1) ** m;
  let nodes = 0;
  for (let tau = 0; tau < T; tau++) {
    const histories = branching ** tau * profiles;
    const states = mech.historyKey ? profiles * binomial(tau + n, n) ** m : Infinity;
    nodes += Math.min(histories, states);
  }
  return { nodes, work: nodes * branching * (n + 1) };
}

/** Refuse exact evaluation up front when its estimate is beyond the limit. */
export function checkExactSize(problem: DynamicProblem, mech: Mechanism, field = "--mode"): void {
  const size = exactEvaluationSize(problem, mech);
  if (size.work > EXACT_WORK_LIMIT)
    throw new TooLargeError(
      field,
      "exact evaluation",
      size.work,
      EXACT_WORK_LIMIT,
      "use --mode sampled (or auto), or a smaller horizon, grid or number of agents",
      "outcome evaluations",
    );
}

/** Thrown by a running exact recursion whose memo outgrew EXACT_NODE_LIMIT. */
export const tooManyNodes = (field = "--mode") =>
  new TooLargeError(
    field,
    "exact evaluation",
    EXACT_NODE_LIMIT + 1,
    EXACT_NODE_LIMIT,
    "stopped before running out of memory; use --mode sampled (or auto), or a smaller horizon, grid or number of agents",
    "memoized nodes (more than)",
  );

function binomial(a: number, b: number): number {
  let r = 1;
  for (let k = 1; k <= b; k++) r = (r * (a - b + k)) / k;
  return r;
}
