// Hyperparameter grid search for the SGDA designers (Inverse Games App. D.5: "we ran Algorithm 1 ... for
// every combination of learning rate candidates η_θ, η_w and scaling parameters α, β,
// performing a grid search and measuring performance in terms of exploitability, profit loss,
// and IR loss"). Every combination runs with every seed; each run is certified (by the exact
// evaluator for discrete types, by sampling with a fresh adversary for continuous ones, a lower
// bound), and the best combination is chosen on the certificate, not on training numbers
// (which under-report exploitability; docs/results/inverse-game.md).
import { CallbackList, KeepBest, type Callback, type StepRecord } from "../../core/callbacks.js";
import { UsageError } from "../../core/errors.js";
import { parseName } from "../../core/spec.js";
import type { DynamicProblem } from "../../problems/types.js";
import { inverseGameDesigners } from "./registry.js";
import { design, type DesignConfig } from "./run.js";

export interface GridSpec {
  /** Designer names whose parameter values may list alternatives with `|`, e.g. `penalty(rho=5|20)`. */
  designers: string[];
  lrTheta: number[];
  lrW: number[];
  seeds: number[];
}

export interface GridRow {
  designer: string;
  lrTheta: number;
  lrW: number;
  seed: number;
  /** Certified (exactly for discrete types; sampled for continuous) — the run's chosen candidate. */
  revenue: number;
  exploitability: number;
  minInterimUtility: number;
  /** The training-time numbers of the same candidate, for comparison. */
  trainingRevenue: number;
  trainingRegret: number;
  seconds: number;
  /** Certified exploitability ≤ the regret tolerance and min interim utility ≥ −IR tolerance. */
  admissible: boolean;
}

/** `penalty(rho=5|20,kappa=1)` → `penalty(rho=5,kappa=1)`, `penalty(rho=20,kappa=1)`. */
export function expandDesigner(text: string): string[] {
  const { name, args } = parseName(text, "--designers");
  let out: string[][] = [[]];
  for (const [k, raw] of Object.entries(args)) {
    const values = raw.split("|").map((v) => v.trim());
    if (values.some((v) => v.length === 0))
      throw new UsageError("--designers", `empty alternative in "${k}=${raw}" of "${text}"`);
    out = out.flatMap((prefix) => values.map((v) => [...prefix, `${k}=${v}`]));
  }
  return out.map((a) => (a.length ? `${name}(${a.join(",")})` : name));
}

export interface GridCombination {
  designer: string;
  lrTheta: number;
  lrW: number;
  seed: number;
}

/** Every combination, designers outermost and seeds innermost; validated before any run. */
export function gridCombinations(spec: GridSpec): GridCombination[] {
  const designers = spec.designers.flatMap(expandDesigner);
  for (const d of designers) inverseGameDesigners.build(d, "--designers");
  for (const [flag, list] of [
    ["--lr-theta", spec.lrTheta],
    ["--lr-w", spec.lrW],
  ] as const) {
    if (list.length === 0 || list.some((v) => !(v > 0)))
      throw new UsageError(flag, "must be a non-empty list of positive numbers, e.g. 5e-4;1e-3");
  }
  if (spec.seeds.length === 0) throw new UsageError("--seeds", "must list at least one seed");
  const out: GridCombination[] = [];
  for (const designer of designers)
    for (const lrTheta of spec.lrTheta)
      for (const lrW of spec.lrW)
        for (const seed of spec.seeds) out.push({ designer, lrTheta, lrW, seed });
  return out;
}

/** The record a finished run reports to the grid's callbacks (step = runs done). */
export function rowRecord(row: GridRow, done: number, total?: number): StepRecord {
  return {
    step: done,
    total,
    metrics: {
      revenue: row.revenue,
      exploitability: row.exploitability,
      admissible: row.admissible ? 1 : 0,
    },
  };
}

/**
 * Keeps the best row: among admissible rows the highest certified revenue (ties: lower
 * exploitability); none while no row is admissible — the caller reports that rather than
 * promoting an exploitable mechanism.
 */
export function keepBestRow(): KeepBest<GridRow, GridRow> {
  return new KeepBest<GridRow, GridRow>("revenue", (row) => row, {
    admissible: (r) => r.metrics.admissible === 1,
    tie: { metric: "exploitability", minimize: true },
  });
}

/** The best row of finished rows (keepBestRow over them in order). */
export function bestRow(rows: GridRow[]): GridRow | undefined {
  const keep = keepBestRow();
  rows.forEach((r, k) => keep.onStep(rowRecord(r, k + 1), r));
  return keep.best?.snapshot;
}

export async function gridSearch(
  problem: DynamicProblem,
  spec: GridSpec,
  base: Omit<DesignConfig, "designer" | "seed">,
  callbacks: Callback<GridRow>[] = [],
): Promise<GridRow[]> {
  const combos = gridCombinations(spec);
  const rows: GridRow[] = [];
  // One record per finished run (its row as the state); a "stop" skips the remaining runs.
  const list = new CallbackList<GridRow>(callbacks);
  list.onStart({ total: combos.length, firstStep: 1 });
  for (const c of combos) {
    const t0 = performance.now();
    const res = await design(problem, {
      ...base,
      designer: c.designer,
      seed: c.seed,
      sgda: { ...base.sgda, lrTheta: c.lrTheta, lrW: c.lrW },
    });
    const rep = res.chosen.report;
    const exploitability = rep.exploitability.value;
    const minInterimUtility = rep.minInterimUtility?.value ?? NaN;
    const row: GridRow = {
      ...c,
      revenue: rep.revenue.value,
      exploitability,
      minInterimUtility,
      trainingRevenue: res.chosenTraining.revenue,
      trainingRegret: res.chosenTraining.regret,
      seconds: (performance.now() - t0) / 1000,
      admissible:
        exploitability <= base.tolerance.regret && minInterimUtility >= -base.tolerance.ir,
    };
    rows.push(row);
    if (list.onStep(rowRecord(row, rows.length, combos.length), row) === "stop") break;
  }
  list.onEnd({ step: rows.length, stoppedBy: list.stoppedBy });
  return rows;
}

const COLUMNS: (keyof GridRow)[] = [
  "designer",
  "lrTheta",
  "lrW",
  "seed",
  "revenue",
  "exploitability",
  "minInterimUtility",
  "trainingRevenue",
  "trainingRegret",
  "seconds",
  "admissible",
];

export function gridCsv(rows: GridRow[]): string {
  const quote = (v: unknown) => (typeof v === "string" ? `"${v.replace(/"/g, '""')}"` : String(v));
  return [COLUMNS.join(","), ...rows.map((r) => COLUMNS.map((k) => quote(r[k])).join(","))].join(
    "\n",
  );
}
