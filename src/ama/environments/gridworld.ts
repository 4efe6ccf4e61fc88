// Gridworld (Curry et al. 2024 §5, Table 5; the authors' released code of Curry et al. 2024, listed in docs/ama.md): N × N cells, moves
// up/down/left/right wrapping around the edges, start (1,1) (cell 0 here), discounted
// infinite horizon (γ = 0.9 reproduces Table 5's VCG column). An agent is paid its value
// every time the walker enters its valued cell. "onecell" types: each agent independently
// picks a uniformly random cell other than the start and values it U[0,1]; "uniform": every
// cell except the start U[0,1]. A type profile stores each agent's value per cell.
import type { Rng } from "../../engine/rng.js";
import type { ParamSpecs, ParamValue } from "../../core/spec.js";
import type { AmaEnvironment } from "../environment.js";
import type { TabularMdp } from "../mdp.js";

export const gridworldParams: ParamSpecs = {
  agents: { type: "number", default: 2, min: 1, max: 8, integer: true, doc: "agents n" },
  items: { type: "number", default: 3, min: 2, max: 8, integer: true, doc: "grid side N" },
  gamma: {
    type: "number",
    default: 0.9,
    min: 0,
    max: 1,
    minExclusive: true,
    maxExclusive: true,
    doc: "discount factor γ",
  },
  types: {
    type: "enum",
    default: "onecell",
    values: ["onecell", "uniform"],
    doc: "onecell: one random cell valued U[0,1]; uniform: every non-start cell U[0,1]",
  },
};

const MOVES: [number, number][] = [
  [-1, 0],
  [1, 0],
  [0, -1],
  [0, 1],
];

export function gridworld(p: Record<string, ParamValue>): AmaEnvironment {
  const n = p.agents as number;
  const N = p.items as number;
  const gamma = p.gamma as number;
  const kind = p.types as string;
  const S = N * N;
  const A = 4;
  const next = new Int32Array(S * A);
  for (let r = 0; r < N; r++) {
    for (let c = 0; c < N; c++) {
      MOVES.forEach(([dr, dc], a) => {
        next[(r * N + c) * A + a] = ((r + dr + N) % N) * N + ((c + dc + N) % N);
      });
    }
  }
  const mdp: TabularMdp = {
    nStates: S,
    nActions: A,
    next,
    start: 0,
    gamma,
    acyclic: false,
    horizonScale: new Float64Array(S).fill(1 / (1 - gamma)),
  };
  const SA = S * A;
  return {
    name: `gridworld(agents=${n},items=${N},gamma=${gamma},types=${kind})`,
    mdp,
    nAgents: n,
    typeSize: n * S,
    objective: "revenue",
    objectiveName: "revenue",
    trainWeights: false,
    boostScale: 1,
    sampleTypes(rng: Rng, out: Float64Array) {
      out.fill(0, 0, n * S);
      for (let i = 0; i < n; i++) {
        if (kind === "onecell") {
          const cell = 1 + rng.int(S - 1);
          out[i * S + cell] = rng.uniform();
        } else {
          for (let c = 1; c < S; c++) out[i * S + c] = rng.uniform();
        }
      }
    },
    fillRewards(types: Float64Array, out: Float64Array) {
      for (let i = 0; i < n; i++) {
        for (let sa = 0; sa < SA; sa++) out[i * SA + sa] = types[i * S + next[sa]];
      }
    },
    counterfactualReward: () => null,
  };
}
