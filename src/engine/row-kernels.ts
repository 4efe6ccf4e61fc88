// Row gathers and scatters in WebAssembly SIMD, beside the GEMM kernel in its module
// (gemm-kernel.ts): the hand-written network's trunk input h1 = ReLU(U[pid[r]] + V[gid[r]])
// from its per-profile and per-history parts, and the backward's sums of h1's cotangent into
// those parts (src/mechanisms/neural/network-wasm-groups.ts). As JS loops they cost about a
// fifth of the network's time (a data-dependent branch per element for the ReLU's −0).
//
// Both take byte addresses; rows are `ld` floats, a multiple of 16 (four f32x4 per step).
import { I32, op, V128, type FunctionSpec } from "./wasm-encoder.js";

// assemble(U, V, pid, gid, rows, out, ld) and scatter(U, V, pid, gid, rows, d, ld).
const [P0, P1, PID, GID, ROWS, P5, LD] = [0, 1, 2, 3, 4, 5, 6];
// Locals: row counter, the three row pointers, the end of the current row.
const [R, UP, VP, OP, END] = [7, 8, 9, 10, 11];
const LOCALS = [I32, I32, I32, I32, I32, V128];
const TMP = 12;

/** up = base + 4·ld·ids[r] (ld already in bytes). */
const rowOf = (base: number, ids: number, to: number) => [
  ...op.get(base),
  ...op.get(ids),
  ...op.get(R),
  ...op.i32(2),
  ...op.i32Shl(),
  ...op.i32Add(),
  ...op.i32Load(),
  ...op.get(LD),
  ...op.i32Mul(),
  ...op.i32Add(),
  ...op.set(to),
];

/** for r in [0, rows): set the row pointers (head), then for each 64 bytes of a row: step. */
function rows(head: number[], step: (k: number) => number[]): number[] {
  const b: number[] = [...op.get(LD), ...op.i32(2), ...op.i32Shl(), ...op.set(LD)];
  b.push(...op.i32(0), ...op.set(R), ...op.block(), ...op.loop());
  b.push(...op.get(R), ...op.get(ROWS), ...op.i32GeU(), ...op.brIf(1));
  b.push(...head, ...op.get(OP), ...op.get(LD), ...op.i32Add(), ...op.set(END));
  b.push(...op.block(), ...op.loop());
  b.push(...op.get(OP), ...op.get(END), ...op.i32GeU(), ...op.brIf(1));
  for (let k = 0; k < 4; k++) b.push(...step(16 * k));
  for (const p of [UP, VP, OP]) b.push(...op.get(p), ...op.i32(64), ...op.i32Add(), ...op.set(p));
  b.push(...op.br(0), ...op.end(), ...op.end());
  b.push(...op.get(R), ...op.i32(1), ...op.i32Add(), ...op.set(R));
  b.push(...op.br(0), ...op.end(), ...op.end());
  return b;
}

/** The row pointers of row r: U[pid[r]], V[gid[r]] and out + r·ld. */
const head = [
  ...rowOf(P0, PID, UP),
  ...rowOf(P1, GID, VP),
  ...op.get(P5),
  ...op.get(R),
  ...op.get(LD),
  ...op.i32Mul(),
  ...op.i32Add(),
  ...op.set(OP),
];

/** out[r] = max(U[pid[r]] + V[gid[r]], −0): a negative sum stored as −0, as the GEMM's ReLU. */
const assemble = rows(head, (k) => [
  ...op.get(OP),
  ...op.get(UP),
  ...op.v128Load(k),
  ...op.get(VP),
  ...op.v128Load(k),
  ...op.f32x4Add(),
  ...op.v128NegZero(),
  ...op.f32x4Pmax(),
  ...op.v128Store(k),
]);

/** U[pid[r]] += d[r] and V[gid[r]] += d[r] (d in the `out` parameter). */
const scatter = rows(head, (k) => [
  ...op.get(OP),
  ...op.v128Load(k),
  ...op.set(TMP),
  ...op.get(UP),
  ...op.get(UP),
  ...op.v128Load(k),
  ...op.get(TMP),
  ...op.f32x4Add(),
  ...op.v128Store(k),
  ...op.get(VP),
  ...op.get(VP),
  ...op.v128Load(k),
  ...op.get(TMP),
  ...op.f32x4Add(),
  ...op.v128Store(k),
]);

export const ROW_FUNCTIONS: FunctionSpec[] = [
  { name: "assemble", params: 7, locals: LOCALS, body: assemble },
  { name: "scatter", params: 7, locals: LOCALS, body: scatter },
];
