// Sampled public-history trees for problems whose types cannot be enumerated (continuous values):
// K scenarios of nature (initial types and the transition noise of every agent at every period,
// drawn once: common random numbers), and under each scenario the EXACT tree of realized
// winners (every realization of every period's outcome is a branch; its probability is the
// mechanism's allocation, so the SGDA designers' sweep (inverse-game/tree-sweep.ts) gives
// expectations over realizations exactly and gradients in θ by sequence form, as for the exact
// trees). Branches of one scenario
// share the noise of each (agent, period): a winner's next type is the problem's own sampler
// applied to the same draws on every branch. Truthful and deviation trees built from the same
// seed share every scenario, so regrets are paired differences.
//
// Interim IR on continuous types uses quantile bins of the initial type: the scenarios are
// ranked by each agent's initial value and cut into `bins` equal groups, so h_ik is the mean
// truthful utility of the agents whose initial value lies in the k-th bin of this sample.
import { UsageError } from "../../core/errors.js";
import { Rng } from "../../engine/rng.js";
import {
  allocFeatureBatch,
  encodePublic,
  type FeatureLayout,
  type PublicRecord,
} from "../../mechanisms/neural/features.js";
import type { Mechanism } from "../../mechanisms/types.js";
import type { AgentState, DynamicProblem, PublicHistory } from "../../problems/types.js";
import type { RecurrentContext } from "../../agents/recurrent-deviation.js";
import { realizationTable } from "./realization-table.js";
import type { SweepTree } from "./exact-tree.js";

export interface SampledTreeSpec {
  /** K scenarios of nature. */
  scenarios: number;
  /** Interim IR bins per agent (K must be a multiple). */
  bins: number;
  seed: number;
}

/** The deviator's report at a node (nodes are numbered parents first). */
export type DeviatorReport = (
  node: number,
  parent: number,
  ctx: Omit<RecurrentContext, "good">,
) => Float64Array;

export interface SampledTree extends SweepTree {
  mech: ReturnType<typeof allocFeatureBatch>;
  /** The base mechanism's outcome at every node (a residual mechanism's start), when given. */
  base?: { alloc: Float64Array; pay: Float64Array };
}

/** Nodes of one scenario's tree: Σ_τ R^τ over the horizon. */
export function nodesPerScenario(problem: DynamicProblem): number {
  const R = realizationTable(problem).count;
  let total = 0;
  for (let t = 0, w = 1; t < problem.horizon; t++, w *= R) total += w;
  return total;
}

export function buildSampledTree(
  problem: DynamicProblem,
  layout: FeatureLayout,
  spec: SampledTreeSpec,
  deviator: number | null,
  decide?: DeviatorReport,
  base?: Mechanism,
): SampledTree {
  if (problem.semantics !== "realized")
    throw new UsageError("--problem", "the sampled-tree designer needs semantics=realized");
  const n = problem.agents;
  const m = problem.goods;
  const T = problem.horizon;
  const K = spec.scenarios;
  // Equal bins, so that every bin has prior mass 1/bins (the sweep's P(k)).
  if (K % spec.bins !== 0) throw new Error(`scenarios (${K}) must be a multiple of bins`);
  const { count: R, consumption } = realizationTable(problem);
  const N = K * nodesPerScenario(problem);

  // Nature, drawn once per scenario: initial states and one generator per (period, agent).
  const master = new Rng(spec.seed);
  const initial: AgentState[][] = [];
  const noise: Rng[][][] = [];
  for (let s = 0; s < K; s++) {
    const scen = master.split();
    initial.push(Array.from({ length: n }, (_, i) => problem.sampleInitial(i, scen)));
    noise.push(Array.from({ length: T }, () => Array.from({ length: n }, () => scen.split())));
  }
  const bin = quantileBins(initial, spec.bins);

  const depth = new Int32Array(N);
  const parent = new Int32Array(N);
  const realization = new Int32Array(N);
  const nature = new Float64Array(N);
  const values = new Float64Array(N * n * m);
  const initType = new Int32Array(N * n);
  const scenario = new Int32Array(N);
  const mech = allocFeatureBatch(layout, N);
  const states: AgentState[][] = new Array(N);
  const reports: Float64Array[] = new Array(N);
  const history: PublicRecord[][] = new Array(N);
  const baseOut = base
    ? { alloc: new Float64Array(N * m * (n + 1)), pay: new Float64Array(N * n) }
    : undefined;
  const depthStart = [0];
  let size = 0;

  const add = (
    s: number,
    tau: number,
    up: number,
    r: number,
    st: AgentState[],
    h: PublicRecord[],
  ) => {
    const c = size++;
    depth[c] = tau;
    parent[c] = up;
    realization[c] = r;
    nature[c] = up < 0 ? 1 / K : 1;
    scenario[c] = s;
    states[c] = st;
    history[c] = h;
    const rep = new Float64Array(n * m);
    st.forEach((x, i) => {
      values.set(x.values, c * n * m + i * m);
      rep.set(x.values, i * m);
      initType[c * n + i] = bin[s][i];
    });
    if (deviator !== null && decide) {
      const own = st[deviator];
      const root = up < 0 ? c : rootOf(c);
      rep.set(
        decide(c, up, {
          tau,
          horizon: T,
          values: own.values,
          initial: states[root][deviator].values,
          consumed: own.consumed,
          history: h,
        }),
        deviator * m,
      );
    }
    reports[c] = rep;
    encodePublic(layout, h, rep, mech, c);
    if (base && baseOut) {
      // Records carry reports and consumption only: a base must read no more (the network's
      // and the handicap mechanism's inputs), else it fails loudly on the missing outcome.
      const o = base.outcome(h as unknown as PublicHistory, rep);
      baseOut.alloc.set(o.alloc, c * m * (n + 1));
      baseOut.pay.set(o.payments, c * n);
    }
  };
  const rootOf = (c: number) => {
    while (parent[c] >= 0) c = parent[c];
    return c;
  };

  for (let s = 0; s < K; s++) add(s, 0, -1, -1, initial[s], []);
  for (let tau = 1; tau < T; tau++) {
    const from = depthStart[tau - 1];
    const to = size;
    depthStart.push(to);
    for (let a = from; a < to; a++) {
      const s = scenario[a];
      for (let r = 0; r < R; r++) {
        const cons = consumption[r];
        const next = states[a].map((x, i) =>
          problem.sampleTransition(
            i,
            x,
            cons.subarray(i * m, (i + 1) * m),
            noise[s][tau][i].clone(),
          ),
        );
        add(s, tau, a, r, next, [...history[a], { reports: reports[a], consumption: cons }]);
      }
    }
  }
  return {
    size: N,
    horizon: T,
    depth,
    parent,
    realization,
    nature,
    values,
    initType,
    // Reports are sampled, not branched on: no decision rows (π = 1 everywhere).
    decisionRows: new Int32Array(0),
    decisionReport: new Int32Array(0),
    decisionTruth: new Int32Array(0),
    mech,
    ...(baseOut ? { base: baseOut } : {}),
    mechRow: Int32Array.from({ length: N }, (_, k) => k),
    layout,
    policy: { reports: 1 },
    scenario,
    scenarios: K,
  };
}

/** bin[s][i]: the quantile bin of agent i's initial value (summed over goods) in scenario s. */
function quantileBins(initial: AgentState[][], bins: number): number[][] {
  const K = initial.length;
  const n = initial[0].length;
  const bin = Array.from({ length: K }, () => new Array<number>(n).fill(0));
  for (let i = 0; i < n; i++) {
    const total = (s: number) => initial[s][i].values.reduce((a, b) => a + b, 0);
    const order = Array.from({ length: K }, (_, s) => s).sort((a, b) => total(a) - total(b));
    order.forEach((s, rank) => (bin[s][i] = Math.floor((rank * bins) / K)));
  }
  return bin;
}
