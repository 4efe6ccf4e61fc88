import { describe, expect, it } from "vitest";
import { initEngine, jit, np, valueAndGrad, type Tensor } from "./jax.js";
import { Adam } from "./optim/adam.js";
import { Rng } from "./rng.js";

describe("Rng", () => {
  it("is deterministic given the seed and differs across seeds", () => {
    const a = new Rng(42);
    const b = new Rng(42);
    const c = new Rng(43);
    const xs = Array.from({ length: 5 }, () => a.uniform());
    expect(Array.from({ length: 5 }, () => b.uniform())).toEqual(xs);
    expect(Array.from({ length: 5 }, () => c.uniform())).not.toEqual(xs);
  });

  it("clone continues with the same draws, including a pending normal", () => {
    const a = new Rng(7);
    a.normal(); // leaves the polar method's spare pending
    const b = a.clone();
    const xs = Array.from({ length: 6 }, () => a.normal());
    expect(Array.from({ length: 6 }, () => b.normal())).toEqual(xs);
  });

  it("has the right first two moments (uniform and normal)", () => {
    const r = new Rng(1);
    const N = 200_000;
    let su = 0;
    let sn = 0;
    let sn2 = 0;
    for (let k = 0; k < N; k++) {
      su += r.uniform();
      const z = r.normal();
      sn += z;
      sn2 += z * z;
    }
    // Means within 5 standard errors: sd(U) = 1/√12, sd(Z) = 1.
    expect(Math.abs(su / N - 0.5)).toBeLessThan(5 / Math.sqrt(12) / Math.sqrt(N));
    expect(Math.abs(sn / N)).toBeLessThan(5 / Math.sqrt(N));
    expect(Math.abs(sn2 / N - 1)).toBeLessThan(5 * Math.sqrt(2 / N));
  });

  it("categorical follows the probabilities", () => {
    const r = new Rng(3);
    const counts = [0, 0, 0];
    const N = 60_000;
    for (let k = 0; k < N; k++) counts[r.categorical([0.2, 0.5, 0.3])]++;
    expect(counts[0] / N).toBeCloseTo(0.2, 1);
    expect(counts[1] / N).toBeCloseTo(0.5, 1);
  });

  it("continues exactly from a saved state, spare normal included, through JSON", () => {
    const r = new Rng(11);
    r.normal(); // leaves a spare normal draw behind
    const saved = JSON.parse(JSON.stringify(r.state())) as ReturnType<Rng["state"]>;
    expect(saved.spare).not.toBeNull();
    const again = Rng.fromState(saved);
    const draws = (g: Rng) => [g.normal(), g.normal(), g.nextU32(), g.split().uniform()];
    const want = draws(r);
    expect(draws(again)).toEqual(want);
    expect(new Set(want).size).toBe(4);
  });
});

describe("engine (jax-js)", () => {
  it("jit(valueAndGrad) matches the analytic gradient and keeps no references", async () => {
    await initEngine();
    // f(w) = Σ_k (w_k x_k)², ∂f/∂w_k = 2 w_k x_k².
    const f = (w: Tensor, x: Tensor) => np.sum(np.square(w.mul(x)));
    const step = jit(valueAndGrad(f));
    const w = np.array(new Float32Array([1, -2, 0.5]));
    const x = np.array(new Float32Array([3, 1, 2]));
    for (let k = 0; k < 50; k++) {
      const [v, g] = step(w.ref, x.ref);
      if (k === 0) {
        expect(v.js()).toBeCloseTo(9 + 4 + 1, 4);
        expect(g.js()).toEqual([18, -4, 4].map((t) => expect.closeTo(t, 4)));
      } else {
        v.dispose();
        g.dispose();
      }
    }
    // After 50 evaluations the inputs are still owned only by the test.
    expect(w.refCount).toBe(1);
    expect(x.refCount).toBe(1);
    w.dispose();
    x.dispose();
  });

  it("Adam minimises a quadratic and releases replaced parameters", async () => {
    await initEngine();
    // Constants enter a jitted function as arguments (a closure-created array is freed
    // with the trace).
    const target = np.array(new Float32Array([1, -1]));
    let params = [np.array(new Float32Array([0, 0]))];
    const loss = (p: Tensor, t: Tensor) => np.sum(np.square(p.sub(t)));
    const step = jit(valueAndGrad(loss));
    const opt = new Adam(params, 0.1);
    for (let k = 0; k < 300; k++) {
      const old = params[0];
      const [v, g] = step(params[0].ref, target.ref);
      v.dispose();
      params = opt.step(params, [g]);
      expect(old.refCount).toBe(0);
    }
    const final = params[0].js() as number[];
    expect(final[0]).toBeCloseTo(1, 2);
    expect(final[1]).toBeCloseTo(-1, 2);
    expect(target.refCount).toBe(1);
    target.dispose(); // `.js()` above consumed params[0]
    opt.dispose();
  });
});
