// The one step every exact tree takes through `DynamicProblem`: after a period ends in a
// realization (its consumption vector, realization-table.ts), the joint distribution of the
// listed agents' next states — the product of their own transitions, in agent order.
import { product, type WeightedValue } from "../../core/product.js";
import type { AgentState, DynamicProblem } from "../../problems/types.js";

/** Next states of `agents` (states[q] is agent agents[q]'s) after the period's consumption
 * (layout of PeriodRecord.consumption). */
export function jointTransitions(
  problem: DynamicProblem,
  agents: readonly number[],
  states: readonly AgentState[],
  consumption: Float64Array,
): WeightedValue<AgentState[]>[] {
  const m = problem.goods;
  return product(
    agents.map((i, q) =>
      problem.transitionStates!(i, states[q], consumption.subarray(i * m, (i + 1) * m)),
    ),
  );
}

/** The truthful report profile of the agents' states (layout of PeriodRecord.reports). */
export function truthfulReports(states: readonly AgentState[], m: number): Float64Array {
  const reports = new Float64Array(states.length * m);
  states.forEach((s, i) => reports.set(s.values, i * m));
  return reports;
}

/** 0 … n − 1. */
export const allAgents = (n: number): number[] => Array.from({ length: n }, (_, i) => i);

/**
 * The index of the node keyed `key` in the next layer, appending `make()` to `nodes` the first
 * time: nodes with equal keys (the same memory and states) are one node, which is what keeps
 * the trees small.
 */
export function mergedNode<N>(
  nodes: N[],
  layer: Map<string, number>,
  key: string,
  make: () => N,
): number {
  let node = layer.get(key);
  if (node === undefined) {
    node = nodes.length;
    nodes.push(make());
    layer.set(key, node);
  }
  return node;
}
