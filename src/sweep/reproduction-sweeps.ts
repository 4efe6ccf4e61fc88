// Reproductions expressed as sweeps, so that they run on every executor (threads, a Redis
// queue, shards). `mechlab sweep ama-table-1` runs the jobs of `mechlab reproduce ama-table-1`
// (same environments, designer settings, evaluation profiles and row seeds base + 1000·t + r)
// and prints the sweep summary; `spm-figures` is one `spm-train` job per training run of its
// comparisons, and once every run is stored it prints the reproduction's own table, assembled
// from the stored runs exactly as the local reproduction assembles its own.
import { DESIGNER_KEYS, tableDesigners } from "../ama/reproductions.js";
import { paperTables } from "../ama/paper-tables.js";
import { finishComparison, planComparison } from "../spm/compare.js";
import { figureComparisons, figureTable } from "../spm/reproductions.js";
import type { SpmTrainResult } from "../spm/train.js";
import type { ParamValue } from "./job-kind.js";
import { trainJobParams } from "./kinds/spm-train.js";
import type { SweepFile } from "./sweep-schema.js";
import {
  TABLE_1_METHODS,
  TABLE_1_ROWS,
  table1Cells,
} from "../reproductions/inverse-game-table-1.js";

/** Options of `mechlab reproduce` that a sweep form may honour. */
export interface SweepFormOptions {
  seed?: number;
  rows?: number[];
  methods?: string[];
  samples?: number;
}

export interface ReproductionSweep {
  /** The options this form honours; `reproduce` refuses the others with an executor flag. */
  accepts: (keyof SweepFormOptions)[];
  sweep(o: SweepFormOptions): SweepFile;
  /**
   * The reproduction's own table from the stored results, `result(params)` giving the stored
   * result of the job with those parameters (every job of the sweep is stored). Without it,
   * the generic sweep summary is printed.
   */
  table?(o: SweepFormOptions, result: (params: Record<string, ParamValue>) => unknown): string;
}

function amaTableSweep(id: number, seed = 0): SweepFile {
  const table = paperTables.find((t) => t.id === id)!;
  return {
    command: "ama",
    base: { samples: 10_000 },
    cells: table.rows.map((row, k) => ({
      env: id <= 2 ? "sequential-sales" : id <= 4 ? "scheduling" : "gridworld",
      agents: row.n,
      items: row.m,
      ...(id === 5 ? { gamma: 0.9 } : { dist: id % 2 === 1 ? "symmetric" : "asymmetric" }),
      seed: seed + 1000 * id + (k + 1),
    })),
    axes: { designer: DESIGNER_KEYS.map((key) => tableDesigners[id][key]) },
  };
}

/**
 * Inverse Games Table 1: one `design` job per cell of `methods` (default: every method, the
 * paper's included — its cells are the long ones that workers are for) on `rows`.
 */
function inverseGameTable1Sweep(o: SweepFormOptions): SweepFile {
  const seed = o.seed ?? 0;
  const all = table1Cells(TABLE_1_ROWS, {
    rows: o.rows,
    methods: o.methods ?? Object.keys(TABLE_1_METHODS),
  });
  return {
    command: "design",
    base: {},
    axes: {},
    cells: all.map(({ row, cell }) => ({
      problem: row.problem,
      designer: cell.designer,
      seed,
      ...(cell.budget !== undefined ? { budget: cell.budget } : {}),
    })),
  };
}

const figureOptions = (o: SweepFormOptions) => ({ ...o, seed: o.seed ?? 0 });

const spmFiguresSweep: ReproductionSweep = {
  accepts: ["seed", "rows", "methods", "samples"],
  sweep: (o) => ({
    command: "spm-train",
    base: {},
    axes: {},
    cells: figureComparisons(figureOptions(o)).flatMap((c) =>
      planComparison(c).jobs.map(trainJobParams),
    ),
  }),
  table(o, result) {
    const results = figureComparisons(figureOptions(o)).map((c) => {
      const plan = planComparison(c);
      const runs = plan.jobs.map((j) => result(trainJobParams(j)) as SpmTrainResult);
      return finishComparison(c, plan, runs);
    });
    return figureTable(results);
  },
};

/** Sweep forms of reproductions, by reproduction name. */
export const reproductionSweeps: Record<string, ReproductionSweep> = {
  ...Object.fromEntries(
    paperTables.map((t) => [
      `ama-table-${t.id}`,
      { accepts: ["seed"], sweep: (o) => amaTableSweep(t.id, o.seed) } satisfies ReproductionSweep,
    ]),
  ),
  "spm-figures": spmFiguresSweep,
  "inverse-game-table-1": {
    accepts: ["seed", "rows", "methods"],
    sweep: (o) => inverseGameTable1Sweep(o),
  },
};
