// Exact expectations, exact best responses and their adjoints over a compiled game
// (../compiled-game/), for a tabular mechanism given as arrays of allocation probabilities
// x[row, j, i] and payments p[row, i].
//
// Truthful values (Inverse Games eq. 1): V(node) = Σ_k q_k(x_row)·[r_k + γ Σ_e p_e V(child_e)] for the
// vector r = (revenue Σ_i p_i, u_1 … u_n), with q_k = Π_j x[row, j, w_kj] (realized winners).
// Best response of agent i (backward induction, the exact evaluator's information model):
// W(node) = max_r Q(node, r), Q(node, r) = Σ_o P(o)·Σ_k q_k·[g_k − p_i + γ Σ_e p_e W(child_e)].
// With `temperature` τ > 0 the max becomes τ·log Σ_r exp(Q_r / τ) (a smooth upper bound on the
// max, so the smoothed regret is never below the exact one).
//
// Regret ψ_i = Σ_k P_i(k)·W_i(root_k) − U_i (Inverse Games eq. 2 with the deviation chosen exactly).
// Adjoints: the gradient of max is the gradient at the maximiser (Danskin); reach adjoints
// flow from the roots to the leaves, layer by layer (node ids are in layer order).
import type { Estimates, LossCoefficients } from "../inverse-game/oracle.js";
import type { CompiledGame, DeviationTree } from "../compiled-game/compiled-game.js";

export interface TableOutcomes {
  /** x[row·m(n+1) + j(n+1) + i], i = n is "nobody". */
  x: Float64Array;
  /** p[row·n + i]. */
  p: Float64Array;
}

export interface SweepResult {
  est: Estimates;
  /** W_i per initial state (the exact best-response value). */
  bestResponse: number[][];
}

interface State {
  V: Float64Array;
  W: Float64Array[];
  /** Q values per (node, report) of each deviation tree (for the backward pass). */
  Q: Float64Array[];
}

/** q_k for every realization k of one row. */
export function realizationProbs(
  g: CompiledGame,
  x: Float64Array,
  row: number,
  q: Float64Array,
): void {
  const { m, n, realizations: R, winners } = g;
  const base = row * m * (n + 1);
  for (let k = 0; k < R; k++) {
    let v = 1;
    for (let j = 0; j < m; j++) v *= x[base + j * (n + 1) + winners[k * m + j]];
    q[k] = v;
  }
}

/** gx[row, j, w_kj] += s · Π_{j' ≠ j} x[row, j', w_kj'] (the derivative of q_k). */
export function addDq(
  g: CompiledGame,
  x: Float64Array,
  gx: Float64Array,
  row: number,
  k: number,
  s: number,
) {
  const { m, n, winners } = g;
  const base = row * m * (n + 1);
  for (let j = 0; j < m; j++) {
    let v = s;
    for (let jj = 0; jj < m; jj++) if (jj !== j) v *= x[base + jj * (n + 1) + winners[k * m + jj]];
    gx[base + j * (n + 1) + winners[k * m + j]] += v;
  }
}

export class GameSweep {
  private state?: State;
  private readonly q: Float64Array;

  constructor(
    readonly game: CompiledGame,
    readonly temperature = 0,
  ) {
    this.q = new Float64Array(game.realizations);
  }

  /** Exact estimates at the given outcomes (keeps what `backward` needs). */
  forward(o: TableOutcomes): SweepResult {
    const g = this.game;
    const { n, realizations: R, gamma } = g;
    const t = g.truth;
    const d = 1 + n;
    const V = new Float64Array(t.nodes * d);
    const q = this.q;
    for (let node = t.nodes - 1; node >= 0; node--) {
      const row = t.row[node];
      realizationProbs(g, o.x, row, q);
      const out = node * d;
      for (let i = 0; i < n; i++) {
        V[out] += o.p[row * n + i];
        V[out + 1 + i] -= o.p[row * n + i];
      }
      for (let k = 0; k < R; k++) {
        const qk = q[k];
        if (qk === 0) continue;
        const gb = (node * R + k) * n;
        for (let i = 0; i < n; i++) V[out + 1 + i] += qk * t.gain[gb + i];
        for (let e = t.edgeStart[node * R + k]; e < t.edgeStart[node * R + k + 1]; e++) {
          const w = qk * gamma * t.edgeProb[e];
          const c = t.edgeChild[e] * d;
          for (let c2 = 0; c2 < d; c2++) V[out + c2] += w * V[c + c2];
        }
      }
    }
    let revenue = 0;
    const interim = g.initProb.map((ps) => ps.map(() => 0));
    for (let r = 0; r < t.roots.length; r++) {
      const base = t.roots[r] * d;
      revenue += t.rootProb[r] * V[base];
      for (let i = 0; i < n; i++) {
        const k = t.rootInit[r * n + i];
        interim[i][k] += (t.rootProb[r] / g.initProb[i][k]) * V[base + 1 + i];
      }
    }
    const utility = interim.map((hs, i) => hs.reduce((s, h, k) => s + g.initProb[i][k] * h, 0));
    const W: Float64Array[] = [];
    const Q: Float64Array[] = [];
    const bestResponse = g.dev.map((dt) => {
      const { W: w, Q: qq } = this.deviationForward(dt, o);
      W.push(w);
      Q.push(qq);
      return Array.from(dt.roots, (root) => w[root]);
    });
    const regret = bestResponse.map(
      (ws, i) => ws.reduce((s, w, k) => s + g.initProb[i][k] * w, 0) - utility[i],
    );
    this.state = { V, W, Q };
    return {
      est: { revenue, utility, interim, interimProb: g.initProb, regret, exact: true },
      bestResponse,
    };
  }

  private deviationForward(dt: DeviationTree, o: TableOutcomes) {
    const g = this.game;
    const { n, realizations: R, gamma } = g;
    const nr = dt.reports;
    const W = new Float64Array(dt.nodes);
    const Q = new Float64Array(dt.nodes * nr);
    const q = this.q;
    const a = dt.agent;
    for (let node = dt.nodes - 1; node >= 0; node--) {
      for (let r = 0; r < nr; r++) {
        let val = 0;
        const br = node * nr + r;
        for (let bi = dt.branchStart[br]; bi < dt.branchStart[br + 1]; bi++) {
          const row = dt.branchRow[bi];
          realizationProbs(g, o.x, row, q);
          let v = -o.p[row * n + a];
          for (let k = 0; k < R; k++) {
            const qk = q[k];
            if (qk === 0) continue;
            let cont = 0;
            for (let e = dt.edgeStart[bi * R + k]; e < dt.edgeStart[bi * R + k + 1]; e++)
              cont += dt.edgeProb[e] * W[dt.edgeChild[e]];
            v += qk * (dt.ownGain[node * R + k] + gamma * cont);
          }
          val += dt.branchProb[bi] * v;
        }
        Q[br] = val;
      }
      W[node] = this.softMax(Q, node * nr, nr);
    }
    return { W, Q };
  }

  private softMax(Q: Float64Array, at: number, len: number): number {
    let mx = -Infinity;
    for (let r = 0; r < len; r++) mx = Math.max(mx, Q[at + r]);
    const tau = this.temperature;
    if (tau <= 0) return mx;
    let s = 0;
    for (let r = 0; r < len; r++) s += Math.exp((Q[at + r] - mx) / tau);
    return mx + tau * Math.log(s);
  }

  /** Weights of each report in the (soft) best response: one-hot on the first maximiser. */
  private policy(Q: Float64Array, at: number, len: number, out: Float64Array): void {
    const tau = this.temperature;
    let best = 0;
    for (let r = 1; r < len; r++) if (Q[at + r] > Q[at + best] + 1e-12) best = r;
    if (tau <= 0) {
      out.fill(0);
      out[best] = 1;
      return;
    }
    let s = 0;
    for (let r = 0; r < len; r++) s += out[r] = Math.exp((Q[at + r] - Q[at + best]) / tau);
    for (let r = 0; r < len; r++) out[r] /= s;
  }

  /** ∂loss/∂x and ∂loss/∂p for the loss with these coefficients on the last forward's estimates. */
  backward(o: TableOutcomes, coef: LossCoefficients): { gx: Float64Array; gp: Float64Array } {
    if (!this.state) throw new Error("backward before forward");
    const g = this.game;
    const { n, realizations: R, gamma } = g;
    const gx = new Float64Array(o.x.length);
    const gp = new Float64Array(o.p.length);
    const { V } = this.state;
    const t = g.truth;
    const d = 1 + n;
    // ψ_i = Σ_k P_i(k) W_i(k) − U_i: the regret coefficient also acts on U_i with a minus sign.
    const coefU = coef.utility.map((c, i) => c - coef.regret[i]);
    const L = new Float64Array(t.nodes * d);
    for (let r = 0; r < t.roots.length; r++) {
      const base = t.roots[r] * d;
      const pr = t.rootProb[r];
      L[base] += pr * coef.revenue;
      for (let i = 0; i < n; i++) {
        const k = t.rootInit[r * n + i];
        L[base + 1 + i] += pr * (coefU[i] + coef.interim[i][k] / g.initProb[i][k]);
      }
    }
    const q = this.q;
    for (let node = 0; node < t.nodes; node++) {
      const at = node * d;
      let any = false;
      for (let c = 0; c < d; c++) if (L[at + c] !== 0) any = true;
      if (!any) continue;
      const row = t.row[node];
      for (let i = 0; i < n; i++) gp[row * n + i] += L[at] - L[at + 1 + i];
      realizationProbs(g, o.x, row, q);
      for (let k = 0; k < R; k++) {
        // s = λ · (r_k + γ Σ_e p_e V(child_e)), the derivative with respect to q_k.
        let s = 0;
        const gb = (node * R + k) * n;
        for (let i = 0; i < n; i++) s += L[at + 1 + i] * t.gain[gb + i];
        for (let e = t.edgeStart[node * R + k]; e < t.edgeStart[node * R + k + 1]; e++) {
          const c = t.edgeChild[e] * d;
          let dot = 0;
          for (let c2 = 0; c2 < d; c2++) dot += L[at + c2] * V[c + c2];
          s += gamma * t.edgeProb[e] * dot;
          const w = q[k] * gamma * t.edgeProb[e];
          if (w !== 0) for (let c2 = 0; c2 < d; c2++) L[c + c2] += w * L[at + c2];
        }
        addDq(g, o.x, gx, row, k, s);
      }
    }
    g.dev.forEach((dt, i) => {
      if (coef.regret[i] !== 0) this.deviationBackward(dt, i, o, coef.regret[i], gx, gp);
    });
    return { gx, gp };
  }

  private deviationBackward(
    dt: DeviationTree,
    i: number,
    o: TableOutcomes,
    c: number,
    gx: Float64Array,
    gp: Float64Array,
  ): void {
    const g = this.game;
    const { n, realizations: R, gamma } = g;
    const { W: Ws, Q: Qs } = this.state!;
    const W = Ws[i];
    const Q = Qs[i];
    const nr = dt.reports;
    const mu = new Float64Array(dt.nodes);
    dt.roots.forEach((root, k) => (mu[root] += c * g.initProb[i][k]));
    const pi = new Float64Array(nr);
    const q = this.q;
    for (let node = 0; node < dt.nodes; node++) {
      if (mu[node] === 0) continue;
      this.policy(Q, node * nr, nr, pi);
      for (let r = 0; r < nr; r++) {
        if (pi[r] === 0) continue;
        const a = mu[node] * pi[r];
        const br = node * nr + r;
        for (let bi = dt.branchStart[br]; bi < dt.branchStart[br + 1]; bi++) {
          const row = dt.branchRow[bi];
          const ab = a * dt.branchProb[bi];
          gp[row * n + i] -= ab;
          realizationProbs(g, o.x, row, q);
          for (let k = 0; k < R; k++) {
            let cont = 0;
            for (let e = dt.edgeStart[bi * R + k]; e < dt.edgeStart[bi * R + k + 1]; e++) {
              cont += dt.edgeProb[e] * W[dt.edgeChild[e]];
              if (q[k] !== 0) mu[dt.edgeChild[e]] += ab * q[k] * gamma * dt.edgeProb[e];
            }
            addDq(g, o.x, gx, row, k, ab * (dt.ownGain[node * R + k] + gamma * cont));
          }
        }
      }
    }
  }
}

/**
 * ∂R/∂x of the payment LP's optimal revenue R(x) (payment-lp.ts) by the envelope theorem: the
 * derivative of the LP's Lagrangian at its optimum (payments p*, value bounds W*, multipliers
 * λ ≥ 0), cᵀz + Σ_Bellman λ (W − Q) + Σ_IR λ U + Σ_IC λ (U − W). The truthful part is the
 * truthful backward sweep (revenue and interim utilities at fixed p*); a Bellman row's part is
 * −λ·∂Q(node, r)/∂x with the children's W* held fixed (they are LP variables, not functions of x).
 */
export function paymentLpGradient(
  sweep: GameSweep,
  x: Float64Array,
  lp: {
    p: Float64Array;
    W: Float64Array[];
    bellmanDual: Float64Array[];
    irDual: number[][];
    icDual: number[][];
    exPostDual?: Float64Array;
    periodic?: { agent: number; nodes: Int32Array; L: Float64Array; dual: Float64Array }[];
  },
): Float64Array {
  const g = sweep.game;
  const o = { x, p: lp.p };
  sweep.forward(o);
  const coef = {
    revenue: 1,
    utility: g.initProb.map(() => 0),
    interim: lp.irDual.map((ys, i) => ys.map((y, k) => y + lp.icDual[i][k])),
    regret: g.initProb.map(() => 0),
  };
  const { gx } = sweep.backward(o, coef);
  const { realizations: R, gamma } = g;
  const q = new Float64Array(R);
  g.dev.forEach((dt, i) => {
    const W = lp.W[i];
    const y = lp.bellmanDual[i];
    for (let br = 0; br < y.length; br++) {
      if (y[br] === 0) continue;
      const node = Math.floor(br / dt.reports);
      for (let bi = dt.branchStart[br]; bi < dt.branchStart[br + 1]; bi++) {
        const row = dt.branchRow[bi];
        const a = -y[br] * dt.branchProb[bi];
        realizationProbs(g, x, row, q);
        for (let k = 0; k < R; k++) {
          let cont = 0;
          for (let e = dt.edgeStart[bi * R + k]; e < dt.edgeStart[bi * R + k + 1]; e++)
            cont += dt.edgeProb[e] * W[dt.edgeChild[e]];
          addDq(g, x, gx, row, k, a * (dt.ownGain[node * R + k] + gamma * cont));
        }
      }
    }
  });
  participationGradient(g, x, gx, lp);
  return gx;
}

/**
 * Participation rows' part of ∇R(x) (payment-lp.ts): ex-post rows p ≤ Σ_j report_j·x_j add
 * λ·report_j; periodic rows L(node) ≤ Σ_b po [Σ_k q_k (gain_k + γ Σ_e P_e L(child_e)) − p] add
 * μ·po·∂q_k·(gain_k + γ Σ_e P_e L(child_e)).
 */
function participationGradient(
  g: CompiledGame,
  x: Float64Array,
  gx: Float64Array,
  lp: {
    exPostDual?: Float64Array;
    periodic?: { agent: number; nodes: Int32Array; L: Float64Array; dual: Float64Array }[];
  },
): void {
  const { n, m, realizations: R, gamma } = g;
  if (lp.exPostDual)
    for (let row = 0; row < g.rowKeys.length; row++)
      for (let i = 0; i < n; i++) {
        const d = lp.exPostDual[row * n + i];
        if (d === 0) continue;
        const key = g.rowKeys[row];
        const reports = key
          .slice(key.lastIndexOf("|") + 1)
          .split(",")
          .map(Number);
        for (let j = 0; j < m; j++)
          gx[row * m * (n + 1) + j * (n + 1) + i] += d * reports[i * m + j];
      }
  const q = new Float64Array(R);
  for (const pr of lp.periodic ?? []) {
    const dt = g.dev.find((d) => d.agent === pr.agent)!;
    pr.nodes.forEach((node, at) => {
      const mu = pr.dual[at];
      if (mu === 0) return;
      const br = node * dt.reports + dt.truthReport[node];
      for (let bi = dt.branchStart[br]; bi < dt.branchStart[br + 1]; bi++) {
        const row = dt.branchRow[bi];
        const a = mu * dt.branchProb[bi];
        if (a === 0) continue;
        realizationProbs(g, x, row, q);
        for (let k = 0; k < R; k++) {
          let cont = 0;
          for (let e = dt.edgeStart[bi * R + k]; e < dt.edgeStart[bi * R + k + 1]; e++)
            cont += dt.edgeProb[e] * pr.L[dt.edgeChild[e]];
          addDq(g, x, gx, row, k, a * (dt.ownGain[node * R + k] + gamma * cont));
        }
      }
    });
  }
}
