// One thread of bench/designers.ts's two-thread engine peak: its own tensor engine runs the same
// jitted product as the one-thread peak, `reps` times, when the main thread says go (so that
// both threads compute at once), and reports its wall seconds (the main thread measures the
// process's CPU time, both threads included).
import { parentPort, workerData } from "node:worker_threads";
import { initEngine, type Tensor } from "../src/engine/jax.js";
import { matmulKernels, randomTensor, wasmMatmulKernels } from "./matmul-kernels.js";
import { Rng } from "../src/engine/rng.js";

const { rows, k, o, reps, back, seed, engine } = workerData as {
  rows: number;
  k: number;
  o: number;
  reps: number;
  back: boolean;
  seed: number;
  /** "jax" (jax-js, jitted) or "wasm" (mechlab's SIMD kernel). */
  engine: "jax" | "wasm";
};
await initEngine();
const rng = new Rng(seed);
let once: () => void;
if (engine === "wasm") {
  const { fwd, bwd } = wasmMatmulKernels(rng, rows, k, o);
  once = back ? bwd : fwd;
} else {
  const rand = (...shape: number[]) => randomTensor(rng, ...shape);
  const { fwd, bwd } = matmulKernels();
  const x = rand(rows, k);
  const w = rand(k, o);
  const c = rand(rows, o);
  once = () =>
    back
      ? bwd(w.ref, x.ref, c.ref).forEach((g: Tensor) => g.dataSync())
      : fwd(x.ref, w.ref).dataSync();
}
// Compile (jax-js); let V8 tier the kernel up to its optimized code.
for (let r = 0; r < (engine === "wasm" ? 10 : 1); r++) once();
parentPort!.once("message", () => {
  const t0 = performance.now();
  for (let r = 0; r < reps; r++) once();
  parentPort!.postMessage((performance.now() - t0) / 1000);
});
parentPort!.postMessage("ready");
