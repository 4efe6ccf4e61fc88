// How large the compiled game is allowed to get, and its size estimated before building it
// (docs/limits.md).
import { TooLargeError } from "../../core/errors.js";
import type { MemoryKind } from "../../mechanisms/history-memory.js";
import type { DynamicProblem } from "../../problems/types.js";

/** Refuse games whose trees would exceed this many nodes in all. */
export const MAX_NODES = 3_000_000;
/** Up-front refusal: estimated nodes beyond ESTIMATE_SLACK × MAX_NODES (docs/limits.md). */
export const ESTIMATE_SLACK = 10;

/**
 * Estimated tree nodes of the compiled game, before building it (docs/limits.md). The truthful
 * tree has one node per (memory key, joint state) and period: with memory=full one per public
 * history, K^(mn)·B^τ at period τ, where B counts the ways a period can end (who consumes
 * which good, and how the consumer's value moves, `transitionFanout`); with memory=initial-last
 * at most the initial and last reports and winners times the joint states. Each of the n
 * deviation trees adds the deviator's own reports, K^m per period.
 */
export function compiledGameSize(problem: DynamicProblem, memory: MemoryKind): number {
  const g = problem.typeSpace(0);
  if (g.kind !== "discrete" || !problem.transitionStates) return Infinity;
  const { agents: n, goods: m, horizon: T } = problem;
  const K = g.grid.length;
  const profiles = K ** (m * n);
  const B = transitionFanout(problem);
  let nodes = 0;
  for (let tau = 0; tau < T; tau++) {
    let spread = 1; // ways τ periods of consumption spread over n agents, per good
    for (let k = 1; k <= n; k++) spread = (spread * (tau + k)) / k;
    const states = profiles * spread ** m;
    const truth = profiles * B ** tau;
    const dev = truth * K ** (m * tau);
    const cap = memory === "full" ? Infinity : profiles * profiles * (n + 1) ** m * states;
    nodes += Math.min(truth, cap) + n * Math.min(dev, cap * K ** m);
  }
  return nodes;
}

/** Ways one period can end: per good, nobody or one of n agents consumes it, times the
 * consumer's next values (the others' values move as when not consuming). */
function transitionFanout(problem: DynamicProblem): number {
  const { agents: n, goods: m } = problem;
  const s = problem.initialStates!(0)[0].value;
  const count = (c: Float64Array) => problem.transitionStates!(0, s, c).length;
  const idle = count(new Float64Array(m));
  let B = idle ** n;
  for (let j = 0; j < m; j++) {
    const c = new Float64Array(m);
    c[j] = 1;
    B *= 1 + (n * count(c)) / idle;
  }
  return B;
}

/** Refused up front: the estimate beyond ESTIMATE_SLACK × MAX_NODES. */
export function refuseUpFront(problem: DynamicProblem, memory: MemoryKind): void {
  // The estimate overshoots (measured 3× for full memory, up to 20× for initial-last), so it
  // refuses up front only beyond ESTIMATE_SLACK × MAX_NODES; the build itself stops at MAX_NODES.
  const estimate = compiledGameSize(problem, memory);
  if (estimate > ESTIMATE_SLACK * MAX_NODES)
    throw new TooLargeError(
      "--problem",
      `the compiled game of ${problem.name.replace(/\(.*/, "")} with memory=${memory}`,
      estimate,
      ESTIMATE_SLACK * MAX_NODES,
      "use a shorter horizon, fewer agents or memory=initial-last (or an SGDA designer, which samples)",
      "tree nodes",
    );
}

/** The build passed MAX_NODES. */
export const tooLarge = (problem: DynamicProblem, memory: MemoryKind) =>
  new TooLargeError(
    "--problem",
    `the compiled game of ${problem.name.replace(/\(.*/, "")} with memory=${memory}`,
    MAX_NODES + 1,
    MAX_NODES,
    "stopped while building; use a shorter horizon, fewer agents or memory=initial-last",
    "tree nodes (more than)",
  );
