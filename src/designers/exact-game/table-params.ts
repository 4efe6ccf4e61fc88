// The tabular mechanism's parameters during design: allocation probabilities (one simplex per
// row and good, over the agents and "nobody") and payments, moved by Adam and projected back
// onto the simplices after every step. Probabilities rather than softmax logits, so that
// deterministic allocations (the vertices, where optimal mechanisms of LP type live) are
// reachable exactly and gradients do not vanish near them.
import { TabularMechanism, type TabularEntry } from "../../mechanisms/tabular.js";
import type { CompiledGame } from "../compiled-game/compiled-game.js";
import type { TableOutcomes } from "./sweep.js";

/** Euclidean projection of v[at … at+len) onto the probability simplex (sort-based). */
export function projectSimplex(v: Float64Array, at: number, len: number): void {
  const u = Array.from(v.subarray(at, at + len)).sort((a, b) => b - a);
  let cum = 0;
  let theta = 0;
  for (let k = 0; k < len; k++) {
    cum += u[k];
    const t = (cum - 1) / (k + 1);
    if (u[k] - t > 0) theta = t;
  }
  for (let k = 0; k < len; k++) v[at + k] = Math.max(v[at + k] - theta, 0);
}

export class TableParams implements TableOutcomes {
  readonly x: Float64Array;
  readonly p: Float64Array;

  constructor(readonly game: CompiledGame) {
    const { n, m } = game;
    const rows = game.rowKeys.length;
    this.x = new Float64Array(rows * m * (n + 1)).fill(1 / (n + 1));
    this.p = new Float64Array(rows * n);
  }
}

/** The tabular mechanism with these outcomes (rows in the compiled game's key format). */
export function toMechanism(game: CompiledGame, o: TableOutcomes): TabularMechanism {
  const { n, m } = game;
  const w = m * (n + 1);
  const entries: TabularEntry[] = game.rowKeys.map((key, r) => [
    key,
    Array.from(o.x.subarray(r * w, (r + 1) * w)),
    Array.from(o.p.subarray(r * n, (r + 1) * n)),
  ]);
  return new TabularMechanism(n, m, entries, game.memory);
}
