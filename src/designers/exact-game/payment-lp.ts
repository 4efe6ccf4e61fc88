// Revenue-optimal payments for a FIXED allocation rule, by one linear program (HiGHS).
//
// With the allocation probabilities x fixed, every reach probability is fixed, so the
// truthful utilities, the revenue and the deviator's Bellman inequalities are all linear in
// the payments. Upper-bound variables W_i(node) on the deviator's value (as in the LP optimum,
// docs/lp-optimum.md) turn "truth is a best response" into linear rows:
//   W_i(node) ≥ Σ_o P(o) [Σ_k q_k (g_k + γ Σ_e p_e W_i(child_e)) − p_i(row_o)]   every report r,
//   W_i(root_k) ≤ U_i(k)            (interim IC: no deviation beats truth, per initial type),
//   U_i(k) ≥ 0                      (interim IR),
// maximise the expected discounted revenue Σ_row reach(row) Σ_i p_i(row). |p| ≤ B keeps
// payments at zero-probability rows bounded (the solution is a real mechanism).
//
// The optimum is the best revenue ANY payment rule can reach with this allocation rule while
// keeping the mechanism exactly IC and IR (exploitability 0 up to the LP tolerances) under the
// evaluator's information model — the inner problem of a bilevel design (outer: allocation).
//
// Participation notions (src/mechanisms/participation.ts) change the rows, never their order
// (the gradient reads duals by position): subsidies=none is a bound on p; ex-post adds rows
// p ≤ report × allocation at the end; ex-ante
// makes the interim IR rows vacuous and adds one averaged row per agent at the end; periodic
// adds, after them, lower-bound rows L_i(node) ≤ truthful continuation, L ≥ 0, on the deviation
// tree's nodes reached under truthful play (as in src/designers/lp/history-lp.ts); periodic and
// ex-post also bound W ≥ 0 below the roots (the deviator may quit for good). The gradient
// (sweep.ts) takes the periodic and ex-post rows' multipliers too, with the set of nodes on the
// truthful path held fixed (it changes only where an allocation probability reaches 0).
import { DEFAULT_PARTICIPATION, type Participation } from "../../mechanisms/participation.js";
import { LpBuilder, solveMax } from "../lp/sparse-lp.js";
import type { CompiledGame } from "../compiled-game/compiled-game.js";

export interface PaymentLpResult {
  /** Expected discounted revenue of the optimal payments (truthful agents). */
  revenue: number;
  /** The LP objective: revenue − M·Σ P_i(k)·s_ik (equal to revenue when IC holds exactly). */
  objective: number;
  /** IC slack s_ik: how much agent i with initial state k may gain by deviating (≥ 0). */
  icSlack: number[][];
  /** p[row·n + i]. */
  p: Float64Array;
  /** The deviator's value bounds W_i(node) at the optimum (one array per agent). */
  W: Float64Array[];
  /** Multipliers λ ≥ 0 of the Bellman rows, per agent, indexed node·reports + r. */
  bellmanDual: Float64Array[];
  /** Ex-post: multipliers of the rows p_i(row) ≤ Σ_j report_ij·x_ij(row), at row·n + i. */
  exPostDual?: Float64Array;
  /** Periodic: per agent, the rows' nodes, the bounds L at every node (0 off the truthful
   * path) and the multipliers of the rows L(node) ≤ truthful continuation. */
  periodic?: { agent: number; nodes: Int32Array; L: Float64Array; dual: Float64Array }[];
  /** Multipliers of the interim IR and IC rows, [agent][initial state]. */
  irDual: number[][];
  icDual: number[][];
  columns: number;
  rows: number;
  seconds: number;
}

/** Probability of reaching each truthful node from each root (rows: roots). */
function truthfulReach(g: CompiledGame, x: Float64Array): Float64Array[] {
  const t = g.truth;
  const { m, n, realizations: R, winners } = g;
  return Array.from(t.roots, (root) => {
    const reach = new Float64Array(t.nodes);
    reach[root] = 1;
    for (let node = root; node < t.nodes; node++) {
      const rn = reach[node];
      if (rn === 0) continue;
      const base = t.row[node] * m * (n + 1);
      for (let k = 0; k < R; k++) {
        let q = 1;
        for (let j = 0; j < m; j++) q *= x[base + j * (n + 1) + winners[k * m + j]];
        if (q === 0) continue;
        for (let e = t.edgeStart[node * R + k]; e < t.edgeStart[node * R + k + 1]; e++)
          reach[t.edgeChild[e]] += rn * q * g.gamma * t.edgeProb[e];
      }
    }
    return reach;
  });
}

export async function optimalPayments(
  g: CompiledGame,
  x: Float64Array,
  opts: {
    bound?: number;
    timeLimit?: number;
    icPenalty?: number;
    participation?: Participation;
  } = {},
): Promise<PaymentLpResult> {
  const part = opts.participation ?? DEFAULT_PARTICIPATION;
  const exitIc = part.ir === "periodic" || part.ir === "ex-post";
  const t0 = performance.now();
  const { m, n, realizations: R, winners, gamma } = g;
  const t = g.truth;
  const rowsCount = g.rowKeys.length;
  const space = g.problem.typeSpace(0);
  const vmax = space.kind === "discrete" ? Math.max(...space.grid) : space.hi;
  let horizonWeight = 0;
  for (let s = 0; s < g.problem.horizon; s++) horizonWeight += Math.pow(gamma, s);
  const B = opts.bound ?? vmax * horizonWeight;
  const lp = new LpBuilder();
  const pCol = lp.addCols(rowsCount * n, part.subsidies === "none" ? 0 : -B, B); // p[row, i] at pCol + row·n + i
  // Elastic IC (optional): W_i(root_k) ≤ U_i(k) + s_ik with s ≥ 0 costing M·P_i(k), so that the LP
  // is feasible for every allocation (not every allocation rule is implementable); s = 0 at the
  // optimum whenever M exceeds the IC multipliers and the allocation is implementable.
  const M = opts.icPenalty ?? Infinity;
  const slackCol = Number.isFinite(M)
    ? g.initProb.map((ps) =>
        ps.map((pk) => {
          const c = lp.addCols(1, 0, Infinity);
          lp.colCost[c] = -M * pk;
          return c;
        }),
      )
    : undefined;
  const q = new Float64Array(R);
  const probs = (row: number) => {
    const base = row * m * (n + 1);
    for (let k = 0; k < R; k++) {
      let v = 1;
      for (let j = 0; j < m; j++) v *= x[base + j * (n + 1) + winners[k * m + j]];
      q[k] = v;
    }
  };
  // Truthful: U_i(k) = C_ik − Σ_row R_ik(row) p_i(row); revenue = Σ_row reach(row) Σ_i p_i(row).
  const reach = truthfulReach(g, x);
  const payReach = new Float64Array(rowsCount); // total reach per row (revenue coefficients)
  const C = g.initProb.map((ps) => ps.map(() => 0));
  const Rik = g.initProb.map((ps) => ps.map(() => new Map<number, number>()));
  t.roots.forEach((_, r) => {
    const pr = t.rootProb[r];
    for (let node = 0; node < t.nodes; node++) {
      const rn = reach[r][node];
      if (rn === 0) continue;
      const row = t.row[node];
      payReach[row] += pr * rn;
      probs(row);
      for (let i = 0; i < n; i++) {
        const k0 = t.rootInit[r * n + i];
        const w = (pr / g.initProb[i][k0]) * rn;
        let gain = 0;
        for (let k = 0; k < R; k++) gain += q[k] * t.gain[(node * R + k) * n + i];
        C[i][k0] += w * gain;
        const map = Rik[i][k0];
        map.set(row, (map.get(row) ?? 0) + w);
      }
    }
  });
  for (let row = 0; row < rowsCount; row++)
    for (let i = 0; i < n; i++) lp.colCost[pCol + row * n + i] = payReach[row];
  // IR: Σ R_ik p ≤ C_ik.
  const irRow = Rik.map((maps, i) =>
    maps.map((map, k) => {
      const cols = [...map.keys()].map((row) => pCol + row * n + i);
      // Ex-ante: the per-type row is kept (dual positions) but made vacuous.
      return lp.addRow(-Infinity, part.ir === "ex-ante" ? Infinity : C[i][k], cols, [
        ...map.values(),
      ]);
    }),
  );
  const icRow: number[][] = [];
  const wCols: number[] = [];
  // Deviator's Bellman inequalities and interim IC.
  for (const dt of g.dev) {
    const i = dt.agent;
    // Periodic and ex-post: W ≥ 0 below the roots, i.e. the deviator may also quit for good.
    const wCol = lp.addCols(dt.nodes, exitIc ? 0 : -Infinity, Infinity);
    if (exitIc) for (const root of dt.roots) lp.colLower[wCol + root] = -Infinity;
    wCols.push(wCol);
    const nr = dt.reports;
    for (let node = 0; node < dt.nodes; node++) {
      for (let r = 0; r < nr; r++) {
        const cols = [wCol + node];
        const coefs = [1];
        let rhs = 0;
        const br = node * nr + r;
        for (let bi = dt.branchStart[br]; bi < dt.branchStart[br + 1]; bi++) {
          const row = dt.branchRow[bi];
          const po = dt.branchProb[bi];
          probs(row);
          cols.push(pCol + row * n + i);
          coefs.push(po);
          for (let k = 0; k < R; k++) {
            if (q[k] === 0) continue;
            rhs += po * q[k] * dt.ownGain[node * R + k];
            for (let e = dt.edgeStart[bi * R + k]; e < dt.edgeStart[bi * R + k + 1]; e++) {
              cols.push(wCol + dt.edgeChild[e]);
              coefs.push(-po * q[k] * gamma * dt.edgeProb[e]);
            }
          }
        }
        lp.addRow(rhs, Infinity, cols, coefs);
      }
    }
    icRow.push(
      Array.from(dt.roots, (root, k) => {
        const map = Rik[i][k];
        const cols = [wCol + root, ...[...map.keys()].map((row) => pCol + row * n + i)];
        const coefs = [1, ...map.values()];
        if (slackCol) {
          cols.push(slackCol[i][k]);
          coefs.push(-1);
        }
        return lp.addRow(-Infinity, C[i][k], cols, coefs);
      }),
    );
  }
  const bellmanFirst = irRow.flat().length; // Bellman rows follow the IR rows, agent by agent
  const exAnteRow =
    part.ir === "ex-ante"
      ? Rik.map((maps, i) => {
          // Σ_k P_i(k)·U_i(k) ≥ 0, i.e. Σ_k P_i(k) Σ_row R_ik(row) p_i(row) ≤ Σ_k P_i(k) C_ik.
          const cols: number[] = [];
          const coefs: number[] = [];
          let rhs = 0;
          maps.forEach((map, k) => {
            const pk = g.initProb[i][k];
            rhs += pk * C[i][k];
            for (const [row, w] of map) {
              cols.push(pCol + row * n + i);
              coefs.push(pk * w);
            }
          });
          return lp.addRow(-Infinity, rhs, cols, coefs);
        })
      : undefined;
  const periodicRows = part.ir === "periodic" ? addPeriodicRows(g, lp, pCol, probs, q) : undefined;
  // Ex-post: p_i(row) ≤ Σ_j report_ij·x_ij(row), the reports read off the row's key; rows, not
  // bounds, so that their multipliers give the gradient's term in x.
  const exPostFirst = lp.numRows;
  if (part.ir === "ex-post")
    g.rowKeys.forEach((key, row) => {
      const reports = key
        .slice(key.lastIndexOf("|") + 1)
        .split(",")
        .map(Number);
      for (let i = 0; i < n; i++) {
        let worth = 0;
        for (let j = 0; j < m; j++)
          worth += reports[i * m + j] * x[row * m * (n + 1) + j * (n + 1) + i];
        lp.addRow(-Infinity, worth, [pCol + row * n + i], [1]);
      }
    });
  const sol = await solveMax(lp, { timeLimit: opts.timeLimit });
  const dual = (r: number) => Math.abs(sol.rowDual[r]);
  let at = bellmanFirst;
  const bellmanDual = g.dev.map((dt) => {
    const y = new Float64Array(dt.nodes * dt.reports);
    for (let k = 0; k < y.length; k++) y[k] = dual(at++);
    at += dt.roots.length; // this agent's IC rows
    return y;
  });
  const icSlack = slackCol
    ? slackCol.map((cs) => cs.map((c) => sol.x[c]))
    : g.initProb.map((ps) => ps.map(() => 0));
  let revenue = 0;
  for (let row = 0; row < rowsCount; row++)
    for (let i = 0; i < n; i++) revenue += payReach[row] * sol.x[pCol + row * n + i];
  return {
    revenue,
    objective: sol.objective,
    icSlack,
    p: Float64Array.from(sol.x.subarray(pCol, pCol + rowsCount * n)),
    W: g.dev.map((dt, i) => Float64Array.from(sol.x.subarray(wCols[i], wCols[i] + dt.nodes))),
    bellmanDual,
    // Ex-ante: the averaged row's multiplier, spread over the types by their probabilities.
    irDual: exAnteRow
      ? exAnteRow.map((r, i) => g.initProb[i].map((pk) => pk * dual(r)))
      : irRow.map((rs) => rs.map(dual)),
    icDual: icRow.map((rs) => rs.map(dual)),
    exPostDual:
      part.ir === "ex-post"
        ? Float64Array.from({ length: rowsCount * n }, (_, k) => dual(exPostFirst + k))
        : undefined,
    periodic: periodicRows?.map((pr) => {
      const L = new Float64Array(g.dev[pr.agent].nodes);
      pr.nodes.forEach((node, k) => (L[node] = sol.x[pr.cols[k]]));
      return {
        agent: pr.agent,
        nodes: pr.nodes,
        L,
        dual: Float64Array.from(pr.rows, (r) => dual(r)),
      };
    }),
    columns: lp.numCols,
    rows: lp.numRows,
    seconds: (performance.now() - t0) / 1000,
  };
}

/**
 * Periodic rows: for each agent, on the deviation-tree nodes reached under truthful play,
 * L(node) ≤ Σ_b po_b [Σ_k q_k (ownGain_k + γ Σ_e P_e L(child_e)) − p_i(row_b)] with L ≥ 0, the
 * report being the truthful one; L is then a lower bound on the truthful continuation utility.
 */
function addPeriodicRows(
  g: CompiledGame,
  lp: LpBuilder,
  pCol: number,
  probs: (row: number) => void,
  q: Float64Array,
): { agent: number; nodes: Int32Array; cols: number[]; rows: number[] }[] {
  const { n, realizations: R, gamma } = g;
  const out: { agent: number; nodes: Int32Array; cols: number[]; rows: number[] }[] = [];
  for (const dt of g.dev) {
    const i = dt.agent;
    const nr = dt.reports;
    // Nodes reached under truthful play with this allocation (depth-first).
    const reached = new Uint8Array(dt.nodes);
    dt.roots.forEach((root, k) => {
      if (g.initProb[i][k] > 0) reached[root] = 1;
    });
    const lCol = new Int32Array(dt.nodes).fill(-1);
    const order: number[] = [];
    const stack = [...dt.roots].filter((root) => reached[root]);
    while (stack.length) {
      const node = stack.pop()!;
      order.push(node);
      const br = node * nr + dt.truthReport[node];
      for (let bi = dt.branchStart[br]; bi < dt.branchStart[br + 1]; bi++) {
        if (dt.branchProb[bi] === 0) continue;
        probs(dt.branchRow[bi]);
        for (let k = 0; k < R; k++) {
          if (q[k] === 0) continue;
          for (let e = dt.edgeStart[bi * R + k]; e < dt.edgeStart[bi * R + k + 1]; e++) {
            const child = dt.edgeChild[e];
            if (dt.edgeProb[e] > 0 && !reached[child]) {
              reached[child] = 1;
              stack.push(child);
            }
          }
        }
      }
    }
    for (const node of order) lCol[node] = lp.addCols(1, 0, Infinity);
    const rows: number[] = [];
    for (const node of order) {
      const cols = [lCol[node]];
      const coefs = [-1];
      let rhs = 0;
      const br = node * nr + dt.truthReport[node];
      for (let bi = dt.branchStart[br]; bi < dt.branchStart[br + 1]; bi++) {
        const po = dt.branchProb[bi];
        if (po === 0) continue;
        const row = dt.branchRow[bi];
        probs(row);
        cols.push(pCol + row * n + i);
        coefs.push(-po);
        for (let k = 0; k < R; k++) {
          if (q[k] === 0) continue;
          rhs -= po * q[k] * dt.ownGain[node * R + k];
          for (let e = dt.edgeStart[bi * R + k]; e < dt.edgeStart[bi * R + k + 1]; e++) {
            if (dt.edgeProb[e] === 0) continue;
            cols.push(lCol[dt.edgeChild[e]]);
            coefs.push(po * q[k] * gamma * dt.edgeProb[e]);
          }
        }
      }
      rows.push(lp.addRow(rhs, Infinity, cols, coefs));
    }
    out.push({
      agent: i,
      nodes: Int32Array.from(order),
      cols: order.map((node) => lCol[node]),
      rows,
    });
  }
  return out;
}
