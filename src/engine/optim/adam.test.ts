// Adam as specified by Kingma & Ba (2015), Algorithm 1, checked by hand on two steps.
import { describe, expect, it } from "vitest";
import { initEngine, np } from "../jax.js";
import { Adam, Adam64 } from "./adam.js";

// Two steps from x = (1, 1) with gradients g₁ = (2, −0.5), g₂ = (1, 1); lr 0.1, β₁ 0.9,
// β₂ 0.999, ε 1e-8.
//   step 1: m = 0.1·g₁ = (0.2, −0.05), v = 0.001·g₁² = (0.004, 0.00025);
//           m̂ = m/(1−0.9) = g₁, v̂ = v/(1−0.999) = g₁², so the step is lr·sign(g₁) (up to ε):
//           x = (1 − 0.1, 1 + 0.1) = (0.9, 1.1).
//   step 2: m = 0.9·m + 0.1·g₂ = (0.28, 0.055), v = 0.999·v + 0.001·g₂² = (0.004996, 0.00124975);
//           m̂ = m/0.19, v̂ = v/0.001999, x ← x − 0.1·m̂/(√v̂ + ε).
const step1 = [1 - (0.1 * 2) / (2 + 1e-8), 1 + (0.1 * 0.5) / (0.5 + 1e-8)];
const mHat2 = [0.28 / 0.19, 0.055 / 0.19];
const vHat2 = [0.004996 / 0.001999, 0.00124975 / 0.001999];
const step2 = step1.map((x, k) => x - (0.1 * mHat2[k]) / (Math.sqrt(vHat2[k]) + 1e-8));

describe("Adam64 (Float64, in place)", () => {
  it("follows Algorithm 1 step by step: moments, bias correction, update", () => {
    const x = new Float64Array([1, 1]);
    const opt = new Adam64(2, 0.1);
    opt.step(x, [2, -0.5]);
    expect(opt.t).toBe(1);
    expect(Array.from(opt.m)).toEqual([expect.closeTo(0.2, 15), expect.closeTo(-0.05, 15)]);
    expect(Array.from(opt.v)).toEqual([expect.closeTo(0.004, 15), expect.closeTo(0.00025, 15)]);
    expect(x[0]).toBeCloseTo(step1[0], 14);
    expect(x[1]).toBeCloseTo(step1[1], 14);
    expect(x[0]).toBeCloseTo(0.9, 7);
    opt.step(x, [1, 1]);
    expect(x[0]).toBeCloseTo(step2[0], 14);
    expect(x[1]).toBeCloseTo(step2[1], 14);
  });

  it("ascends with sign +1: the exact mirror image of descent", () => {
    const down = new Float64Array([0, 0]);
    const up = new Float64Array([0, 0]);
    const a = new Adam64(2, 0.1);
    const b = new Adam64(2, 0.1);
    for (const g of [
      [2, -0.5],
      [1, 1],
      [-3, 0.25],
    ]) {
      a.step(down, g);
      b.step(up, g, 1);
    }
    expect(Array.from(up)).toEqual(Array.from(down, (x) => -x));
    expect(up[0]).not.toBe(0);
  });

  it("multiplyFirst rounds lr·m/(1−β₁ᵗ) in another order: the same steps to the last bits", () => {
    const x = new Float64Array([1, 1]);
    const y = new Float64Array([1, 1]);
    const a = new Adam64(2, 0.1);
    const b = new Adam64(2, 0.1, { multiplyFirst: true });
    for (const g of [
      [2, -0.5],
      [1, 1],
    ]) {
      a.step(x, g);
      b.step(y, g);
    }
    expect(y[0]).toBeCloseTo(step2[0], 14);
    expect(y[1]).toBeCloseTo(step2[1], 14);
    expect(Math.abs(y[0] - x[0])).toBeLessThan(1e-15);
  });

  it("projects after every step (here: onto the box [0, 1])", () => {
    const seen: number[] = [];
    const opt = new Adam64(1, 0.1, {
      project: (x) => {
        seen.push(x[0]); // what the update produced, before projecting
        x[0] = Math.min(1, Math.max(0, x[0]));
      },
    });
    const x = new Float64Array([0.95]);
    opt.step(x, [-1]); // descent on g = −1 moves x up by lr = 0.1, past the bound
    expect(seen[0]).toBeCloseTo(1.05, 7);
    expect(x[0]).toBe(1);
    opt.step(x, [-1]);
    expect(seen[1]).toBeCloseTo(1.1, 7); // from the projected point, not from 1.05
    expect(x[0]).toBe(1);
  });
});

describe("Adam (jax tensors)", () => {
  it("takes the same two steps as the Float64 form (float32 precision)", async () => {
    await initEngine();
    let p = [np.array(new Float32Array([1, 1]))];
    const opt = new Adam(p, 0.1);
    p = opt.step(p, [np.array(new Float32Array([2, -0.5]))]);
    p = opt.step(p, [np.array(new Float32Array([1, 1]))]);
    const got = p[0].dataSync(); // consumes p[0]
    expect(got[0]).toBeCloseTo(step2[0], 5);
    expect(got[1]).toBeCloseTo(step2[1], 5);
    opt.dispose();
  });

  it("continues bit-identically from a saved state (checkpoints)", async () => {
    await initEngine();
    const grads = [
      [2, -0.5, 0.25],
      [1, 1, -2],
      [-3, 0.25, 0.5],
    ];
    const g = (k: number) => [np.array(new Float32Array(grads[k])).reshape([3, 1])];
    const start = () => [np.array(new Float32Array([1, 1, 1])).reshape([3, 1])];
    let p = start();
    const a = new Adam(p, 0.1);
    for (let k = 0; k < 3; k++) p = a.step(p, g(k));
    const want = Array.from(p[0].dataSync());
    let q = start();
    const b = new Adam(q, 0.1);
    q = b.step(q, g(0));
    const saved = b.state();
    expect(saved.t).toBe(1);
    const c = new Adam(q, 0.1);
    c.load(saved);
    for (let k = 1; k < 3; k++) q = c.step(q, g(k));
    expect(Array.from(q[0].dataSync())).toEqual(want);
    // A fresh optimizer (t = 0) from the same point takes a different step.
    expect(want[0]).not.toBe(1);
    for (const o of [a, b, c]) o.dispose();
  });
});
