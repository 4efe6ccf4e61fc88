// The tabular mechanism's parameters during design: allocation probabilities (one simplex per
// row and good, over the agents and "nobody") and payments, moved by Adam and projected back
// onto the simplices after every step. Probabilities rather than softmax logits, so that
// deterministic allocations (the vertices, where optimal mechanisms of LP type live) are
// reachable exactly and gradients do not vanish near them.
import { TabularMechanism, type TabularEntry } from "../../mechanisms/tabular.js";
import type { CompiledGame } from "./compiled-game.js";
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

/** Adam on a Float64 vector (descent). */
export class Adam64 {
  readonly m1: Float64Array;
  readonly m2: Float64Array;
  t = 0;
  constructor(
    size: number,
    public lr: number,
    private readonly b1 = 0.9,
    private readonly b2 = 0.999,
  ) {
    this.m1 = new Float64Array(size);
    this.m2 = new Float64Array(size);
  }
  step(x: Float64Array, g: Float64Array): void {
    this.t++;
    const c1 = 1 - Math.pow(this.b1, this.t);
    const c2 = 1 - Math.pow(this.b2, this.t);
    for (let k = 0; k < x.length; k++) {
      this.m1[k] = this.b1 * this.m1[k] + (1 - this.b1) * g[k];
      this.m2[k] = this.b2 * this.m2[k] + (1 - this.b2) * g[k] * g[k];
      x[k] -= (this.lr * this.m1[k]) / c1 / (Math.sqrt(this.m2[k] / c2) + 1e-12);
    }
  }
}

export class TableParams implements TableOutcomes {
  readonly x: Float64Array;
  readonly p: Float64Array;
  private readonly optX: Adam64;
  private readonly optP: Adam64;

  constructor(
    readonly game: CompiledGame,
    lr: { x: number; p: number },
  ) {
    const { n, m } = game;
    const rows = game.rowKeys.length;
    this.x = new Float64Array(rows * m * (n + 1)).fill(1 / (n + 1));
    this.p = new Float64Array(rows * n);
    this.optX = new Adam64(this.x.length, lr.x);
    this.optP = new Adam64(this.p.length, lr.p);
  }

  /** Scale both learning rates (a schedule). */
  setLrScale(base: { x: number; p: number }, scale: number): void {
    this.optX.lr = base.x * scale;
    this.optP.lr = base.p * scale;
  }

  step(gx: Float64Array, gp: Float64Array): void {
    this.optX.step(this.x, gx);
    this.optP.step(this.p, gp);
    const n = this.game.n;
    for (let at = 0; at < this.x.length; at += n + 1) projectSimplex(this.x, at, n + 1);
  }

  snapshot(): { x: Float64Array; p: Float64Array } {
    return { x: this.x.slice(), p: this.p.slice() };
  }

  restore(s: { x: Float64Array; p: Float64Array }): void {
    this.x.set(s.x);
    this.p.set(s.p);
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
