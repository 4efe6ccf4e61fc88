import { describe, expect, it } from "vitest";
import { initEngine } from "../engine/jax.js";
import type { BatchedEnv } from "./batched-env.js";
import { defaultPpoConfig, PpoLearner, type IterationInfo } from "./ppo.js";
import { explainedVariance } from "./rollout.js";

/**
 * One round: choose an arm; arm 0 pays a fixed 0.1, arm 1 posts a price p ∈ [0, 1] to a buyer
 * with value v ~ U[0.5, 1.5] and pays the expected revenue p·P(v ≥ p) = p·min(1, 1.5 − p).
 * That is p for p ≤ 0.5 and p(1.5 − p) above, so the optimum is arm 1 at p* = 0.75
 * (revenue 0.5625 > 0.1). The policy starts at the uniform arm and μ = 0.5, away from both.
 */
class PriceOrOutside implements BatchedEnv {
  readonly horizon = 1;
  readonly obsDim = 1;
  readonly criticDim = 1;
  readonly nChoices = 2;
  readonly nContinuous = 1;
  constructor(readonly batch: number) {}
  reset(): void {}
  observe(obs: Float32Array, critic: Float32Array, legal: Uint8Array, active: Uint8Array): void {
    obs.fill(1);
    critic.fill(1);
    legal.fill(1);
    active.fill(1);
  }
  step(choice: Int32Array, price: Float64Array): { reward: Float64Array; done: boolean } {
    const reward = Float64Array.from(choice, (c, b) =>
      c === 0 ? 0.1 : price[b] * Math.min(1, 1.5 - price[b]),
    );
    return { reward, done: true };
  }
}

const config = {
  ...defaultPpoConfig,
  seed: 1,
  iterations: 25,
  hidden: 8,
  lr: 0.02,
  minibatches: 2,
  lrSchedule: "constant" as const,
};

describe("PPO", () => {
  it("learns the optimum of a one-round price-or-outside-option bandit", async () => {
    await initEngine();
    const learner = new PpoLearner(new PriceOrOutside(64), config);
    const start = learner.firstAction(Float32Array.of(1), Float32Array.of(1));
    expect(start.prices[0]).toBeCloseTo(0.5, 1);
    const history = learner.train();
    const end = learner.firstAction(Float32Array.of(1), Float32Array.of(1));
    expect(end.agent).toBe(1);
    // Near p* (the revenue is flat there: 0.65 already earns 0.5525); a wrong update (e.g. the
    // advantage's sign flipped) drives μ the other way, to the clip at 0 and arm 0.
    expect(Math.abs(end.prices[0] - 0.75)).toBeLessThan(0.1);
    // The sampled return approaches the optimum 0.5625 (exploration costs a little); the
    // starting policy earns about 0.25.
    const late = history.slice(-5).reduce((s, h) => s + h.meanReturn, 0) / 5;
    expect(history[0].meanReturn).toBeLessThan(0.4);
    expect(late).toBeGreaterThan(0.54);
    expect(late).toBeLessThanOrEqual(0.5625);
    learner.dispose();
  });

  it("logs the diagnostics of every iteration, in range", async () => {
    await initEngine();
    const learner = new PpoLearner(new PriceOrOutside(32), { ...config, iterations: 5 });
    const seen: IterationInfo[] = [];
    const history = learner.train([{ onStep: (r) => void seen.push(r.metrics as never) }]);
    expect(seen).toHaveLength(5);
    for (const h of history) {
      expect(h.approxKl).toBeGreaterThanOrEqual(0); // (ρ − 1) − log ρ ≥ 0 for every ρ > 0
      expect(h.clipFraction).toBeGreaterThanOrEqual(0);
      expect(h.clipFraction).toBeLessThanOrEqual(1);
      expect(Number.isFinite(h.entropy)).toBe(true);
      expect(h.explainedVariance).toBeLessThanOrEqual(1);
    }
    // The first rollout's value predictions are 0 (no value scale yet): explained variance 0.
    expect(history[0].explainedVariance).toBe(0);
    learner.dispose();
  });

  it("stops when a callback asks to", async () => {
    await initEngine();
    const learner = new PpoLearner(new PriceOrOutside(32), { ...config, iterations: 5 });
    const history = learner.train([{ onStep: (r) => (r.step === 2 ? "stop" : undefined) }]);
    expect(history).toHaveLength(2);
    learner.dispose();
  });
});

describe("explainedVariance", () => {
  it("is 1 for perfect predictions, 0 for the mean, negative for worse", () => {
    const R = [1, 2, 3, 4];
    expect(explainedVariance(R, R)).toBe(1);
    expect(explainedVariance([2.5, 2.5, 2.5, 2.5], R)).toBe(0);
    // V = R reversed: Var(R − V) = Var(−3, −1, 1, 3) = 5 = 4 · Var(R) (1.25).
    expect(explainedVariance([4, 3, 2, 1], R)).toBeCloseTo(1 - 5 / 1.25, 12);
  });
});
