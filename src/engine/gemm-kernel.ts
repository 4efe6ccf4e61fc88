// A float32 matrix product in WebAssembly SIMD, for the mechanism network's hand-written
// forward and backward (src/mechanisms/neural/network-wasm.ts):
//
//   C[M × N] (= or +=) A · B,   A[i, k] = mem[A + i·rsA + k·ksA],  B[k, j] = mem[B + k·ldB + j],
//   C[i, j] = mem[C + i·ldC + j],
//
// so the one kernel computes x·W (rsA = row length, ksA = 1), dY·Wᵀ with a pre-transposed W,
// and the weight gradient Xᵀ·dY (rsA = 1, ksA = row length of X). N must be a multiple of 16:
// callers pad B's and C's rows with zero columns (the network's widths 64, 32, 16 need none;
// its heads of 2–4 outputs are padded to 16).
//
// Register block: 2 rows × 16 columns (8 f32x4 accumulators), one splat of A per row and four
// vector loads of B per k; the best of the blocks measured (1–4 rows × 8–32 columns) on the
// network's [4096 × 64]·[64 × 64] shape. An odd last row runs a 1 × 16 block.
import { encodeModule, I32, op, V128 } from "./wasm-encoder.js";
import { ROW_FUNCTIONS } from "./row-kernels.js";

// Parameters (i32): pointers are byte addresses, strides and sizes count floats.
// X: the epilogue's operand (a bias row, or a mask laid out like C), when it has one.
const [A, RSA, KSA, B, LDB, C, LDC, M, K, N, X] = [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10];
const PARAMS = 11;
// Locals.
const [R, COL, KK, A0, A1, BP, CP, XP] = [11, 12, 13, 14, 15, 16, 17, 18];
const S = 19;
const W0 = 20; // w0..w3
const ACC0 = 24; // acc0..acc7: row i, column vector j at ACC0 + 4i + j
const LOCALS = [...new Array<number>(8).fill(I32), ...new Array<number>(1 + 4 + 8).fill(V128)];

/**
 * What a variant's accumulators start from (zero, C itself, or a bias row at X) and what its
 * store does (nothing more, ReLU, or zero where a mask at X with C's layout has its sign bit
 * set: a ReLU's backward against the layer's output, whose negative inputs it stored as −0).
 * The ReLU's derivative is then 1 at exactly 0, as jax-js's (relu = max(x, 0), whose
 * derivative is where(x < 0, 0, 1)): rows with all-zero inputs and zero biases, e.g. every
 * first-period row at initialization, hit exactly 0.
 */
interface Variant {
  init: "zero" | "c" | "bias";
  store: "plain" | "relu" | "mask";
}

const toBytes = (p: number) => [...op.get(p), ...op.i32(2), ...op.i32Shl(), ...op.set(p)];

/**
 * The loop over blocks of `rows` rows (from the current r while r + rows ≤ M).
 */
function rowLoop(rows: number, { init, store }: Variant): number[] {
  const b: number[] = [];
  const rowAddr = (i: number) =>
    i === 0 ? op.get(CP) : [...op.get(CP), ...op.get(LDC), ...op.i32Add()];
  b.push(...op.block(), ...op.loop());
  b.push(
    ...op.get(R),
    ...op.i32(rows),
    ...op.i32Add(),
    ...op.get(M),
    ...op.i32GtU(),
    ...op.brIf(1),
  );
  b.push(...op.i32(0), ...op.set(COL));
  b.push(...op.block(), ...op.loop());
  b.push(...op.get(COL), ...op.get(N), ...op.i32GeU(), ...op.brIf(1));
  // cp = C + r·ldC + 4·col
  b.push(...op.get(C), ...op.get(R), ...op.get(LDC), ...op.i32Mul(), ...op.i32Add());
  b.push(...op.get(COL), ...op.i32(2), ...op.i32Shl(), ...op.i32Add(), ...op.set(CP));
  for (let i = 0; i < rows; i++)
    for (let j = 0; j < 4; j++)
      b.push(
        ...(init === "c"
          ? [...rowAddr(i), ...op.v128Load(16 * j)]
          : init === "bias"
            ? [...op.get(X), ...op.get(COL), ...op.i32(2), ...op.i32Shl(), ...op.i32Add()].concat(
                op.v128Load(16 * j),
              )
            : op.v128Zero()),
        ...op.set(ACC0 + 4 * i + j),
      );
  // a0 = A + r·rsA, a1 = a0 + rsA, bp = B + 4·col, k = K
  b.push(...op.get(A), ...op.get(R), ...op.get(RSA), ...op.i32Mul(), ...op.i32Add(), ...op.set(A0));
  if (rows === 2) b.push(...op.get(A0), ...op.get(RSA), ...op.i32Add(), ...op.set(A1));
  b.push(...op.get(B), ...op.get(COL), ...op.i32(2), ...op.i32Shl(), ...op.i32Add(), ...op.set(BP));
  b.push(...op.get(K), ...op.set(KK));
  b.push(...op.block(), ...op.loop());
  b.push(...op.get(KK), ...op.i32Eqz(), ...op.brIf(1));
  for (let j = 0; j < 4; j++) b.push(...op.get(BP), ...op.v128Load(16 * j), ...op.set(W0 + j));
  for (let i = 0; i < rows; i++) {
    b.push(...op.get(i === 0 ? A0 : A1), ...op.v128Load32Splat(), ...op.set(S));
    for (let j = 0; j < 4; j++) {
      const acc = ACC0 + 4 * i + j;
      b.push(...op.get(acc), ...op.get(S), ...op.get(W0 + j), ...op.f32x4Mul(), ...op.f32x4Add());
      b.push(...op.set(acc));
    }
  }
  for (let i = 0; i < rows; i++) {
    const a = i === 0 ? A0 : A1;
    b.push(...op.get(a), ...op.get(KSA), ...op.i32Add(), ...op.set(a));
  }
  b.push(...op.get(BP), ...op.get(LDB), ...op.i32Add(), ...op.set(BP));
  b.push(...op.get(KK), ...op.i32(1), ...op.i32Sub(), ...op.set(KK));
  b.push(...op.br(0), ...op.end(), ...op.end());
  if (store === "mask")
    b.push(
      ...op.get(CP),
      ...op.get(C),
      ...op.i32Sub(),
      ...op.get(X),
      ...op.i32Add(),
      ...op.set(XP),
    );
  for (let i = 0; i < rows; i++)
    for (let j = 0; j < 4; j++) {
      b.push(...rowAddr(i), ...op.get(ACC0 + 4 * i + j));
      // ReLU: x < 0 becomes −0 (pmax(x, −0)), so that the sign bit keeps [x ≥ 0] for the
      // backward; −0 is 0 in every later sum and product.
      if (store === "relu") b.push(...op.v128NegZero(), ...op.f32x4Pmax());
      if (store === "mask") {
        b.push(...(i === 0 ? op.get(XP) : [...op.get(XP), ...op.get(LDC), ...op.i32Add()]));
        // acc & ~(mask's sign bit, spread over the lane): zero where the mask is negative or −0.
        b.push(...op.v128Load(16 * j), ...op.i32(31), ...op.i32x4ShrS(), ...op.v128AndNot());
      }
      b.push(...op.v128Store(16 * j));
    }
  b.push(...op.get(COL), ...op.i32(16), ...op.i32Add(), ...op.set(COL));
  b.push(...op.br(0), ...op.end(), ...op.end());
  b.push(...op.get(R), ...op.i32(rows), ...op.i32Add(), ...op.set(R));
  b.push(...op.br(0), ...op.end(), ...op.end());
  return b;
}

/** The variants, one exported function each. */
const VARIANTS: Record<string, Variant> = {
  gemm: { init: "zero", store: "plain" },
  gemmAcc: { init: "c", store: "plain" },
  gemmBias: { init: "bias", store: "plain" },
  gemmBiasRelu: { init: "bias", store: "relu" },
  gemmMask: { init: "zero", store: "mask" },
  gemmAccMask: { init: "c", store: "mask" },
};

/**
 * The kernel module's bytes (deterministic: built from the code above): one function per
 * variant. One function with a run-time choice, even branching once outside the loops, ran at
 * 37 instead of 47 GFLOP/s (V8's register allocation of the accumulators).
 */
export function gemmModuleBytes(): Uint8Array<ArrayBuffer> {
  const funcs = Object.entries(VARIANTS).map(([name, v]) => {
    const body: number[] = [];
    // Strides arrive in floats; the loops step byte addresses.
    for (const p of [RSA, KSA, LDB, LDC]) body.push(...toBytes(p));
    body.push(...op.i32(0), ...op.set(R), ...rowLoop(2, v), ...rowLoop(1, v));
    return { name, params: PARAMS, locals: LOCALS, body };
  });
  return encodeModule([...funcs, ...ROW_FUNCTIONS], 1);
}

/** The epilogue of a product: see `GemmKernel.gemm`. */
export interface GemmEpilogue {
  /** Offset of a bias row of N floats that the products start from (instead of zero or C). */
  bias?: number;
  /** ReLU before the store (with `bias`); negative inputs become −0 (see Variant). */
  relu?: boolean;
  /**
   * Offset of a matrix laid out like C (stride ldC): C's entries where it is negative or −0
   * become 0 (a ReLU output from `relu`: where the ReLU's input was < 0).
   */
  mask?: number;
}

type GemmFn = (...args: number[]) => void;

const PAGE = 65536;

/**
 * The kernel instantiated on its own WebAssembly.Memory, with a bump allocator over that
 * memory. Offsets are in floats. The memory grows on demand; `f32` is re-taken after growth
 * (a grown memory detaches the old ArrayBuffer), so read it after every `alloc`.
 */
export class GemmKernel {
  readonly memory: WebAssembly.Memory;
  private readonly fns: Record<string, GemmFn>;
  private top = 0;
  f32: Float32Array;

  constructor() {
    this.memory = new WebAssembly.Memory({ initial: 16 });
    // Synchronous compile (6 KB; Node compiles any size synchronously, a browser's main thread
    // only up to 4 KB: there this class would have to be built from WebAssembly.compile).
    const mod = new WebAssembly.Module(gemmModuleBytes());
    const inst = new WebAssembly.Instance(mod, { env: { mem: this.memory } });
    this.fns = inst.exports as Record<string, GemmFn>;
    this.f32 = new Float32Array(this.memory.buffer);
  }

  /** `floats` floats of memory (16-byte aligned, contents unspecified); returns the offset. */
  alloc(floats: number): number {
    const at = this.top;
    this.top += Math.ceil(floats / 4) * 4;
    const need = this.top * 4 - this.memory.buffer.byteLength;
    if (need > 0) {
      this.memory.grow(Math.ceil(need / PAGE));
      this.f32 = new Float32Array(this.memory.buffer);
    }
    return at;
  }

  /** The allocator's position, for `release`. */
  mark(): number {
    return this.top;
  }

  /** Free everything allocated since `mark` (the memory itself is kept for reuse). */
  release(mark = 0): void {
    this.top = mark;
  }

  /**
   * C[M × N] = A·B (or += when `accumulate`), offsets and strides in floats (see the file
   * comment); N a multiple of 16. With an epilogue: C = relu?(bias + A·B), or
   * C = (C? + A·B) ⊙ [mask ≥ +0].
   */
  gemm(
    a: number,
    rsA: number,
    ksA: number,
    b: number,
    ldB: number,
    c: number,
    ldC: number,
    m: number,
    k: number,
    n: number,
    accumulate: boolean,
    epi: GemmEpilogue = {},
  ): void {
    if (n % 16 !== 0) throw new Error(`gemm: N = ${n} is not a multiple of 16`);
    let name = accumulate ? "gemmAcc" : "gemm";
    let x = 0;
    if (epi.bias !== undefined) {
      if (accumulate || epi.mask !== undefined) throw new Error("gemm: bias starts a product");
      name = epi.relu ? "gemmBiasRelu" : "gemmBias";
      x = epi.bias;
    } else if (epi.relu) throw new Error("gemm: relu needs a bias");
    else if (epi.mask !== undefined) {
      name = accumulate ? "gemmAccMask" : "gemmMask";
      x = epi.mask;
    }
    this.fns[name](a * 4, rsA, ksA, b * 4, ldB, c * 4, ldC, m, k, n, x * 4);
  }

  /**
   * out[r] = max(U[pid[r]] + V[gid[r]], −0) for r < rows (row-kernels.ts): rows of `ld` floats (a
   * multiple of 16), pid and gid int32 arrays in this memory; offsets in 4-byte units.
   */
  assemble(u: number, v: number, pid: number, gid: number, rows: number, out: number, ld: number) {
    if (ld % 16 !== 0) throw new Error(`assemble: ld = ${ld} is not a multiple of 16`);
    this.fns.assemble(u * 4, v * 4, pid * 4, gid * 4, rows, out * 4, ld);
  }

  /** U[pid[r]] += d[r] and V[gid[r]] += d[r] for r < rows (the backward of `assemble`). */
  scatter(u: number, v: number, pid: number, gid: number, rows: number, d: number, ld: number) {
    if (ld % 16 !== 0) throw new Error(`scatter: ld = ${ld} is not a multiple of 16`);
    this.fns.scatter(u * 4, v * 4, pid * 4, gid * 4, rows, d * 4, ld);
  }

  /** `ids` copied into this memory (int32); returns the offset. */
  int32s(ids: Int32Array): number {
    const at = this.alloc(ids.length);
    new Int32Array(this.memory.buffer, at * 4, ids.length).set(ids);
    return at;
  }

  /**
   * C[k × n] (= or +=) Xᵀ·Y for X[rows × k] (row stride ldX) and Y[rows × n] (row stride ldY),
   * the weight gradient of a dense layer: in blocks of XT_BLOCK rows, each block's X and Y
   * staying in cache (one pass over 16,384 rows: 24 GFLOP/s; blocks of 128: 31).
   */
  gemmXtY(
    x: number,
    ldX: number,
    y: number,
    ldY: number,
    c: number,
    ldC: number,
    rows: number,
    k: number,
    n: number,
    accumulate: boolean,
  ): void {
    // No rows: Xᵀ·Y is zero (a product with an empty inner dimension writes zeros).
    if (rows === 0 && !accumulate) this.gemm(x, 1, ldX, y, ldY, c, ldC, k, 0, n, false);
    for (let s = 0; s < rows; s += XT_BLOCK) {
      const r = Math.min(XT_BLOCK, rows - s);
      this.gemm(x + s * ldX, 1, ldX, y + s * ldY, ldY, c, ldC, k, r, n, accumulate || s > 0);
    }
  }
}

const XT_BLOCK = 128;

/** Columns padded to the kernel's multiple of 16. */
export const pad16 = (n: number): number => Math.ceil(n / 16) * 16;
