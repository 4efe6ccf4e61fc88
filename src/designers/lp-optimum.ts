// Ground truth on small instances: the principal-optimal Bayesian-IC and
// interim-IR direct mechanism of a small discrete single-good `realized` problem, by one
// linear program over public histories solved with HiGHS. The formulation (sequence form,
// upper-bound variables on the deviator's continuation value) is in docs/lp-optimum.md.
//
// The returned mechanism is tabular (src/mechanisms/tabular.ts) and is meant to be certified
// by the exact evaluator, whose deviator has the same information as the LP's: own types and
// reports, realized public outcomes and the other agents' past reports.
import { TooLargeError, UsageError } from "../core/errors.js";
import { exact } from "../core/measured.js";
import { DEVIATOR_INFORMATION } from "../evaluation/best-response-exact.js";
import {
  DEFAULT_PARTICIPATION,
  type IrNotion,
  type Participation,
} from "../mechanisms/participation.js";
import { TabularMechanism, tabularKey, type TabularEntry } from "../mechanisms/tabular.js";
import { isDiscrete, type DynamicProblem } from "../problems/types.js";
import { buildHistoryLp } from "./lp/history-lp.js";
import { buildHistoryTree } from "./compiled-game/history-tree.js";
import { solveMax } from "./lp/sparse-lp.js";

export interface LpOptimumOptions {
  /**
   * Bound B on every per-period payment, |p_i| ≤ B. It keeps payments at histories of
   * probability 0 at 0 (so the LP solution is a real mechanism). Default: the largest
   * discounted value an agent can get over the horizon, max(grid)·Σ_t γ^t; the result
   * reports the largest |payment| used, so a binding bound is visible.
   */
  paymentBound?: number;
  /** Participation notion (default interim, subsidies allowed); docs/participation.md. */
  participation?: Participation;
  /** HiGHS algorithm (default "choose"). */
  solver?: "choose" | "simplex" | "ipm";
  /** Seconds before HiGHS gives up (an error). */
  timeLimit?: number;
  /** Refuse problems whose LP has more columns than this (default 400 000). */
  maxColumns?: number;
  /**
   * Progress: ("building LP", depth τ of the history tree, T), then ("solving LP", solver
   * iterations, 0 = total unknown), then ("done", 1, 1).
   */
  onProgress?: (done: number, total: number, stage: string) => void;
}

export interface LpOptimumResult {
  problem: string;
  /** Expected discounted payments of the optimal mechanism under truth-telling (exact). */
  revenue: number;
  /** The LP objective: revenue minus the seller's costs. */
  profit: number;
  /** utilityByInitialType[i][k]: agent i's truthful utility with initial value grid[k]. */
  utilityByInitialType: number[][];
  grid: number[];
  /** initialProbability[i][k] = P(agent i's initial value is grid[k]). */
  initialProbability: number[][];
  irNotion: IrNotion;
  subsidies: Participation["subsidies"];
  icNotion: string;
  mechanism: TabularMechanism;
  lp: {
    columns: number;
    rows: number;
    nonzeros: number;
    paymentBound: number;
    /** Largest |payment| of the returned mechanism (equal to paymentBound ⇒ bound binding). */
    maxAbsPayment: number;
    buildSeconds: number;
    solveSeconds: number;
  };
}

/** Histories reached with a smaller winner probability than this are left to the default. */
const REACH_EPS = 1e-9;

/** Number of LP columns for a problem, before building it (to refuse large ones early). */
export function lpColumns(problem: DynamicProblem): number {
  const space = problem.typeSpace(0);
  const K = space.kind === "discrete" ? space.grid.length : Infinity;
  const n = problem.agents;
  const R = K ** n;
  let cols = n * K;
  for (let tau = 0; tau < problem.horizon; tau++) {
    const nodes = (R * (n + 1)) ** tau;
    cols += nodes * (R * (n + 1) + R * n + n * K);
  }
  return cols;
}

export async function lpOptimum(
  problem: DynamicProblem,
  opts: LpOptimumOptions = {},
): Promise<LpOptimumResult> {
  checkProblem(problem, opts.maxColumns ?? 400_000);
  const progress = opts.onProgress ?? (() => {});
  const T = problem.horizon;
  const t0 = performance.now();
  const tree = buildHistoryTree(problem);
  const { n, K, R, W, gamma, nodes, grid } = tree;
  let horizonWeight = 0;
  for (let t = 0; t < T; t++) horizonWeight += gamma ** t;
  const B = opts.paymentBound ?? Math.max(...grid.map(Math.abs)) * horizonWeight;
  if (!(B > 0 && Number.isFinite(B)))
    throw new UsageError("paymentBound", "must be a positive finite number");
  const participation = opts.participation ?? DEFAULT_PARTICIPATION;
  const model = buildHistoryLp(tree, {
    paymentBound: B,
    participation,
    onRow: (tau) => progress(tau, T, "building LP"),
  });
  const { lp, yBase, zBase, uBase, revenueCoef } = model;
  const buildSeconds = (performance.now() - t0) / 1000;
  progress(0, 0, "solving LP");
  const sol = await solveMax(lp, {
    solver: opts.solver,
    timeLimit: opts.timeLimit,
    onIteration: (it) => progress(it, 0, "solving LP"),
  });
  const x = sol.x;

  // Back from sequence form: x_c(h, r) = y[h,r,c] / y[h] and p_i(h, r) = z[h,r,i] / y[h] on
  // every history the mechanism reaches with positive probability.
  const entries: TabularEntry[] = [];
  let maxAbsPayment = 0;
  let revenue = 0;
  for (let k = 0; k < x.length; k++) revenue += revenueCoef[k] * x[k];
  for (let tau = 0; tau < T; tau++) {
    for (let h = 0; h < nodes[tau]; h++) {
      const reach = tau === 0 ? 1 : x[yBase[tau - 1] + h];
      if (!(reach > REACH_EPS)) continue;
      for (let r = 0; r < R; r++) {
        const alloc = new Array<number>(W);
        let total = 0;
        for (let c = 0; c < W; c++) {
          alloc[c] = Math.max(0, x[yBase[tau] + (h * R + r) * W + c]);
          total += alloc[c];
        }
        if (!(total > 0)) continue;
        for (let c = 0; c < W; c++) alloc[c] /= total;
        const payments = Array.from({ length: n }, (_, i) => {
          const p = x[zBase[tau] + (h * R + r) * n + i] / reach;
          return Math.min(B, Math.max(-B, p));
        });
        for (const p of payments) maxAbsPayment = Math.max(maxAbsPayment, Math.abs(p));
        entries.push([tabularKey(tree.key[tau][h], tree.reports[r]), alloc, payments]);
      }
    }
  }
  progress(1, 1, "done");
  return {
    problem: problem.name,
    revenue,
    profit: sol.objective,
    utilityByInitialType: Array.from({ length: n }, (_, i) =>
      Array.from({ length: K }, (_, k) => x[uBase + i * K + k]),
    ),
    grid,
    initialProbability: tree.prior,
    irNotion: participation.ir,
    subsidies: participation.subsidies,
    icNotion: `Bayesian IC against every reporting strategy of a deviator that ${DEVIATOR_INFORMATION.replace(/^deviator /, "")}`,
    mechanism: new TabularMechanism(n, 1, entries),
    lp: {
      columns: lp.numCols,
      rows: lp.numRows,
      nonzeros: lp.nonzeros,
      paymentBound: B,
      maxAbsPayment,
      buildSeconds,
      solveSeconds: sol.seconds,
    },
  };
}

/** The result as JSON, numbers in the `{value, exact}` shape of `mechlab evaluate --json`. */
export function lpOptimumJson(res: LpOptimumResult) {
  return {
    problem: res.problem,
    benchmark: "lp-optimum",
    revenue: exact(res.revenue),
    profit: exact(res.profit),
    irNotion: res.irNotion,
    subsidies: res.subsidies,
    icNotion: res.icNotion,
    utilityByInitialType: res.utilityByInitialType.map((row, i) =>
      row
        .map((u, k) => ({
          type: [res.grid[k]],
          probability: res.initialProbability[i][k],
          utility: exact(u),
        }))
        .filter((t) => t.probability > 0),
    ),
    lp: res.lp,
  };
}

function checkProblem(problem: DynamicProblem, maxColumns: number): void {
  const field = "--problem";
  if (!isDiscrete(problem))
    throw new UsageError(field, `the LP optimum needs a discrete problem (values=discrete)`);
  if (problem.semantics !== "realized")
    throw new UsageError(field, `the LP optimum needs semantics=realized (the winner is public)`);
  if (problem.goods !== 1)
    throw new UsageError(
      field,
      `the LP optimum handles one good per period (items=1); with more, the mechanism's lotteries over goods would have to be correlated`,
    );
  const g0 = JSON.stringify(problem.typeSpace(0));
  for (let i = 1; i < problem.agents; i++)
    if (JSON.stringify(problem.typeSpace(i)) !== g0)
      throw new UsageError(field, "the LP optimum needs the same value grid for every agent");
  const cols = lpColumns(problem);
  if (cols > maxColumns)
    throw new TooLargeError(
      field,
      "the LP optimum",
      cols,
      maxColumns,
      "use a smaller horizon, grid or number of agents (or `mechlab design`, which does not need the whole LP)",
      "LP columns",
    );
}
