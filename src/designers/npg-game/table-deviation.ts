// One agent's deviation problem against a TABULAR mechanism as a finite MDP (finite-mdp.ts),
// read off the compiled game's deviation tree (compiled-game.ts). That tree is the
// sufficient-statistics MDP of src/evaluation/deviation-mdp.ts for tables: a node is (period,
// the table's memory key, own state, the others' last states and consumption — the belief's
// statistic), the exact evaluator's information model. Its structure is fixed; only rewards and
// transition probabilities depend on the table's outcomes, so `refill` rewrites them in place
// each iteration, and `valueGradient` gives ∂(ex-ante value of a fixed policy)/∂(x, p).
import type { FiniteMdp } from "../../agents/deviation/npg/finite-mdp.js";
import { occupancy } from "../../agents/deviation/npg/finite-mdp.js";
import type { CompiledGame, DeviationTree } from "../compiled-game/compiled-game.js";
import { addDq, realizationProbs, type TableOutcomes } from "../exact-game/sweep.js";

export class TableDeviationMdp {
  readonly mdp: FiniteMdp;
  private readonly q: Float64Array;

  constructor(
    readonly game: CompiledGame,
    readonly dt: DeviationTree,
  ) {
    const { realizations: R } = game;
    const A = dt.reports;
    const transStart = new Int32Array(dt.nodes * A + 1);
    const children: number[] = [];
    for (let na = 0; na < dt.nodes * A; na++) {
      transStart[na] = children.length;
      for (let bi = dt.branchStart[na]; bi < dt.branchStart[na + 1]; bi++)
        for (let e = dt.edgeStart[bi * R]; e < dt.edgeStart[bi * R + R]; e++)
          children.push(dt.edgeChild[e]);
    }
    transStart[dt.nodes * A] = children.length;
    const rootProb = Float64Array.from(game.initProb[dt.agent]);
    this.mdp = {
      nodes: dt.nodes,
      actions: A,
      gamma: game.gamma,
      reward: new Float64Array(dt.nodes * A),
      transStart,
      transChild: Int32Array.from(children),
      transProb: new Float64Array(children.length),
      roots: dt.roots,
      rootProb,
      truth: dt.truthReport,
    };
    this.q = new Float64Array(R);
  }

  /** Rewards and transition probabilities of the MDP at these outcomes. */
  refill(o: TableOutcomes): void {
    const g = this.game;
    const dt = this.dt;
    const { n, realizations: R } = g;
    const { reward, transProb } = this.mdp;
    const a = dt.agent;
    const A = dt.reports;
    const q = this.q;
    let t = 0;
    for (let na = 0; na < dt.nodes * A; na++) {
      const node = Math.floor(na / A);
      let rew = 0;
      for (let bi = dt.branchStart[na]; bi < dt.branchStart[na + 1]; bi++) {
        const row = dt.branchRow[bi];
        const pb = dt.branchProb[bi];
        realizationProbs(g, o.x, row, q);
        let v = -o.p[row * n + a];
        for (let k = 0; k < R; k++) {
          v += q[k] * dt.ownGain[node * R + k];
          for (let e = dt.edgeStart[bi * R + k]; e < dt.edgeStart[bi * R + k + 1]; e++)
            transProb[t++] = pb * q[k] * dt.edgeProb[e];
        }
        rew += pb * v;
      }
      reward[na] = rew;
    }
  }

  /**
   * Adds scale·∂(Σ_k P(k)·V^π(root_k))/∂(x, p) into (gx, gp) for the fixed policy pi with value
   * V (from evaluatePolicy at the same outcomes): the occupancy-weighted derivative of each
   * (node, report)'s reward and transition probabilities (the policy gradient theorem with θ
   * in the environment instead of the policy).
   */
  valueGradient(
    o: TableOutcomes,
    pi: Float64Array,
    V: Float64Array,
    scale: number,
    gx: Float64Array,
    gp: Float64Array,
  ): void {
    const g = this.game;
    const dt = this.dt;
    const { n, realizations: R, gamma } = g;
    const A = dt.reports;
    const mu = occupancy(this.mdp, pi);
    const q = this.q;
    for (let node = 0; node < dt.nodes; node++) {
      if (mu[node] === 0) continue;
      for (let r = 0; r < A; r++) {
        const na = node * A + r;
        const w = scale * mu[node] * pi[na];
        if (w === 0) continue;
        for (let bi = dt.branchStart[na]; bi < dt.branchStart[na + 1]; bi++) {
          const row = dt.branchRow[bi];
          const wb = w * dt.branchProb[bi];
          gp[row * n + dt.agent] -= wb;
          realizationProbs(g, o.x, row, q);
          for (let k = 0; k < R; k++) {
            let cont = 0;
            for (let e = dt.edgeStart[bi * R + k]; e < dt.edgeStart[bi * R + k + 1]; e++)
              cont += dt.edgeProb[e] * V[dt.edgeChild[e]];
            addDq(g, o.x, gx, row, k, wb * (dt.ownGain[node * R + k] + gamma * cont));
          }
        }
      }
    }
  }
}
