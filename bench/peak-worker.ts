// One thread of bench/designers.ts's two-thread engine peak: its own tensor engine runs the same
// jitted product as the one-thread peak, `reps` times, when the main thread says go (so that
// both threads compute at once), and reports its wall seconds (the main thread measures the
// process's CPU time, both threads included).
import { parentPort, workerData } from "node:worker_threads";
import { grad, initEngine, jit, np, type Tensor } from "../src/engine/jax.js";
import { Rng } from "../src/engine/rng.js";

const { rows, k, o, reps, back, seed } = workerData as {
  rows: number;
  k: number;
  o: number;
  reps: number;
  back: boolean;
  seed: number;
};
await initEngine();
const rng = new Rng(seed);
const rand = (...shape: number[]) =>
  np
    .array(Float32Array.from({ length: shape.reduce((a, b) => a * b, 1) }, () => rng.normal()))
    .reshape(shape);
const fwd = jit((x: Tensor, w: Tensor) => np.matmul(x, w));
const bwd = jit(
  grad((w: Tensor, x: Tensor, c: Tensor) => np.sum(np.matmul(x, w).mul(c)), { argnums: [0, 1] }),
);
const x = rand(rows, k);
const w = rand(k, o);
const c = rand(rows, o);
const once = () =>
  back
    ? bwd(w.ref, x.ref, c.ref).forEach((g: Tensor) => g.dataSync())
    : fwd(x.ref, w.ref).dataSync();
once(); // compile
parentPort!.once("message", () => {
  const t0 = performance.now();
  for (let r = 0; r < reps; r++) once();
  parentPort!.postMessage((performance.now() - t0) / 1000);
});
parentPort!.postMessage("ready");
