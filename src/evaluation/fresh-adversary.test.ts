import { describe, expect, it } from "vitest";
import { TrainedDeviation } from "../agents/trained-deviation.js";
import { RecurrentDeviation } from "../agents/recurrent-deviation.js";
import { structuredDeviations } from "../agents/structured-deviations.js";
import { truthful, type ReportingStrategy } from "../agents/strategy.js";
import { normalCdf } from "../core/normal.js";
import { buildMechanism } from "../mechanisms/registry.js";
import type { Mechanism } from "../mechanisms/types.js";
import { buildProblem } from "../problems/registry.js";
import type { DynamicProblem } from "../problems/types.js";
import { evaluate } from "./evaluate.js";
import { trainAdversary } from "./fresh-adversary.js";
import { simulate, trajectorySeed } from "./simulate.js";
import { Rng } from "../engine/rng.js";

/** Agent 0's paired gains of `dev` over truth on N trajectories. */
function gains(p: DynamicProblem, mech: Mechanism, dev: ReportingStrategy, N: number) {
  const base = Array.from({ length: p.agents }, () => truthful);
  const withDev = base.map((s, i) => (i === 0 ? dev : s));
  return Array.from({ length: N }, (_, k) => {
    const s = trajectorySeed(99, k);
    return simulate(p, mech, withDev, s).utility[0] - simulate(p, mech, base, s).utility[0];
  });
}
const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
const stderr = (xs: number[]) => {
  const mu = mean(xs);
  return Math.sqrt(xs.reduce((a, b) => a + (b - mu) ** 2, 0) / (xs.length - 1) / xs.length);
};

describe("fresh adversary (trained deviation policy)", () => {
  it("starts exactly truthful: same reports as truth, zero gain on every trajectory", () => {
    for (const name of ["bandit-auction(values=continuous)", "bandit-auction"]) {
      const p = buildProblem(name);
      const mech = buildMechanism("first-price", p);
      for (const dev of [new TrainedDeviation(p, 0, 16, 3), new RecurrentDeviation(p, 0, 8, 3)])
        expect(gains(p, mech, dev, 200).every((g) => g === 0)).toBe(true);
    }
  });

  it("recurrent policy: the REINFORCE score (backpropagation through time) equals finite differences of log π", () => {
    const p = buildProblem("bandit-auction(values=continuous,items=2)");
    const mech = buildMechanism("second-price", p);
    const dev = new RecurrentDeviation(p, 0, 4, 5, -0.5);
    const rng = new Rng(8);
    // Non-zero head weights, so that gradients flow into both encoders.
    for (let k = 0; k < dev.theta.length - 1; k++) dev.theta[k] += 0.3 * rng.normal();
    dev.explore = true;
    dev.begin(11);
    simulate(p, mech, [dev, truthful], trajectorySeed(4, 0));
    const score = Float64Array.from(dev.score);
    const h = 1e-6;
    let worst = 0;
    for (let k = 0; k < dev.theta.length; k++) {
      const up = Float64Array.from(dev.theta);
      const down = Float64Array.from(dev.theta);
      up[k] += h;
      down[k] -= h;
      const fd = (dev.logLikelihood(up) - dev.logLikelihood(down)) / (2 * h);
      worst = Math.max(worst, Math.abs(fd - score[k]) / Math.max(1, Math.abs(fd)));
    }
    expect(worst).toBeLessThan(1e-6);
    expect(score.some((x, k) => k < 16 && x !== 0)).toBe(true); // public encoder's inputs
  });

  it("finds the best response of a one-shot first-price auction (by quadrature) and beats the structured family", () => {
    // Two bidders with values ~ N(2.5, 0.1²); the rival bids its value. Bidding b with value
    // v gains (v − b)·Φ((b − 2.5)/0.1) over truth (which gains 0); the best response's
    // expected gain, maximised per v on a fine grid of b and integrated over v:
    let num = 0;
    let den = 0;
    for (let k = -400; k <= 400; k++) {
      const z = k / 100;
      const v = 2.5 + 0.1 * z;
      const w = Math.exp(-0.5 * z * z);
      let best = 0;
      for (let b = 2; b < 3; b += 0.0005)
        best = Math.max(best, (v - b) * normalCdf((b - 2.5) / 0.1));
      num += w * best;
      den += w;
    }
    const optimum = num / den; // ≈ 0.0263
    const p = buildProblem("bandit-auction(values=continuous,horizon=1,mean=2.5,sd=0.1)");
    const mech = buildMechanism("first-price", p);
    const { policy } = trainAdversary(p, mech, 0, { iterations: 400, batch: 128, lr: 0.01 }, 1);
    const g = gains(p, mech, policy, 4000);
    // No deviation beats the best response: the estimate stays below it up to noise …
    expect(mean(g)).toBeLessThan(optimum + 3 * stderr(g));
    // … and the trained policy gets within 10 % of it.
    expect(mean(g)).toBeGreaterThan(0.9 * optimum);
    const structured = Math.max(
      ...structuredDeviations(p, 0).map((d) => mean(gains(p, mech, d, 4000))),
    );
    expect(structured).toBeLessThan(0.95 * optimum);
    expect(mean(g)).toBeGreaterThan(structured);
  });

  it("natural gradient: on first price it finds shading in fewer iterations than Adam, paired on the same seeds and trajectories", () => {
    // Same trajectories per iteration (seeded by iteration), same initial network; only the
    // update differs. After 3 iterations the natural-gradient policy's held-out gain is ≥ 1.2×
    // Adam's (lr 0.02, the default) on every seed; a wrong Fisher or a wrong step size (the KL
    // line search measures the true KL) would lose this.
    for (const [name, ratio] of [
      ["bandit-auction(values=continuous,horizon=2)", 1.2],
      ["bandit-auction(values=continuous,horizon=1,mean=2.5,sd=0.1)", 1.2],
    ] as const) {
      const p = buildProblem(name);
      const mech = buildMechanism("first-price", p);
      for (const seed of [1, 2, 3]) {
        const train = (update: "adam" | "npg") =>
          mean(
            gains(
              p,
              mech,
              trainAdversary(p, mech, 0, { iterations: 3, batch: 64, update }, seed).policy,
              2000,
            ),
          );
        const npg = train("npg");
        const adam = train("adam");
        expect(adam).toBeGreaterThan(0.01);
        expect(npg).toBeGreaterThan(ratio * adam);
      }
    }
    // The MLP policy has no natural-gradient step: refused, naming the field.
    const p = buildProblem("bandit-auction(values=continuous,horizon=1)");
    expect(() =>
      trainAdversary(
        p,
        buildMechanism("first-price", p),
        0,
        { iterations: 1, batch: 4, update: "npg", policy: "mlp" },
        1,
      ),
    ).toThrow(/update.*recurrent/);
  });

  it("gains nothing against a one-shot second-price auction (dominant-strategy IC)", () => {
    const p = buildProblem("bandit-auction(values=continuous,horizon=1)");
    const mech = buildMechanism("second-price", p);
    const { policy } = trainAdversary(p, mech, 0, { iterations: 50, batch: 64 }, 2);
    expect(gains(p, mech, policy, 2000).every((x) => x <= 1e-12)).toBe(true);
  });

  it("enters the sampled certificate as a candidate, named in the note", () => {
    const p = buildProblem("bandit-auction(values=continuous,horizon=1)");
    const mech = buildMechanism("first-price", p);
    const rep = evaluate(p, mech, {
      mode: "sampled",
      samples: 4000,
      adversary: { iterations: 400, batch: 128, lr: 0.01 },
    });
    expect(rep.exploitabilityNote).toMatch(
      /trained from scratch \(recurrent, REINFORCE, 400 iterations/,
    );
    expect(rep.exploitability.lowerBound).toBe(true);
    expect(rep.agents[0].bestDeviation).toMatch(/trained deviation/);
  });
});
