import { describe, expect, it } from "vitest";
import { Rng } from "../engine/rng.js";
import { defaultInitLogStd, initialMean, toAction } from "./action-dist.js";
import { LOG_2PI, sampleRow } from "./policy.js";

describe("action distributions", () => {
  it("clipped Gaussian: clip(u, 0, 1); logit-normal: sigmoid(u), never exactly 0 or 1", () => {
    expect(toAction("clipped-gaussian", -0.3)).toBe(0);
    expect(toAction("clipped-gaussian", 0.37)).toBe(0.37);
    expect(toAction("clipped-gaussian", 1.2)).toBe(1);
    expect(toAction("logit-normal", 0)).toBe(0.5);
    expect(toAction("logit-normal", -6)).toBeGreaterThan(0);
    expect(toAction("logit-normal", 6)).toBeLessThan(1);
    // Initial prices centred in [0, 1] with σ = 0.5 for the clipped Gaussian.
    expect(initialMean("clipped-gaussian")).toBe(0.5);
    expect(Math.exp(defaultInitLogStd("clipped-gaussian"))).toBeCloseTo(0.5, 12);
  });

  it("clipped prices hit exactly 0 and exactly 1 with the Gaussian tail probabilities", () => {
    // μ = 0.2, σ = 0.5: P(price = 0) = Φ(−0.4) = 0.344578, P(price = 1) = 1 − Φ(1.6) = 0.054799
    // (standard normal table values).
    const rng = new Rng(3);
    const out = { choice: 0, u: new Float64Array(1) };
    const N = 40_000;
    let zeros = 0;
    let ones = 0;
    for (let k = 0; k < N; k++) {
      sampleRow(rng, [0], 0, [1], 1, [0.2], 0, [Math.log(0.5)], [1], 1, false, out);
      const p = toAction("clipped-gaussian", out.u[0]);
      if (p === 0) zeros++;
      if (p === 1) ones++;
    }
    const se = (q: number) => Math.sqrt((q * (1 - q)) / N);
    expect(Math.abs(zeros / N - 0.344578)).toBeLessThan(4 * se(0.344578));
    expect(Math.abs(ones / N - 0.054799)).toBeLessThan(4 * se(0.054799));
  });

  it("log-probability is the masked softmax plus the unclipped Gaussian density of active items", () => {
    const scores = [1, 2, 3];
    const legal = [1, 0, 1];
    const mu = [0.3, -0.2];
    const logStd = [Math.log(0.5), Math.log(2)];
    const active = [1, 0];
    const out = { choice: 0, u: new Float64Array(2) };
    const rng = new Rng(11);
    for (let k = 0; k < 20; k++) {
      const logp = sampleRow(rng, scores, 0, legal, 3, mu, 0, logStd, active, 2, false, out);
      expect(out.choice).not.toBe(1); // illegal choice never drawn
      // Hand computation: softmax over the legal scores {1, 3}; item 2 is inactive.
      const logZ = Math.log(Math.exp(1) + Math.exp(3));
      const z = (out.u[0] - 0.3) / 0.5;
      const hand = scores[out.choice] - logZ - 0.5 * z * z - Math.log(0.5) - 0.5 * LOG_2PI;
      expect(logp).toBeCloseTo(hand, 10);
    }
    // Deterministic: argmax legal choice, u = μ (price = clip(μ)).
    sampleRow(rng, scores, 0, legal, 3, mu, 0, logStd, active, 2, true, out);
    expect(out.choice).toBe(2);
    expect(Array.from(out.u)).toEqual(mu);
    expect(toAction("clipped-gaussian", out.u[1])).toBe(0);
  });
});
