// A new dynamic problem in one file: buyers whose values follow a sticky two-state Markov
// chain whatever they are allocated (so allocation does not affect learning). Run:
//   npx tsx docs/examples/sticky-values.ts
import {
  buildMechanism,
  checkProblem,
  evaluate,
  type AgentState,
  type DynamicProblem,
  type Outcome,
  type Weighted,
  Rng,
} from "../../src/index.js";

const LOW = 1;
const HIGH = 3;
const STAY = 0.8; // probability that a value keeps its level next period

const state = (v: number, consumed = 0): AgentState => ({
  values: Float64Array.of(v),
  consumed: Float64Array.of(consumed),
});

export const stickyValues: DynamicProblem = {
  name: "sticky-values",
  params: { stay: STAY },
  agents: 2,
  goods: 1,
  horizon: 3,
  discount: 0.9,
  semantics: "realized",
  typeSpace: () => ({ kind: "discrete", grid: [LOW, HIGH] }),
  cost: () => 0,
  initialMarginal: () => ({ kind: "discrete", grid: [LOW, HIGH], probs: [0.5, 0.5] }),
  initialStates: () => [
    { p: 0.5, value: state(LOW) },
    { p: 0.5, value: state(HIGH) },
  ],
  transitionStates(_i, s, c): Weighted<AgentState>[] {
    const v = s.values[0];
    const consumed = s.consumed[0] + c[0];
    return [
      { p: STAY, value: state(v, consumed) },
      { p: 1 - STAY, value: state(v === LOW ? HIGH : LOW, consumed) },
    ];
  },
  sampleInitial: (_i, rng: Rng) => state(rng.uniform() < 0.5 ? LOW : HIGH),
  sampleTransition(_i, s, c, rng) {
    const v = s.values[0];
    const next = rng.uniform() < STAY ? v : v === LOW ? HIGH : LOW;
    return state(next, s.consumed[0] + c[0]);
  },
  // The good goes to agent i with probability alloc[i] (row n = nobody); the winner is public.
  realizations(o: Outcome) {
    return [0, 1, 2]
      .filter((w) => o.alloc[w] > 0)
      .map((w) => ({ p: o.alloc[w], value: Float64Array.of(w === 0 ? 1 : 0, w === 1 ? 1 : 0) }));
  },
  sampleRealization(o: Outcome, rng: Rng) {
    const w = rng.categorical(o.alloc);
    return Float64Array.of(w === 0 ? 1 : 0, w === 1 ? 1 : 0);
  },
};

if (import.meta.url === `file://${process.argv[1]}`) {
  const check = checkProblem(stickyValues);
  console.log(check.ok ? `checker: ok (${check.checks} checks)` : check.problems.join("\n"));
  const report = evaluate(stickyValues, buildMechanism("second-price(reserve=2)", stickyValues));
  console.log(
    `revenue ${report.revenue.value.toFixed(4)} (exact), exploitability ${report.exploitability.value.toFixed(4)}`,
  );
}
