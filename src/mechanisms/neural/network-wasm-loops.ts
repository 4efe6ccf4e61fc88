// The elementwise parts of the hand-written network (network-wasm.ts) that are not products:
// the attention pooling, the allocation softmax and the payment head, forward and backward,
// as small functions over the kernel's memory `f` (offsets in floats), rows `rows` of a chunk.
// Small functions so that V8 optimizes each on its own.

/** Sizes of the attention: slots per row and token width. */
export interface AttentionDims {
  H: number;
  dH: number;
}

/**
 * pooled = Σ_h att_h tok_h with att = softmax over the row's real slots (mask[r·H + h] ≠ 0) of
 * q·tok_h (a masked slot's weight is exp(−1e9) = 0 in network.ts); a row without history pools
 * zero. Slot h of row r holds distinct token tokId[r·H + h] of `tok` [K × dH], whose scores are
 * computed once each. Writes att (0 on masked slots) and pooled (row stride ldP).
 */
export function attentionForward(
  f: Float32Array,
  { H, dH }: AttentionDims,
  q: Float32Array,
  mask: Float32Array,
  tokId: Int32Array,
  tok: number,
  K: number,
  att: number,
  pooled: number,
  ldP: number,
  rows: number,
): void {
  const score = new Float64Array(K);
  for (let k = 0; k < K; k++) {
    let sc = 0;
    for (let d = 0; d < dH; d++) sc += f[tok + k * dH + d] * q[d];
    score[k] = sc;
  }
  const pool = new Float64Array(dH);
  for (let r = 0; r < rows; r++) {
    const pr = pooled + r * ldP;
    const ar = att + r * H;
    const mr = r * H;
    let mx = -Infinity;
    for (let h = 0; h < H; h++) if (mask[mr + h] !== 0) mx = Math.max(mx, score[tokId[mr + h]]);
    let tot = 0;
    for (let h = 0; h < H; h++) {
      const a = mask[mr + h] === 0 ? 0 : Math.exp(score[tokId[mr + h]] - mx);
      f[ar + h] = a;
      tot += a;
    }
    pool.fill(0);
    for (let h = 0; h < H; h++) {
      const a = tot > 0 ? f[ar + h] / tot : 0;
      f[ar + h] = a;
      if (a === 0) continue;
      const t = tok + tokId[mr + h] * dH;
      for (let d = 0; d < dH; d++) pool[d] += a * f[t + d];
    }
    for (let d = 0; d < dH; d++) f[pr + d] = pool[d];
  }
}

/**
 * The attention's backward from dpooled (row stride ldP): each distinct token's cotangent, summed
 * over the slots that hold it, into dtok [K × dH] — through the token's ReLU: no gradient where
 * its input was < 0, which the kernel stored as −0, read from the sign bit; jax-js's derivative
 * at exactly 0 is 1 — and the query's gradient added into gq.
 */
export function attentionBackward(
  f: Float32Array,
  { H, dH }: AttentionDims,
  q: Float32Array,
  tokId: Int32Array,
  tok: number,
  K: number,
  att: number,
  dpooled: number,
  ldP: number,
  dtok: number,
  rows: number,
  gq: Float64Array,
  datt: Float64Array,
): void {
  // Σ over slots of a·dp (per token and column) and of ds (per token).
  const D = new Float64Array(K * dH);
  const S = new Float64Array(K);
  for (let r = 0; r < rows; r++) {
    const ar = att + r * H;
    const dp = dpooled + r * ldP;
    let dot = 0;
    for (let h = 0; h < H; h++) {
      const a = f[ar + h];
      if (a === 0) continue;
      const t = tok + tokId[r * H + h] * dH;
      let s = 0;
      for (let k = 0; k < dH; k++) s += f[t + k] * f[dp + k];
      datt[h] = s;
      dot += a * s;
    }
    for (let h = 0; h < H; h++) {
      const a = f[ar + h];
      if (a === 0) continue;
      const id = tokId[r * H + h];
      S[id] += a * (datt[h] - dot);
      const o = id * dH;
      for (let k = 0; k < dH; k++) D[o + k] += a * f[dp + k];
    }
  }
  const bits = new Int32Array(f.buffer, f.byteOffset, f.length);
  for (let id = 0; id < K; id++) {
    const t = tok + id * dH;
    const ds = S[id];
    for (let k = 0; k < dH; k++) {
      gq[k] += ds * f[t + k];
      f[dtok + id * dH + k] = bits[t + k] < 0 ? 0 : D[id * dH + k] + ds * q[k];
    }
  }
}

/** Softmax over (agents + nobody) per good, in place on logits of row stride lp. */
export function allocSoftmax(
  f: Float32Array,
  lg: number,
  lp: number,
  rows: number,
  n: number,
  m: number,
): void {
  for (let r = 0; r < rows; r++)
    for (let j = 0; j < m; j++) {
      const o = lg + r * lp + j * (n + 1);
      let mx = -Infinity;
      for (let i = 0; i <= n; i++) mx = Math.max(mx, f[o + i]);
      let tot = 0;
      for (let i = 0; i <= n; i++) tot += f[o + i] = Math.exp(f[o + i] - mx);
      for (let i = 0; i <= n; i++) f[o + i] /= tot;
    }
}

/** Where the heads of a chunk live: allocations (stride lp), z (stride zp). */
export interface Heads {
  n: number;
  m: number;
  scale: number;
  fraction: boolean;
  lp: number;
  zp: number;
}

/**
 * Rows s.. of the outputs: allocations, and payments — "fraction": p_i = Σ_j x_ji · r_ij ·
 * scale · σ(z_ij); "free": p_i = scale · Σ_j z_ij (network.ts).
 */
export function headOutputs(
  f: Float32Array,
  hd: Heads,
  report: Float32Array,
  lg: number,
  z: number,
  s: number,
  rows: number,
  alloc: Float32Array,
  pay: Float32Array,
): void {
  const { n, m, scale, fraction, lp, zp } = hd;
  const A = m * (n + 1);
  for (let r = 0; r < rows; r++) {
    const a = lg + r * lp;
    for (let k = 0; k < A; k++) alloc[(s + r) * A + k] = f[a + k];
    for (let i = 0; i < n; i++) {
      let p = 0;
      for (let j = 0; j < m; j++) {
        const zij = f[z + r * zp + i * m + j];
        p += fraction
          ? f[a + j * (n + 1) + i] *
            report[(s + r) * n * m + i * m + j] *
            scale *
            (1 / (1 + Math.exp(-zij)))
          : zij * scale;
      }
      pay[(s + r) * n + i] = p;
    }
  }
}

/**
 * The heads' backward for rows s..: from the cotangents of allocations (ca) and payments (cp),
 * the logits' (softmax backward per good, into dlg) and z's (into dz); padding columns zero.
 */
export function headsBackward(
  f: Float32Array,
  hd: Heads,
  report: Float32Array,
  ca: ArrayLike<number>,
  cp: ArrayLike<number>,
  lg: number,
  z: number,
  dlg: number,
  dz: number,
  s: number,
  rows: number,
  dAlloc: Float64Array,
): void {
  const { n, m, scale, fraction, lp, zp } = hd;
  const A = m * (n + 1);
  f.fill(0, dlg, dlg + rows * lp);
  f.fill(0, dz, dz + rows * zp);
  for (let r = 0; r < rows; r++) {
    const a = lg + r * lp;
    for (let k = 0; k < A; k++) dAlloc[k] = ca[(s + r) * A + k];
    for (let i = 0; i < n; i++) {
      const c = cp[(s + r) * n + i];
      for (let j = 0; j < m; j++) {
        if (!fraction) {
          f[dz + r * zp + i * m + j] = c * scale;
          continue;
        }
        const sig = 1 / (1 + Math.exp(-f[z + r * zp + i * m + j]));
        const raw = report[(s + r) * n * m + i * m + j] * scale;
        dAlloc[j * (n + 1) + i] += c * raw * sig;
        f[dz + r * zp + i * m + j] = c * f[a + j * (n + 1) + i] * raw * sig * (1 - sig);
      }
    }
    for (let j = 0; j < m; j++) {
      const o = j * (n + 1);
      let dot = 0;
      for (let i = 0; i <= n; i++) dot += f[a + o + i] * dAlloc[o + i];
      for (let i = 0; i <= n; i++) f[dlg + r * lp + o + i] = f[a + o + i] * (dAlloc[o + i] - dot);
    }
  }
}
