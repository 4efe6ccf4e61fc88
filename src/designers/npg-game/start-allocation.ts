// The NPG designers' starting allocation: a history-independent mechanism's allocation rule in
// every row of the table (the bilevel designer's `startAllocation`), with its ties broken one of
// three ways:
// - "split": the start's shares (second price: a tie of the top reports splits the good);
// - "first": the lowest index takes the shared good;
// - "handicap": the agent with the smallest Pavan–Segal–Toikka handicap η(θ_0) of its INITIAL
//   report takes it (then the lowest index). η(θ_k) = θ_k − φ(θ_k) with φ the discrete
//   virtual value of the initial prior (mechanisms/myerson.ts), so among equal current reports
//   the agent with the largest PST virtual value v − η(θ_0) wins (PST's virtual surplus). With
//   second price at T = 3, γ = 1 the payment LP's optimum for this allocation is the LP optimum
//   itself (results/inverse-game.md, "NPG designers"), against 95.1 % for "split".
// The payments start at zero or at the start's own prices (`startPayments`: each agent's price
// per unit of the good, times its allocation after the ties are broken).
// Starting points only: the designers then move allocation and payments by their own steps.
import { UsageError } from "../../core/errors.js";
import type { MemoryKind } from "../../mechanisms/history-memory.js";
import { discreteVirtualValues } from "../../mechanisms/myerson.js";
import { buildMechanism } from "../../mechanisms/registry.js";
import type { DynamicProblem } from "../../problems/types.js";
import { startAllocation } from "../exact-game/bilevel.js";
import type { CompiledGame } from "../compiled-game/compiled-game.js";

export const START_TIES = ["split", "first", "handicap"] as const;
export type StartTies = (typeof START_TIES)[number];
export const START_PAYMENTS = ["zero", "start"] as const;
export type StartPayments = (typeof START_PAYMENTS)[number];

/** Current reports of a table row (after the key's last "|"). */
const rowReports = (rowKey: string): Float64Array =>
  Float64Array.from(rowKey.slice(rowKey.lastIndexOf("|") + 1).split(","), Number);

/**
 * The first-period reports of a table row, read off its key (`memory key|current reports`, the
 * memory key as history-memory.ts writes it); a first-period row's are its current reports.
 */
export function initialReports(memory: MemoryKind, rowKey: string): number[] {
  const bar = rowKey.lastIndexOf("|");
  const history = rowKey.slice(0, bar);
  const first =
    memory === "full"
      ? history === ""
        ? rowKey.slice(bar + 1)
        : history.split(";")[0].split(">")[0]
      : history === "0"
        ? rowKey.slice(bar + 1)
        : history.split(":")[1];
  return first.split(",").map(Number);
}

/** PST handicap η(θ_0) of each agent's initial report (∞ for a report of zero prior mass). */
function handicaps(problem: DynamicProblem, reports: number[]): number[] {
  return reports.map((r, i) => {
    const marg = problem.initialMarginal(i);
    if (marg.kind !== "discrete") throw new Error("handicap ties need discrete types");
    const k = marg.grid.findIndex((v) => Math.abs(v - r) < 1e-9);
    const phi = discreteVirtualValues(marg.grid, marg.probs)[k];
    return k < 0 || phi === -Infinity ? Infinity : r - phi;
  });
}

/** The start's allocation in every row of the compiled single-good table, ties broken by `ties`. */
export function npgStartAllocation(
  problem: DynamicProblem,
  g: CompiledGame,
  start: string,
  ties: StartTies,
): Float64Array {
  if (!(START_TIES as readonly string[]).includes(ties))
    throw new UsageError(
      "--designer ties",
      `unknown tie-breaking "${ties}"; allowed: ${START_TIES.join(", ")}`,
    );
  if (ties !== "handicap") return startAllocation(problem, g, start, ties);
  const x = startAllocation(problem, g, start, "split");
  const n = g.n;
  g.rowKeys.forEach((key, r) => {
    const at = r * (n + 1);
    let top = 0;
    for (let i = 0; i < n; i++) top = Math.max(top, x[at + i]);
    const tied = Array.from({ length: n }, (_, i) => i).filter((i) => top > 0 && x[at + i] === top);
    if (tied.length < 2) return;
    const eta = handicaps(problem, initialReports(g.memory, key));
    const winner = tied.reduce((a, b) => (eta[b] < eta[a] ? b : a));
    for (const i of tied) x[at + i] = 0;
    x[at + winner] = top * tied.length;
  });
  return x;
}

/**
 * Payments of the single-good table with allocation `x` at the start mechanism's prices: in every
 * row, agent i pays (its payment / its share of the good under `start`) × x_i — so a tie given
 * whole to one agent makes it pay the whole price; zero where `start` gives i nothing.
 */
export function startPayments(
  problem: DynamicProblem,
  g: CompiledGame,
  start: string,
  x: Float64Array,
): Float64Array {
  const mech = buildMechanism(start, problem, "--designer start");
  const n = g.n;
  const p = new Float64Array(g.rowKeys.length * n);
  g.rowKeys.forEach((key, r) => {
    const o = mech.outcome([], rowReports(key));
    for (let i = 0; i < n; i++)
      if (o.alloc[i] > 0) p[r * n + i] = (o.payments[i] / o.alloc[i]) * x[r * (n + 1) + i];
  });
  return p;
}
