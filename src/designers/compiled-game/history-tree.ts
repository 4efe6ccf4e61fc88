// The tree of public histories of a small discrete single-good `realized` problem, with the
// nature side of every probability (prior and value transitions), for the LP optimum.
//
// A public history at period τ is h = (r_0, c_0, …, r_{τ−1}, c_{τ−1}): report profiles
// r_t ∈ G^n (G the value grid) and realized winners c_t ∈ {0, …, n−1, nobody = n}. Histories of
// one depth are numbered in mixed radix: the child of node h after (r, c) is
// node·(R·W) + r·W + c, with R = |G|^n report profiles and W = n + 1 winners. The same number
// indexes the decision (h, r, c), which is what makes the sequence-form variables line up.
import { agentReward, type AgentState, type DynamicProblem } from "../../problems/types.js";
import { periodKey } from "../../mechanisms/tabular.js";
import { realizationTable } from "./realization-table.js";

export interface HistoryTree {
  n: number;
  T: number;
  gamma: number;
  grid: number[];
  K: number;
  /** Report profiles (R = K^n); profile r gives agent a the grid index digit(r, a). */
  R: number;
  /** Winners c = 0..n−1 and n = nobody. */
  W: number;
  /** Agent a's grid index in profile r. */
  digit: (r: number, a: number) => number;
  /** reports[r]: the report vector of profile r (layout of `PeriodRecord.reports`). */
  reports: Float64Array[];
  /** consumption[c]: the realized consumption vector when c wins (layout of `consumption`). */
  consumption: Float64Array[];
  /** reward[c][a][k]: agent a's period reward with value grid[k] when c wins (before payment). */
  reward: number[][][];
  /** cost[c]: the principal's cost Σ c_a · consumed_a when c wins. */
  cost: number[];
  /** prior[a][k] = P(initial value of a = grid[k]). */
  prior: number[][];
  /** trans[a][cnt][x][k·K + k'] = P(next value k' | value k, cnt earlier consumptions, x ∈ {0,1} now). */
  trans: Float64Array[][][];
  /** nodes[τ] = number of histories of depth τ = (R·W)^τ. */
  nodes: number[];
  /** count[τ][h·n + a]: how often agent a consumed in history h. */
  count: Uint8Array[];
  /** nature[τ][(h·n + a)·K + k] = P(a's value at τ is grid[k] | h, a truthful before τ). */
  nature: Float64Array[];
  /** mu[τ][h] = nature's probability of h's report sequence when everyone is truthful. */
  mu: Float64Array[];
  /** key[τ][h]: the tabular mechanism's key of h (src/mechanisms/tabular.ts). */
  key: string[][];
}

/** Builds the tree; the caller has checked that the problem is discrete, realized, one good. */
export function buildHistoryTree(problem: DynamicProblem): HistoryTree {
  const n = problem.agents;
  const T = problem.horizon;
  const space = problem.typeSpace(0);
  if (space.kind !== "discrete") throw new Error("history tree needs a discrete type space");
  const grid = [...space.grid];
  const K = grid.length;
  const W = n + 1;
  const R = K ** n;
  const digit = (r: number, a: number) => Math.floor(r / K ** a) % K;
  const indexOf = (v: number) => {
    const k = grid.indexOf(v);
    if (k < 0) throw new Error(`${problem.name}: value ${v} is not on the grid`);
    return k;
  };

  const reports = Array.from({ length: R }, (_, r) =>
    Float64Array.from({ length: n }, (_, a) => grid[digit(r, a)]),
  );
  // The consumption of a sure win by c, as the problem itself realizes it (one good:
  // realization c is "c wins").
  const { consumption } = realizationTable(problem);
  const reward = consumption.map((cons) =>
    Array.from({ length: n }, (_, a) =>
      grid.map((v) => agentReward(1, a, Float64Array.of(v), cons, 0)),
    ),
  );
  const cost = consumption.map((cons) => cons.reduce((s, x, a) => s + problem.cost(a, 0) * x, 0));

  const prior = Array.from({ length: n }, (_, a) => {
    const p = new Array<number>(K).fill(0);
    for (const s of problem.initialStates!(a)) p[indexOf(s.value.values[0])] += s.p;
    return p;
  });
  const trans = Array.from({ length: n }, (_, a) =>
    Array.from({ length: T }, (_, cnt) =>
      [0, 1].map((x) => {
        const m = new Float64Array(K * K);
        for (let k = 0; k < K; k++) {
          const state: AgentState = {
            values: Float64Array.of(grid[k]),
            consumed: Float64Array.of(cnt),
          };
          for (const s of problem.transitionStates!(a, state, [x]))
            m[k * K + indexOf(s.value.values[0])] += s.p;
        }
        return m;
      }),
    ),
  );

  const nodes = [1];
  const count = [new Uint8Array(n)];
  const nature = [Float64Array.from(prior.flat())];
  const mu = [Float64Array.of(1)];
  const key: string[][] = [[""]];
  for (let tau = 1; tau < T; tau++) {
    const N = nodes[tau - 1] * R * W;
    const cnt = new Uint8Array(N * n);
    const nat = new Float64Array(N * n * K);
    const m = new Float64Array(N);
    const keys = new Array<string>(N);
    const prevCnt = count[tau - 1];
    const prevNat = nature[tau - 1];
    for (let h = 0; h < nodes[tau - 1]; h++) {
      for (let r = 0; r < R; r++) {
        let pr = mu[tau - 1][h];
        for (let a = 0; a < n; a++) pr *= prevNat[(h * n + a) * K + digit(r, a)];
        for (let c = 0; c < W; c++) {
          const child = (h * R + r) * W + c;
          m[child] = pr;
          const sep = tau > 1 ? ";" : "";
          keys[child] = `${key[tau - 1][h]}${sep}${periodKey(reports[r], consumption[c])}`;
          for (let a = 0; a < n; a++) {
            const before = prevCnt[h * n + a];
            const x = consumption[c][a];
            cnt[child * n + a] = before + x;
            const row = trans[a][before][x];
            const k = digit(r, a);
            for (let k2 = 0; k2 < K; k2++) nat[(child * n + a) * K + k2] = row[k * K + k2];
          }
        }
      }
    }
    nodes.push(N);
    count.push(cnt);
    nature.push(nat);
    mu.push(m);
    key.push(keys);
  }
  return {
    n,
    T,
    gamma: problem.discount,
    grid,
    K,
    R,
    W,
    digit,
    reports,
    consumption,
    reward,
    cost,
    prior,
    trans,
    nodes,
    count,
    nature,
    mu,
    key,
  };
}
