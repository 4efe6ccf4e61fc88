// The LP of the revenue-optimal BIC + interim-IR mechanism over public histories, in sequence
// form (docs/lp-optimum.md has the derivation). Variables, for every public history h of
// depth τ, report profile r and winner c:
//   y[h,r,c] = P(the mechanism's realized winners along h, then c | the reports along h, then r)
//            = y[h]·x_c(h, r), with y[root] = 1 and y[h'] = y[h,r,c] for the child h' = (h, r, c);
//   z[h,r,i] = y[h]·p_i(h, r)            (payment scaled by the history's winner probability);
//   ω[i,h,k] ≥ y[h]·W_i(h, grid[k])      (upper bound on a deviator's continuation value);
//   u[i,k]   = agent i's truthful interim utility with initial value grid[k].
// Nature's probabilities (prior, transitions) multiply in as constants, so every constraint is
// linear.
//
// Participation notions (src/mechanisms/participation.ts) add rows:
//   ex-ante:  Σ_k P0(k)·u[i,k] ≥ 0 replaces u[i,k] ≥ 0;
//   periodic: L[i,h,k] ≥ 0 with L[i,h,k] ≤ Σ_{v−i} P(v−i | h) [Σ_c reward_i(c,k)·y[h,r,c] − z[h,r,i]
//             + γ Σ_c Σ_k'' P(k'' | k, c) L[i,(h,r,c),k'']], r = (k, v−i): a lower bound on
//             y[h]·(truthful continuation utility), so L ≥ 0 forces it ≥ 0 at every h, k with
//             P(k | h) > 0 (and L = that utility is feasible whenever it is ≥ 0);
//   ex-post:  z[h,r,i] ≤ Σ_c reward_i(c, k_i(r))·y[h,r,c] (payment ≤ report × allocation);
//   no subsidies: z[h,r,i] ≥ 0;
// and periodic and ex-post make ω ≥ 0 after the first period: IC against deviators who may
// also quit for good (value 0 from then on), which periodic participation alone does not give
// (a lie can lead to a history where the truthful continuation is negative for the liar).
import type { Participation } from "../../mechanisms/participation.js";
import type { HistoryTree } from "../compiled-game/history-tree.js";
import { LpBuilder } from "./sparse-lp.js";

export interface HistoryLp {
  lp: LpBuilder;
  /** First column of the periodic bounds L at each depth (empty unless ir = periodic). */
  lBase: number[];
  /** First column of y / z / ω at each depth, and of u. */
  yBase: number[];
  zBase: number[];
  wBase: number[];
  uBase: number;
  /** Revenue coefficient of each column (the objective is revenue minus costs). */
  revenueCoef: Float64Array;
}

export interface HistoryLpOptions {
  /** |p_i(h, r)| ≤ paymentBound; keeps payments at zero-probability histories at zero. */
  paymentBound: number;
  onRow?: (depth: number) => void;
  /** Participation notion (default interim, subsidies allowed). */
  participation?: Participation;
}

export function buildHistoryLp(tree: HistoryTree, opts: HistoryLpOptions): HistoryLp {
  const { n, T, gamma, K, R, W, digit, nodes, nature, mu, count, trans, reward, cost } = tree;
  const B = opts.paymentBound;
  const ir = opts.participation?.ir ?? "interim";
  const zLow = opts.participation?.subsidies === "none" ? 0 : -Infinity;
  const exitIc = ir === "periodic" || ir === "ex-post";
  const lp = new LpBuilder();
  const yBase: number[] = [];
  const zBase: number[] = [];
  const wBase: number[] = [];
  for (let tau = 0; tau < T; tau++) {
    yBase.push(lp.addCols(nodes[tau] * R * W, 0, 1));
    // At the root y[h] = 1, so the payment bound is a column bound; deeper it is two rows.
    zBase.push(
      lp.addCols(
        nodes[tau] * R * n,
        tau === 0 ? Math.max(-B, zLow) : zLow,
        tau === 0 ? B : Infinity,
      ),
    );
    // Periodic and ex-post: the deviator may also quit for good after any period (value 0), so
    // IC holds against deviations that lie and then walk away.
    wBase.push(lp.addCols(nodes[tau] * n * K, tau > 0 && exitIc ? 0 : -Infinity, Infinity));
  }
  // Interim IR: u[i,k] ≥ 0 for initial values with positive prior; others fixed at 0, unused.
  const uBase = lp.addCols(n * K, ir === "ex-ante" ? -Infinity : 0, Infinity);
  for (let i = 0; i < n; i++)
    for (let k = 0; k < K; k++) if (tree.prior[i][k] === 0) lp.colUpper[uBase + i * K + k] = 0;

  const lBase: number[] = [];
  if (ir === "periodic")
    for (let tau = 0; tau < T; tau++) {
      lBase.push(lp.addCols(nodes[tau] * n * K, 0, Infinity));
      // States an agent cannot be in at h: no row, L fixed at 0 (it never appears with weight).
      for (let h = 0; h < nodes[tau]; h++)
        for (let i = 0; i < n; i++)
          for (let k = 0; k < K; k++)
            if (tree.nature[tau][(h * n + i) * K + k] === 0)
              lp.colUpper[lBase[tau] + (h * n + i) * K + k] = 0;
    }
  const L = (tau: number, h: number, i: number, k: number) => lBase[tau] + (h * n + i) * K + k;
  const y = (tau: number, h: number, r: number, c: number) => yBase[tau] + (h * R + r) * W + c;
  const z = (tau: number, h: number, r: number, i: number) => zBase[tau] + (h * R + r) * n + i;
  const w = (tau: number, h: number, i: number, k: number) => wBase[tau] + (h * n + i) * K + k;
  /** y[h] as (column, or −1 for the constant 1 at the root). */
  const yOf = (tau: number, h: number) => (tau === 0 ? -1 : yBase[tau - 1] + h);

  const revenueCoef = new Float64Array(lp.numCols);
  // u[i,k] rows, filled while walking the tree: Σ γ^τ μ(h,r)/P0 · (reward·y − z) − u = 0.
  const uCols: number[][] = Array.from({ length: n * K }, () => []);
  const uCoefs: number[][] = Array.from({ length: n * K }, () => []);

  for (let tau = 0; tau < T; tau++) {
    opts.onRow?.(tau);
    const disc = gamma ** tau;
    const span = tau === 0 ? 1 : nodes[tau] / (R * W); // nodes per first-period digit
    for (let h = 0; h < nodes[tau]; h++) {
      const parent = yOf(tau, h);
      const nat = nature[tau];
      const firstR = tau === 0 ? -1 : Math.floor(Math.floor(h / span) / W);
      for (let r = 0; r < R; r++) {
        // Sequence-form consistency: Σ_c y[h,r,c] = y[h].
        const cols = [];
        const coefs = [];
        for (let c = 0; c < W; c++) {
          cols.push(y(tau, h, r, c));
          coefs.push(1);
        }
        if (parent >= 0) {
          cols.push(parent);
          coefs.push(-1);
        }
        lp.addRow(parent >= 0 ? 0 : 1, parent >= 0 ? 0 : 1, cols, coefs);
        if (parent >= 0)
          for (let i = 0; i < n; i++) {
            lp.addRow(-Infinity, 0, [z(tau, h, r, i), parent], [1, -B]);
            lp.addRow(0, Infinity, [z(tau, h, r, i), parent], [1, B]);
          }
        if (ir === "ex-post")
          for (let i = 0; i < n; i++) {
            const cols = [z(tau, h, r, i)];
            const coefs = [1];
            for (let c = 0; c < W; c++)
              if (reward[c][i][digit(r, i)] !== 0) {
                cols.push(y(tau, h, r, c));
                coefs.push(-reward[c][i][digit(r, i)]);
              }
            lp.addRow(-Infinity, 0, cols, coefs);
          }
        // Objective: revenue minus cost, weighted by nature's probability of (h, r).
        let pr = mu[tau][h];
        for (let a = 0; a < n; a++) pr *= nat[(h * n + a) * K + digit(r, a)];
        const weight = disc * pr;
        for (let i = 0; i < n; i++) revenueCoef[z(tau, h, r, i)] = weight;
        for (let c = 0; c < W; c++) lp.colCost[y(tau, h, r, c)] = -weight * cost[c];
        for (let i = 0; i < n; i++) lp.colCost[z(tau, h, r, i)] = weight;
        // Truthful interim utility of each agent, by its initial value.
        for (let i = 0; i < n; i++) {
          const k0 = tau === 0 ? digit(r, i) : digit(firstR, i);
          const p0 = tree.prior[i][k0];
          if (p0 === 0 || weight === 0) continue;
          const row = i * K + k0;
          const k = digit(r, i);
          for (let c = 0; c < W; c++) {
            if (reward[c][i][k] === 0) continue;
            uCols[row].push(y(tau, h, r, c));
            uCoefs[row].push((weight / p0) * reward[c][i][k]);
          }
          uCols[row].push(z(tau, h, r, i));
          uCoefs[row].push(-weight / p0);
        }
      }
      if (ir === "periodic") addPeriodicRows(tau, h);
      // Dynamic IC, one row per (agent i, own true value k, report k'):
      //   ω[i,h,k] ≥ Σ_{v−i} P(v−i | h) [Σ_c reward_i(c, k)·y[h,r,c] − z[h,r,i]
      //                 + γ Σ_c Σ_k'' P(k'' | k, c) ω[i,(h,r,c),k'']],   r = (k', v−i).
      // The deviator knows the history h with the others' past reports (as in
      // src/evaluation/best-response-exact.ts), so P(v−i | h) is nature's, and its own state is
      // its true value k with the public consumption count.
      for (let i = 0; i < n; i++) {
        const cnt = count[tau][h * n + i];
        for (let k = 0; k < K; k++) {
          for (let kr = 0; kr < K; kr++) {
            const cols = [w(tau, h, i, k)];
            const coefs = [1];
            for (let r = 0; r < R; r++) {
              if (digit(r, i) !== kr) continue;
              // Others truthful: their reports are their values, distributed by nature given h.
              let po = 1;
              for (let a = 0; a < n; a++) if (a !== i) po *= nat[(h * n + a) * K + digit(r, a)];
              if (po === 0) continue;
              cols.push(z(tau, h, r, i));
              coefs.push(po);
              for (let c = 0; c < W; c++) {
                if (reward[c][i][k] !== 0) {
                  cols.push(y(tau, h, r, c));
                  coefs.push(-po * reward[c][i][k]);
                }
                if (tau + 1 < T) {
                  const child = (h * R + r) * W + c;
                  const row = trans[i][cnt][tree.consumption[c][i]];
                  for (let k2 = 0; k2 < K; k2++) {
                    const q = row[k * K + k2];
                    if (q === 0) continue;
                    cols.push(w(tau + 1, child, i, k2));
                    coefs.push(-po * gamma * q);
                  }
                }
              }
            }
            lp.addRow(0, Infinity, cols, coefs);
          }
        }
      }
    }
  }
  if (ir === "ex-ante")
    for (let i = 0; i < n; i++) {
      const ks = Array.from({ length: K }, (_, k) => k).filter((k) => tree.prior[i][k] > 0);
      lp.addRow(
        0,
        Infinity,
        ks.map((k) => uBase + i * K + k),
        ks.map((k) => tree.prior[i][k]),
      );
    }
  for (let i = 0; i < n; i++)
    for (let k = 0; k < K; k++) {
      if (tree.prior[i][k] === 0) continue;
      const u = uBase + i * K + k;
      lp.addRow(0, 0, [...uCols[i * K + k], u], [...uCoefs[i * K + k], -1]);
      // BIC at the root: the best deviation's value is at most the truthful utility.
      lp.addRow(-Infinity, 0, [w(0, 0, i, k), u], [1, -1]);
    }
  return { lp, yBase, zBase, wBase, lBase, uBase, revenueCoef };

  /** Periodic rows at history h of depth τ: L[i,h,k] ≤ truthful continuation (see top). */
  function addPeriodicRows(tau: number, h: number): void {
    const nat = nature[tau];
    for (let i = 0; i < n; i++) {
      const cnt = count[tau][h * n + i];
      for (let k = 0; k < K; k++) {
        if (nat[(h * n + i) * K + k] === 0) continue;
        const cols = [L(tau, h, i, k)];
        const coefs = [-1];
        for (let r = 0; r < R; r++) {
          if (digit(r, i) !== k) continue;
          let po = 1;
          for (let a = 0; a < n; a++) if (a !== i) po *= nat[(h * n + a) * K + digit(r, a)];
          if (po === 0) continue;
          cols.push(z(tau, h, r, i));
          coefs.push(-po);
          for (let c = 0; c < W; c++) {
            if (reward[c][i][k] !== 0) {
              cols.push(y(tau, h, r, c));
              coefs.push(po * reward[c][i][k]);
            }
            if (tau + 1 < T) {
              const child = (h * R + r) * W + c;
              const row = trans[i][cnt][tree.consumption[c][i]];
              for (let k2 = 0; k2 < K; k2++) {
                const q = row[k * K + k2];
                if (q !== 0) {
                  cols.push(L(tau + 1, child, i, k2));
                  coefs.push(po * gamma * q);
                }
              }
            }
          }
        }
        lp.addRow(0, Infinity, cols, coefs);
      }
    }
  }
}
