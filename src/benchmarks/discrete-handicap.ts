// Agent processes ("arms") for the Pavan–Segal–Toikka virtual surplus with discrete types,
// single good, realized allocations. Notation (docs/benchmarks-derivation.md §2):
//   grid θ_1 < … < θ_K, prior f_k, F_k = Σ_{l≤k} f_l, rent weight h_k = (1 − F_k)/f_k,
//   discrete inverse-hazard handicap η(θ_k) = (θ_{k+1} − θ_k)·h_k (η(θ_K) = 0), so that the
//   period-0 virtual value θ_k − η(θ_k) is the discrete Myerson φ (src/mechanisms/myerson.ts).
// Virtual value of agent i in period τ when its initial type was θ_k:
//   (a) constant handicap (PST's bandit example, impulse response ≡ 1): v_τ − η(θ_k);
//   (b) finite-difference impulse response: v_τ − η(θ_k)·I_τ with
//       I_τ = E[v^{k+1}_τ − v^{k}_τ | the agent's own history] / (θ_{k+1} − θ_k),
//       i.e. v_τ − h_k·(E[v^{k+1}_τ | history] − v_τ),
//       where v^{k+1} is the "twin" value process started at θ_{k+1}, coupled with the agent's
//       process (started at θ_k) and driven by the same consumptions. `mode` selects how:
//       - comonotone/independent: the twin is coupled that way and E[· | history] is its exact
//         posterior given the agent's observed value path (a valid relaxation: see the doc);
//       - expected: the unconditional difference E[v^{k+1}_c] − E[v^{k}_c] after c consumptions
//         (the impulse response "in expectation along the allocation path");
//         — not a bound (it is not conditioned on the reported path);
//       - comonotone-observed / independent-observed: the twin's realised value is part of the
//         state (the allocation may condition on it; over-relaxations, kept to document the
//         variants tried against an independent computation's 6.1829).
import {
  stateKey,
  type AgentState,
  type DynamicProblem,
  type Weighted,
} from "../problems/types.js";
import type { Arm } from "./arm-dp.js";
import { couple, type CouplingKind } from "./coupling.js";

export type TwinMode =
  "comonotone" | "independent" | "expected" | "comonotone-observed" | "independent-observed";

export interface DiscretePrior {
  grid: readonly number[];
  probs: readonly number[];
}

export function discretePrior(problem: DynamicProblem, i: number): DiscretePrior {
  const marg = problem.initialMarginal(i);
  if (marg.kind !== "discrete") throw new Error(`${problem.name}: agent ${i} is not discrete`);
  return { grid: marg.grid, probs: marg.probs };
}

/** h_k = (1 − F_k)/f_k (0 for the top type and for types of zero probability). */
export function rentWeights(prior: DiscretePrior): number[] {
  let F = 0;
  return prior.probs.map((f, k) => {
    F += f;
    if (k === prior.probs.length - 1 || f <= 0) return 0;
    return Math.max(0, 1 - F) / f;
  });
}

/** η(θ_k) = (θ_{k+1} − θ_k)(1 − F_k)/f_k, the discrete inverse-hazard handicap. */
export function inverseHazardHandicap(prior: DiscretePrior): number[] {
  const h = rentWeights(prior);
  return h.map((hk, k) =>
    k + 1 < prior.grid.length ? (prior.grid[k + 1] - prior.grid[k]) * hk : 0,
  );
}

function initialState(v: number): AgentState {
  return { values: Float64Array.of(v), consumed: new Float64Array(1) };
}

const ONE = [1];
const ZERO = [0];

/** The process of one agent's value for the (single) good, from the problem's exact kernel. */
function kernel(problem: DynamicProblem, i: number) {
  return (s: AgentState, consumed: boolean): Weighted<AgentState>[] =>
    problem.transitionStates!(i, s, consumed ? ONE : ZERO);
}

// ---- (a) constant handicap ----

interface ConstState {
  k0: number;
  s: AgentState;
}

export function constantHandicapArm(problem: DynamicProblem, i: number): Arm<ConstState> {
  const prior = discretePrior(problem, i);
  const eta = inverseHazardHandicap(prior);
  const step = kernel(problem, i);
  const cost = problem.cost(i, 0);
  return {
    initial: () =>
      prior.probs
        .map((p, k) => ({ p, value: { k0: k, s: initialState(prior.grid[k]) } }))
        .filter((w) => w.p > 0),
    reward: (x) => x.s.values[0] - eta[x.k0] - cost,
    next: (x, c) => step(x.s, c).map((w) => ({ p: w.p, value: { k0: x.k0, s: w.value } })),
    key: (x) => `${x.k0}:${stateKey(x.s)}`,
  };
}

// ---- (b) finite-difference impulse response ----

interface TwinState {
  k0: number;
  s: AgentState;
  /** Distribution of the twin (started at θ_{k0+1}) given what the DP conditions on. */
  twin: Weighted<AgentState>[];
  /** `expected` mode: the unconditional distribution of the agent's own process. */
  own: Weighted<AgentState>[];
}

const mean = (d: Weighted<AgentState>[]) => d.reduce((a, w) => a + w.p * w.value.values[0], 0);

/** Merge equal states and drop zero mass, so that equal posteriors give equal keys. */
function normalise(d: Weighted<AgentState>[]): Weighted<AgentState>[] {
  const m = new Map<string, Weighted<AgentState>>();
  let total = 0;
  for (const w of d) {
    if (w.p <= 0) continue;
    total += w.p;
    const k = stateKey(w.value);
    const hit = m.get(k);
    if (hit) hit.p += w.p;
    else m.set(k, { p: w.p, value: w.value });
  }
  return [...m.values()]
    .map((w) => ({ p: w.p / total, value: w.value }))
    .sort((x, y) => x.value.values[0] - y.value.values[0]);
}

const distKey = (d: Weighted<AgentState>[]) =>
  d.map((w) => `${stateKey(w.value)}@${w.p.toPrecision(12)}`).join(",");

/** Push an unconditional distribution forward by the kernel. */
function pushForward(
  d: Weighted<AgentState>[],
  step: (s: AgentState, c: boolean) => Weighted<AgentState>[],
  consumed: boolean,
): Weighted<AgentState>[] {
  return normalise(
    d.flatMap((w) => step(w.value, consumed).map((x) => ({ p: w.p * x.p, value: x.value }))),
  );
}

export function impulseResponseArm(
  problem: DynamicProblem,
  i: number,
  mode: TwinMode = "comonotone",
): Arm<TwinState> {
  const prior = discretePrior(problem, i);
  const h = rentWeights(prior);
  const step = kernel(problem, i);
  const cost = problem.cost(i, 0);
  const K = prior.grid.length;
  const coupling: CouplingKind = mode.startsWith("comonotone") ? "comonotone" : "independent";
  const observed = mode.endsWith("-observed");

  const next = (x: TwinState, consumed: boolean): Weighted<TwinState>[] => {
    const ownRow = step(x.s, consumed);
    if (h[x.k0] === 0) return ownRow.map((w) => ({ p: w.p, value: { ...x, s: w.value } }));
    const own = mode === "expected" ? pushForward(x.own, step, consumed) : x.own;
    // Joint law of (own', twin') summed over the twin's current posterior.
    const joint = x.twin.flatMap((t) =>
      couple(ownRow, step(t.value, consumed), coupling).map((q) => ({ ...q, p: q.p * t.p })),
    );
    const out: Weighted<TwinState>[] = [];
    for (const o of ownRow) {
      const ok = stateKey(o.value);
      const given = joint.filter((q) => stateKey(q.a) === ok);
      if (observed) {
        for (const q of given) {
          out.push({ p: q.p, value: { k0: x.k0, s: o.value, twin: [{ p: 1, value: q.b }], own } });
        }
      } else {
        const twin = normalise(given.map((q) => ({ p: q.p, value: q.b })));
        out.push({ p: o.p, value: { k0: x.k0, s: o.value, twin, own } });
      }
    }
    return out;
  };

  return {
    initial: () =>
      prior.probs
        .map((p, k) => {
          const s = initialState(prior.grid[k]);
          const twin = k + 1 < K ? [{ p: 1, value: initialState(prior.grid[k + 1]) }] : [];
          return { p, value: { k0: k, s, twin, own: [{ p: 1, value: s }] } };
        })
        .filter((w) => w.p > 0),
    reward: (x) => {
      const v = x.s.values[0];
      if (h[x.k0] === 0) return v - cost;
      const base = mode === "expected" ? mean(x.own) : v;
      return v - h[x.k0] * (mean(x.twin) - base) - cost;
    },
    next,
    key: (x) =>
      `${x.k0}:${stateKey(x.s)}:${h[x.k0] === 0 ? "" : distKey(x.twin)}${mode === "expected" ? `:${distKey(x.own)}` : ""}`,
  };
}
