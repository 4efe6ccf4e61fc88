// A minimal WebAssembly binary encoder: the handful of instructions the GEMM kernel
// (gemm-kernel.ts) uses, and a module of functions that imports its memory.
//
// Why an in-repo encoder rather than a WAT assembler (`wabt`) writing a committed .wasm: the
// kernel's bytes are then built from this repository's source at load time, so they cannot
// drift from a generator nobody re-ran, and there is no dependency and no binary in the repo.
// The opcodes are those of the WebAssembly core specification (§5.4, and the fixed-width SIMD
// proposal's 0xFD-prefixed instructions, standard since 2021 in every engine Node 20 ships).

/** Value types. */
export const I32 = 0x7f;
export const V128 = 0x7b;

/** Unsigned LEB128. */
export function uleb(n: number): number[] {
  const out: number[] = [];
  do {
    let b = n & 0x7f;
    n >>>= 7;
    if (n !== 0) b |= 0x80;
    out.push(b);
  } while (n !== 0);
  return out;
}

/** Signed LEB128 (32-bit values). */
export function sleb(n: number): number[] {
  const out: number[] = [];
  for (;;) {
    const b = n & 0x7f;
    n >>= 7;
    const done = (n === 0 && (b & 0x40) === 0) || (n === -1 && (b & 0x40) !== 0);
    out.push(done ? b : b | 0x80);
    if (done) return out;
  }
}

const str = (s: string): number[] => [...uleb(s.length), ...Array.from(s, (c) => c.charCodeAt(0))];
const vec = (items: number[][]): number[] => [...uleb(items.length), ...items.flat()];
const section = (id: number, body: number[]): number[] => [id, ...uleb(body.length), ...body];
const simd = (op: number): number[] => [0xfd, ...uleb(op)];

/** Instructions (each returns its bytes; a function body is their concatenation). */
export const op = {
  block: (): number[] => [0x02, 0x40],
  loop: (): number[] => [0x03, 0x40],
  if: (): number[] => [0x04, 0x40],
  else: (): number[] => [0x05],
  end: (): number[] => [0x0b],
  br: (depth: number): number[] => [0x0c, ...uleb(depth)],
  brIf: (depth: number): number[] => [0x0d, ...uleb(depth)],
  get: (local: number): number[] => [0x20, ...uleb(local)],
  set: (local: number): number[] => [0x21, ...uleb(local)],
  i32: (n: number): number[] => [0x41, ...sleb(n)],
  i32Eqz: (): number[] => [0x45],
  i32LtU: (): number[] => [0x49],
  i32GtU: (): number[] => [0x4b],
  i32GeU: (): number[] => [0x4f],
  i32Add: (): number[] => [0x6a],
  i32Sub: (): number[] => [0x6b],
  i32Mul: (): number[] => [0x6c],
  i32Shl: (): number[] => [0x74],
  /** i32.load with a constant byte offset (alignment hint 2^2 = 4 bytes). */
  i32Load: (offset = 0): number[] => [0x28, 2, ...uleb(offset)],
  /** v128.load with a constant byte offset (alignment hint 2^4 = 16 bytes). */
  v128Load: (offset = 0): number[] => [...simd(0x00), 4, ...uleb(offset)],
  /** v128.load32_splat: one f32 from memory into all four lanes. */
  v128Load32Splat: (offset = 0): number[] => [...simd(0x09), 2, ...uleb(offset)],
  v128Store: (offset = 0): number[] => [...simd(0x0b), 4, ...uleb(offset)],
  v128Zero: (): number[] => [...simd(0x0c), ...new Array<number>(16).fill(0)],
  /** v128.const of four f32 −0 (only the sign bits set). */
  v128NegZero: (): number[] => [
    ...simd(0x0c),
    ...[0, 0, 0, 0x80, 0, 0, 0, 0x80, 0, 0, 0, 0x80, 0, 0, 0, 0x80],
  ],
  i32x4ShrS: (): number[] => simd(0xac),
  v128AndNot: (): number[] => simd(0x4f),
  /** f32x4.pmax(a, b) = a < b ? b : a, lane-wise. */
  f32x4Pmax: (): number[] => simd(0xeb),
  f32x4Add: (): number[] => simd(0xe4),
  f32x4Mul: (): number[] => simd(0xe6),
};

/** A function of the module: exported as `name`, `params` i32 parameters, no result. */
export interface FunctionSpec {
  name: string;
  params: number;
  /** Value types of the locals after the parameters. */
  locals: number[];
  /** The body's instructions, without the final `end`. */
  body: number[];
}

/**
 * A module importing `env.mem` (a WebAssembly.Memory of at least `minPages` 64 KiB pages) and
 * exporting `funcs`.
 */
export function encodeModule(funcs: FunctionSpec[], minPages: number): Uint8Array<ArrayBuffer> {
  // One signature per distinct parameter count.
  const arities = [...new Set(funcs.map((f) => f.params))];
  const types = section(
    1,
    vec(arities.map((p) => [0x60, ...vec(new Array(p).fill([I32])), ...vec([])])),
  );
  const imports = section(2, vec([[...str("env"), ...str("mem"), 0x02, 0x00, ...uleb(minPages)]]));
  const decls = section(3, vec(funcs.map((f) => uleb(arities.indexOf(f.params)))));
  const exports = section(7, vec(funcs.map((f, k) => [...str(f.name), 0x00, ...uleb(k)])));
  const bodies = funcs.map(({ locals, body }) => {
    // Locals grouped as runs of one type: (count, type).
    const runs: number[][] = [];
    for (const t of locals) {
      const last = runs[runs.length - 1];
      if (last && last[1] === t) last[0]++;
      else runs.push([1, t]);
    }
    const fn = [...vec(runs.map(([n, t]) => [...uleb(n), t])), ...body, ...op.end()];
    return [...uleb(fn.length), ...fn];
  });
  return Uint8Array.from([
    ...[0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00],
    ...types,
    ...imports,
    ...decls,
    ...exports,
    ...section(10, vec(bodies)),
  ]);
}
