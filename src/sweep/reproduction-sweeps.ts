// Reproductions expressed as sweeps, so that they run on every executor (threads, a Redis
// queue, shards): `mechlab sweep ama-table-1` runs the jobs of `mechlab reproduce ama-table-1`
// (same environments, designer settings, evaluation profiles and row seeds base + 1000·t + r)
// and prints the sweep summary instead of the table beside the paper's.
import { DESIGNER_KEYS, tableDesigners } from "../ama/reproductions.js";
import { paperTables } from "../ama/paper-tables.js";
import type { SweepFile } from "./sweep-schema.js";
import {
  TABLE_1_METHODS,
  TABLE_1_ROWS,
  table1Cells,
} from "../reproductions/inverse-game-table-1.js";

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

/** Inverse Games Table 1: one `design` job per cell of every method (the paper's included). */
function inverseGameTable1Sweep(seed = 0): SweepFile {
  const all = table1Cells(TABLE_1_ROWS, { methods: Object.keys(TABLE_1_METHODS) });
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

/** Sweep forms of reproductions, by reproduction name. */
export const reproductionSweeps: Record<string, () => SweepFile> = {
  ...Object.fromEntries(paperTables.map((t) => [`ama-table-${t.id}`, () => amaTableSweep(t.id)])),
  "inverse-game-table-1": () => inverseGameTable1Sweep(),
};
