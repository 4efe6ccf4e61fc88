import { describe, expect, it } from "vitest";
import { GemmKernel, gemmModuleBytes, pad16 } from "./gemm-kernel.js";
import { Rng } from "./rng.js";
import { sleb, uleb } from "./wasm-encoder.js";

describe("wasm encoder", () => {
  it("encodes LEB128 as the specification's examples", () => {
    expect(uleb(0)).toEqual([0]);
    expect(uleb(127)).toEqual([0x7f]);
    expect(uleb(128)).toEqual([0x80, 0x01]);
    expect(uleb(624485)).toEqual([0xe5, 0x8e, 0x26]);
    expect(sleb(-1)).toEqual([0x7f]);
    expect(sleb(63)).toEqual([0x3f]);
    expect(sleb(64)).toEqual([0xc0, 0x00]);
    expect(sleb(-123456)).toEqual([0xc0, 0xbb, 0x78]);
  });

  it("builds the same valid kernel module every time", () => {
    const a = gemmModuleBytes();
    expect(WebAssembly.validate(a)).toBe(true);
    expect(gemmModuleBytes()).toEqual(a);
  });
});

/** Mode of reading A: x·W (row-major A), or Xᵀ·dY (A is the transpose of a row-major matrix). */
type Mode = "rows" | "transposed";

describe("GemmKernel", () => {
  const g = new GemmKernel();
  const rng = new Rng(5);

  /**
   * C = A·B (or C0 + A·B) on the kernel against a float64 triple loop: every entry within 1e-5
   * of Σ_k |A_ik B_kj| (relative to the products' magnitudes, so cancellation does not hide
   * an error), padded columns left zero, and C's rows beyond the product untouched.
   */
  function check(m: number, k: number, o: number, mode: Mode, accumulate: boolean, extra = 0) {
    const mark = g.mark();
    const n = pad16(o);
    const ldB = n + extra;
    const ldC = n + 16 + extra;
    const Ah = Float64Array.from({ length: m * k }, () => rng.normal());
    const Bh = Float64Array.from({ length: k * o }, () => rng.normal());
    const a = g.alloc(m * k);
    const b = g.alloc(k * ldB);
    const c = g.alloc((m + 1) * ldC);
    const f = g.f32;
    // A stored row-major [m × k], or as its transpose [k × m].
    for (let i = 0; i < m; i++)
      for (let q = 0; q < k; q++) f[a + (mode === "rows" ? i * k + q : q * m + i)] = Ah[i * k + q];
    f.fill(0, b, b + k * ldB);
    for (let q = 0; q < k; q++) for (let j = 0; j < o; j++) f[b + q * ldB + j] = Bh[q * o + j];
    const C0 = Float32Array.from({ length: (m + 1) * ldC }, () => rng.normal());
    f.set(C0, c);
    const [rsA, ksA] = mode === "rows" ? [k, 1] : [1, m];
    g.gemm(a, rsA, ksA, b, ldB, c, ldC, m, k, n, accumulate);
    const out = g.f32;
    let worst = 0;
    for (let i = 0; i < m; i++) {
      for (let j = 0; j < n; j++) {
        let s = 0;
        let mag = 0;
        for (let q = 0; q < k && j < o; q++) {
          const p = Math.fround(Ah[i * k + q]) * Math.fround(Bh[q * o + j]);
          s += p;
          mag += Math.abs(p);
        }
        const base = accumulate ? C0[i * ldC + j] : 0;
        const err = Math.abs(out[c + i * ldC + j] - (base + s)) / (mag + Math.abs(base) + 1e-30);
        worst = Math.max(worst, j < o ? err : Math.abs(out[c + i * ldC + j] - base));
      }
      // Columns past n (the row stride's slack) are never written.
      for (let j = n; j < ldC; j++) expect(out[c + i * ldC + j]).toBe(C0[i * ldC + j]);
    }
    for (let j = 0; j < ldC; j++) expect(out[c + m * ldC + j]).toBe(C0[m * ldC + j]);
    g.release(mark);
    return worst;
  }

  it("equals a triple loop on random shapes (odd M, K, O), both modes, = and +=", () => {
    const shapes = [
      [1, 1, 1],
      [2, 3, 16],
      [7, 5, 3],
      [33, 64, 64],
      [64, 48, 32],
      [129, 17, 2],
      [16, 64, 16],
      [5, 0, 20],
    ];
    for (const [m, k, o] of shapes)
      for (const mode of ["rows", "transposed"] as const)
        for (const acc of [false, true]) {
          const worst = check(m, k, o, mode, acc, (m + k) % 3 === 0 ? 4 : 0);
          expect(worst, `${m}×${k}·${k}×${o} ${mode} acc=${acc}`).toBeLessThan(1e-5);
        }
  });

  it("overwrite ignores C, accumulate adds to it (a hand-checked 2×2 case)", () => {
    const mark = g.mark();
    const a = g.alloc(4);
    const b = g.alloc(2 * 16);
    const c = g.alloc(2 * 16);
    const f = g.f32;
    f.set([1, 2, 3, 4], a); // A = [[1, 2], [3, 4]]
    f.fill(0, b, b + 32);
    f.set([5, 6], b); // B = [[5, 6], [7, 8]]
    f.set([7, 8], b + 16);
    f.fill(100, c, c + 32);
    g.gemm(a, 2, 1, b, 16, c, 16, 2, 2, 16, false);
    expect([g.f32[c], g.f32[c + 1], g.f32[c + 16], g.f32[c + 17]]).toEqual([19, 22, 43, 50]);
    expect(g.f32[c + 2]).toBe(0);
    g.gemm(a, 1, 2, b, 16, c, 16, 2, 2, 16, true); // += Aᵀ·B = [[26, 30], [38, 44]]
    expect([g.f32[c], g.f32[c + 1], g.f32[c + 16], g.f32[c + 17]]).toEqual([45, 52, 81, 94]);
    g.release(mark);
  });

  it("grows its memory on demand and computes in the grown part", () => {
    const before = g.memory.buffer.byteLength;
    const mark = g.mark();
    g.alloc(before / 4); // push the next buffers past the initial memory
    const worst = check(40, 9, 5, "rows", false);
    expect(g.memory.buffer.byteLength).toBeGreaterThan(before);
    expect(worst).toBeLessThan(1e-5);
    g.release(mark);
  });

  it("epilogues: bias (+ ReLU) start, mask store, and a bias-gradient row sum (ones, strides 0)", () => {
    const mark = g.mark();
    const [m, k, n] = [5, 7, 16];
    const a = g.alloc(m * k);
    const b = g.alloc(k * n);
    const bias = g.alloc(n);
    const mask = g.alloc(m * n);
    const c = g.alloc(m * n);
    const plain = g.alloc(m * n);
    const ones = g.alloc(4);
    const f = g.f32;
    for (let i = 0; i < m * k; i++) f[a + i] = rng.normal();
    for (let i = 0; i < k * n; i++) f[b + i] = rng.normal();
    for (let i = 0; i < n; i++) f[bias + i] = rng.normal();
    const maskValues = [0, -1, 2, -0, 1e-30, -1e-30];
    for (let i = 0; i < m * n; i++) f[mask + i] = maskValues[i % maskValues.length];
    f[ones] = 1;
    g.gemm(a, k, 1, b, n, plain, n, m, k, n, false);
    const P = Array.from(g.f32.subarray(plain, plain + m * n));
    const run = (acc: boolean, epi: Parameters<GemmKernel["gemm"]>[11], start = 0.5) => {
      g.f32.fill(start, c, c + m * n);
      g.gemm(a, k, 1, b, n, c, n, m, k, n, acc, epi);
      return Array.from(g.f32.subarray(c, c + m * n));
    };
    const close = (x: number[], y: number[]) => x.forEach((v, i) => expect(v).toBeCloseTo(y[i], 5));
    const B = (i: number) => g.f32[bias + (i % n)];
    close(
      run(false, { bias }),
      P.map((v, i) => v + B(i)),
    );
    const relu = run(false, { bias, relu: true });
    close(
      relu,
      P.map((v, i) => Math.max(0, v + B(i))),
    );
    // Negative inputs are stored as −0 (their sign kept for the mask), others as they are.
    relu.forEach((v, i) => expect(Object.is(v, -0)).toBe(P[i] + B(i) < 0));
    // The mask passes +0 and positives, and stops negatives and −0.
    const M = (i: number) => {
      const v = g.f32[mask + i];
      return v > 0 || Object.is(v, 0) ? 1 : 0;
    };
    close(
      run(false, { mask }),
      P.map((v, i) => v * M(i)),
    );
    close(
      run(true, { mask }),
      P.map((v, i) => (v + 0.5) * M(i)),
    );
    // Column sums of the product: a ones row (A[i, k] = mem[ones] with both strides 0).
    const sums = g.alloc(n);
    g.gemm(ones, 0, 0, plain, n, sums, n, 1, m, n, false);
    for (let j = 0; j < n; j++)
      expect(g.f32[sums + j]).toBeCloseTo(
        P.filter((_, i) => i % n === j).reduce((x, y) => x + y),
        5,
      );
    expect(() => g.gemm(a, k, 1, b, n, c, n, m, k, n, true, { bias })).toThrow(/bias/);
    g.release(mark);
  });

  it("refuses a column count that is not a multiple of 16", () => {
    expect(() => g.gemm(0, 1, 1, 0, 16, 0, 16, 1, 1, 3, false)).toThrow(/multiple of 16/);
  });

  it("assemble: out[r] = max(U[pid[r]] + V[gid[r]], −0) exactly (float32 sums, −0 for a negative sum); scatter sums rows back into U and V", () => {
    const mark = g.mark();
    const ld = 32;
    const [P, G, rows] = [3, 5, 11];
    const pid = Int32Array.from({ length: rows }, () => rng.int(P));
    const gid = Int32Array.from({ length: rows }, () => rng.int(G));
    const u = g.alloc(P * ld);
    const v = g.alloc(G * ld);
    const out = g.alloc(rows * ld);
    const ip = g.int32s(pid);
    const ig = g.int32s(gid);
    const f = g.f32;
    for (let i = 0; i < P * ld; i++) f[u + i] = rng.normal();
    for (let i = 0; i < G * ld; i++) f[v + i] = rng.normal();
    f[v + gid[0] * ld] = -f[u + pid[0] * ld]; // a sum of exactly 0 stays +0
    g.assemble(u, v, ip, ig, rows, out, ld);
    let negatives = 0;
    for (let r = 0; r < rows; r++)
      for (let j = 0; j < ld; j++) {
        const x = Math.fround(f[u + pid[r] * ld + j] + f[v + gid[r] * ld + j]);
        if (x < 0) negatives++;
        expect(Object.is(f[out + r * ld + j], x < 0 ? -0 : x)).toBe(true);
      }
    expect(negatives).toBeGreaterThan(0);
    expect(Object.is(f[out], 0)).toBe(true);
    // scatter: U and V start at zero and receive each row of d at its ids.
    const d = g.alloc(rows * ld);
    for (let i = 0; i < rows * ld; i++) g.f32[d + i] = rng.normal();
    g.f32.fill(0, u, u + P * ld);
    g.f32.fill(0, v, v + G * ld);
    g.scatter(u, v, ip, ig, rows, d, ld);
    const wantU = new Float32Array(P * ld);
    const wantV = new Float32Array(G * ld);
    for (let r = 0; r < rows; r++)
      for (let j = 0; j < ld; j++) {
        wantU[pid[r] * ld + j] += g.f32[d + r * ld + j];
        wantV[gid[r] * ld + j] += g.f32[d + r * ld + j];
      }
    expect(Array.from(g.f32.subarray(u, u + P * ld))).toEqual(Array.from(wantU));
    expect(Array.from(g.f32.subarray(v, v + G * ld))).toEqual(Array.from(wantV));
    expect(() => g.assemble(u, v, ip, ig, rows, out, 24)).toThrow(/multiple of 16/);
    g.release(mark);
  });
});
