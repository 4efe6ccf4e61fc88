// The table designers' starting allocation (bilevel, npg-*): a history-independent mechanism's
// allocation rule in every row of the table, its ties broken one of three ways:
// - "split": the start's shares (second price: a tie of the top reports splits the good);
// - "first": the lowest index takes the shared good;
// - "handicap": the agent with the smallest Pavan–Segal–Toikka handicap η(θ_0) of its INITIAL
//   report takes it (then the lowest index). η(θ_k) = θ_k − φ(θ_k) with φ the discrete
//   virtual value of the initial prior (mechanisms/myerson.ts), so among equal current reports
//   the agent with the largest PST virtual value v − η(θ_0) wins (PST's virtual surplus). With
//   second price at T = 3, γ = 1 the payment LP's optimum for this allocation is the LP optimum
//   itself, against 95.1 % for "split" (docs/npg.md, "Starting allocation").
// `autoTies` picks "handicap" where it is defined (one good per table, discrete initial types),
// else "split": the bilevel designer's default (`ties=auto`).
import { UsageError } from "../core/errors.js";
import type { MemoryKind } from "../mechanisms/history-memory.js";
import { discreteVirtualValues } from "../mechanisms/myerson.js";
import { buildMechanism } from "../mechanisms/registry.js";
import type { DynamicProblem } from "../problems/types.js";
import type { CompiledGame } from "./compiled-game/compiled-game.js";

/** Mechanisms whose allocation rule (which ignores history) can start the search. */
export const START_MECHANISMS = ["second-price", "first-price", "myerson"];
export const START_TIES = ["split", "first", "handicap"] as const;
export type StartTies = (typeof START_TIES)[number];

/** Current reports of a table row (after the key's last "|"). */
export const rowReports = (rowKey: string): Float64Array =>
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

/**
 * `ties=auto`: "handicap" when the table has one good (`oneGood`: the problem has one, or its
 * goods are designed separately) and every agent's initial type is discrete (η is defined),
 * else "split". At T = 5 the handicap start lifts the bilevel design from 7.4111 to 7.4940.
 */
export function autoTies(problem: DynamicProblem, oneGood: boolean): "handicap" | "split" {
  const discrete = Array.from(
    { length: problem.agents },
    (_, i) => problem.initialMarginal(i).kind === "discrete",
  ).every(Boolean);
  return oneGood && discrete ? "handicap" : "split";
}

/** PST handicap η(θ_0) of each agent's initial report (∞ for a report of zero prior mass). */
function handicaps(problem: DynamicProblem, reports: number[]): number[] {
  return reports.map((r, i) => {
    const marg = problem.initialMarginal(i);
    if (marg.kind !== "discrete")
      throw new UsageError("--designer ties", "ties=handicap needs discrete types");
    const k = marg.grid.findIndex((v) => Math.abs(v - r) < 1e-9);
    const phi = discreteVirtualValues(marg.grid, marg.probs)[k];
    return k < 0 || phi === -Infinity ? Infinity : r - phi;
  });
}

/** Allocation of `start` in every row of the compiled table, ties broken by `ties`. */
export function startAllocation(
  problem: DynamicProblem,
  g: CompiledGame,
  start: string,
  ties: StartTies,
): Float64Array {
  if (!START_MECHANISMS.includes(start))
    throw new UsageError(
      "--designer start",
      `unknown start "${start}"; allowed: ${START_MECHANISMS.join(", ")}`,
    );
  if (!(START_TIES as readonly string[]).includes(ties))
    throw new UsageError(
      "--designer ties",
      `unknown tie-breaking "${ties}"; allowed: ${START_TIES.join(", ")}`,
    );
  if (ties === "handicap" && g.m > 1)
    throw new UsageError(
      "--designer ties",
      `ties=handicap breaks ties by each agent's initial report of one good; this game has ${g.m} goods in one table (use goods=separate, or ties=split or first)`,
    );
  const mech = buildMechanism(start, problem, "--designer start");
  const n = g.n;
  const w = g.m * (n + 1);
  const x = new Float64Array(g.rowKeys.length * w);
  g.rowKeys.forEach((key, r) => x.set(mech.outcome([], rowReports(key)).alloc, r * w));
  if (ties === "split") return x;
  g.rowKeys.forEach((key, r) => {
    for (let at = r * w; at < (r + 1) * w; at += n + 1) {
      let top = 0;
      for (let i = 0; i < n; i++) top = Math.max(top, x[at + i]);
      if (top === 0) continue;
      const tied = Array.from({ length: n }, (_, i) => i).filter((i) => x[at + i] === top);
      if (tied.length < 2) continue;
      let winner = tied[0];
      if (ties === "handicap") {
        const eta = handicaps(problem, initialReports(g.memory, key));
        winner = tied.reduce((a, b) => (eta[b] < eta[a] ? b : a));
      }
      let shared = 0;
      for (const i of tied) shared += x[at + i];
      for (const i of tied) x[at + i] = 0;
      x[at + winner] = shared;
    }
  });
  return x;
}
