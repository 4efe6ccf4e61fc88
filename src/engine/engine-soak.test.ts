// Soak of the tensor engine and of a designer's loop: 10,000 jitted training steps (forward,
// gradient, Adam) and a few hundred SGDA iterations keep the engine's WebAssembly memory and the
// live JS heap flat (docs/limits.md). jax-js frees an array when its reference count reaches zero; a step that
// kept one array alive per call would grow the engine's memory by its size every step.
import { setFlagsFromString } from "node:v8";
import { runInNewContext } from "node:vm";
import { describe, expect, it } from "vitest";
import { buildProblem } from "../problems/registry.js";
import { design, DEFAULT_DESIGN } from "../designers/inverse-game/run.js";
import { initEngine, jit, np, valueAndGrad, type Tensor } from "./jax.js";
import { Adam } from "./optim/adam.js";

// The engine's linear memory: captured when its backend creates it (at initEngine, below).
const memories: WebAssembly.Memory[] = [];
const Original = WebAssembly.Memory;
WebAssembly.Memory = function (desc: WebAssembly.MemoryDescriptor) {
  const m = new Original(desc);
  memories.push(m);
  return m;
} as unknown as typeof WebAssembly.Memory;
const engineBytes = () => memories.reduce((a, m) => a + m.buffer.byteLength, 0);

setFlagsFromString("--expose-gc");
const gc = runInNewContext("gc") as () => void;
const liveMb = () => {
  gc();
  return process.memoryUsage().heapUsed / 2 ** 20;
};

describe("engine soak", () => {
  it("10,000 jitted steps of a small network with Adam: engine memory and heap flat", async () => {
    await initEngine();
    expect(memories.length).toBeGreaterThan(0);
    // Fixed data: 64 inputs of width 8, targets their sum.
    const xs = new Float32Array(64 * 8).map((_, k) => ((k * 37) % 11) / 11);
    const ys = new Float32Array(64).map((_, r) =>
      xs.slice(r * 8, r * 8 + 8).reduce((a, b) => a + b),
    );
    const x = np.array(xs).reshape([64, 8]);
    const y = np.array(ys).reshape([64, 1]);
    const init = (n: number, s: number) =>
      np.array(new Float32Array(n).map((_, k) => (((k * 7919) % 13) / 13 - 0.5) * s));
    let params = [init(8 * 16, 0.5).reshape([8, 16]), init(16, 0), init(16, 0.5).reshape([16, 1])];
    const loss = (p: Tensor[], xin: Tensor, yin: Tensor) => {
      const h = np.tanh(np.matmul(xin, p[0]).add(p[1]));
      return np.mean(np.square(np.matmul(h, p[2]).sub(yin)));
    };
    const step = jit(valueAndGrad(loss));
    const opt = new Adam(params, 0.01);
    let first = NaN;
    let last = NaN;
    let bytesAt1k = 0;
    let heapAt1k = 0;
    for (let k = 0; k < 10_000; k++) {
      const [v, g] = step(
        params.map((p) => p.ref),
        x.ref,
        y.ref,
      );
      // Read every step, as the designers do (they log the loss): jax-js is lazy, and a chain
      // of steps nobody reads is kept as one growing computation until something is read.
      const value = v.js() as number;
      if (k === 0) first = value;
      last = value;
      const old = params;
      params = opt.step(params, g as Tensor[]);
      if (old.some((p) => p.refCount !== 0)) throw new Error(`step ${k} kept a parameter alive`);
      if (k === 999) {
        bytesAt1k = engineBytes();
        heapAt1k = liveMb();
      }
    }
    // It learned (so the steps did real work), and nothing accumulated after the first 1,000.
    expect(last).toBeLessThan(first / 10);
    expect(engineBytes()).toBe(bytesAt1k);
    expect(liveMb() - heapAt1k).toBeLessThan(3);
    expect(x.refCount).toBe(1);
    expect(y.refCount).toBe(1);
    params.forEach((p) => p.dispose());
    x.dispose();
    y.dispose();
    opt.dispose();
  }, 120_000);

  it("300 SGDA iterations of the penalty designer: engine memory flat after warm-up", async () => {
    const problem = buildProblem("bandit-auction(horizon=2,discount=0.9)");
    const at: number[] = [];
    let steps = 0;
    await design(
      problem,
      {
        ...DEFAULT_DESIGN,
        mechanism: { width: 8, payments: "free" },
        designer: "penalty",
        seed: 1,
        budget: 300,
        certify: 1,
      },
      {
        callbacks: [
          {
            onStep: (r) => {
              if (r.phase?.startsWith("certify ")) return; // the certificate's stages
              steps++;
              if (steps === 100 || steps === 300) at.push(engineBytes());
            },
          },
        ],
      },
    );
    expect(steps).toBe(300);
    expect(at[1]).toBe(at[0]);
  }, 120_000);
});
