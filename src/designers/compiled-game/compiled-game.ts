// The game between a tabular mechanism and its agents, compiled once into flat arrays: the
// truthful tree (every agent truthful, truth-tree.ts) and, per agent, the deviator's decision
// tree (others truthful, deviation-tree.ts), both enumerated through `DynamicProblem` with the
// realized-winner encoding of realization-table.ts. Only the mechanism's outcomes — one row
// per (memory key, report profile) — change between iterations, so every expectation and every
// exact best response is a sweep over these arrays (the bilevel designer's sweep.ts, the NPG
// designers' table game). The exact evaluator (src/evaluation/) enumerates the same game on its
// own, on purpose: it is the independent reference this module is tested against.
//
// The folder holds every tree the designers build: this compiled game (bilevel with its vertex
// and relaxed searches, NPG), the public-history trees of the SGDA designers (exact-tree.ts, and
// sampled-tree.ts for continuous types) and the LP optimum's history tree (history-tree.ts).
// `realized` semantics: each good goes to one agent or nobody, drawn from the allocation row.
import { UsageError } from "../../core/errors.js";
import type { MemoryKind } from "../../mechanisms/history-memory.js";
import { isDiscrete, type DynamicProblem } from "../../problems/types.js";
import { RowTable } from "./buffers.js";
import { buildDeviation, type DeviationTree } from "./deviation-tree.js";
import { realizationTable } from "./realization-table.js";
import { refuseUpFront } from "./size.js";
import { buildTruth, type GameFrame, type TruthTree } from "./truth-tree.js";

export type { DeviationTree } from "./deviation-tree.js";
export type { TruthTree } from "./truth-tree.js";
export { compiledGameSize, ESTIMATE_SLACK, MAX_NODES } from "./size.js";

export interface CompiledGame {
  problem: DynamicProblem;
  memory: MemoryKind;
  n: number;
  m: number;
  gamma: number;
  /** Realizations (n + 1)^m: winners[k·m + j] ∈ {0 … n} (n = nobody); realization-table.ts. */
  realizations: number;
  winners: Int32Array;
  /** Row keys, as TabularMechanism keys them (memory key | reports). */
  rowKeys: string[];
  truth: TruthTree;
  dev: DeviationTree[];
  initProb: number[][];
}

export function compileGame(problem: DynamicProblem, memory: MemoryKind): CompiledGame {
  if (!isDiscrete(problem))
    throw new UsageError(
      "--problem",
      "the exact best-response adversary needs discrete types; for continuous types use --designer handicap",
    );
  if (problem.semantics !== "realized")
    throw new UsageError("--problem", "the exact best-response adversary needs semantics=realized");
  refuseUpFront(problem, memory);
  const { agents: n, goods: m } = problem;
  const table = realizationTable(problem);
  const initial = Array.from({ length: n }, (_, i) => problem.initialStates!(i));
  const frame: GameFrame = { problem, memory, rows: new RowTable(), table, initial };
  const truth = buildTruth(frame);
  const dev = Array.from({ length: n }, (_, i) => buildDeviation(frame, i));
  return {
    problem,
    memory,
    n,
    m,
    gamma: problem.discount,
    realizations: table.count,
    winners: table.winners,
    rowKeys: frame.rows.keys,
    truth,
    dev,
    initProb: initial.map((d) => d.map((w) => w.p)),
  };
}
