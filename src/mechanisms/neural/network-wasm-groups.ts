// The rows of a feature batch grouped by what the network's input side reads (network.ts):
// the report encoder reads only the report profile; the alloc and history encoders and the
// attention read only the public history (cumulative consumption, history tokens, mask). The
// trunk's first product splits along those inputs, h0·W1 = h_report·W1[report rows] +
// [h_alloc, pooled]·W1[history rows], so network-wasm.ts computes each part once per distinct
// profile and per distinct history (a T = 5 union batch: ~9 rows per history, 9 profiles)
// and adds the two per row — the same maths, rounded otherwise.
import type { FeatureBatch, FeatureLayout } from "./features.js";

export interface InputGroups {
  /** Row → its report profile, and → its history. */
  pid: Int32Array;
  gid: Int32Array;
  /** Distinct profiles [P × reportDim]. */
  report: Float32Array;
  /** Distinct histories: cumulative consumption [G × cumDim], tokens, mask [G × histLen]. */
  cum: Float32Array;
  hist: Float32Array;
  mask: Float32Array;
  P: number;
  G: number;
  /**
   * The history tokens (slots of the distinct histories) by value: slot → its token [G × histLen],
   * the distinct tokens [K × tokenDim] (a token is one period's public record: few distinct).
   */
  tokId: Int32Array;
  tokens: Float32Array;
  K: number;
}

/** Ids of equal rows (bit patterns: equal floats, equal keys) of the arrays, each of its width. */
function distinct(
  rows: number,
  parts: [Float32Array, number][],
): { id: Int32Array; first: number[] } {
  const ids = new Map<string, number>();
  const id = new Int32Array(rows);
  const first: number[] = [];
  const bits = parts.map(
    ([a, w]) => [new Uint32Array(a.buffer, a.byteOffset, rows * w), w] as const,
  );
  for (let r = 0; r < rows; r++) {
    let key = "";
    for (const [u, w] of bits) for (let k = r * w; k < (r + 1) * w; k++) key += u[k] + ",";
    let g = ids.get(key);
    if (g === undefined) {
      g = first.length;
      ids.set(key, g);
      first.push(r);
    }
    id[r] = g;
  }
  return { id, first };
}

/** The rows of `of` at `rows`, each `w` wide. */
const gather = (of: Float32Array, w: number, rows: number[]): Float32Array => {
  const out = new Float32Array(rows.length * w);
  rows.forEach((r, k) => out.set(of.subarray(r * w, (r + 1) * w), k * w));
  return out;
};

export function inputGroups(layout: FeatureLayout, batch: FeatureBatch): InputGroups {
  const { reportDim: R, cumDim: C, histLen: H, tokenDim: T } = layout;
  const N = batch.size;
  const p = distinct(N, [[batch.report, R]]);
  const h = distinct(N, [
    [batch.cum, C],
    [batch.hist, H * T],
    [batch.mask, H],
  ]);
  const hist = gather(batch.hist, H * T, h.first);
  const G = h.first.length;
  const t = distinct(G * H, [[hist, T]]);
  return {
    pid: p.id,
    gid: h.id,
    report: gather(batch.report, R, p.first),
    cum: gather(batch.cum, C, h.first),
    hist,
    mask: gather(batch.mask, H, h.first),
    P: p.first.length,
    G,
    tokId: t.id,
    tokens: gather(hist, T, t.first),
    K: t.first.length,
  };
}
