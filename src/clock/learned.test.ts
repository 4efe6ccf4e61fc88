import { describe, expect, it } from "vitest";
import { Rng } from "../engine/rng.js";
import { optimalSet } from "./generators.js";
import {
  featureInstance,
  fitRidge,
  learnedAdvice,
  randomMarket,
  trainPredictor,
} from "./learned.js";

describe("learned advice", () => {
  it("ridge regression recovers an exact linear model (intercept unpenalised)", () => {
    const rng = new Rng(1);
    const xs = Array.from({ length: 50 }, () => [rng.normal(), rng.normal(), rng.normal()]);
    const ys = xs.map((x) => 0.7 + 2 * x[0] - x[1] + 0.5 * x[2]);
    const w = fitRidge(xs, ys, 0);
    [0.7, 2, -1, 0.5].forEach((c, k) => expect(w[k]).toBeCloseTo(c, 9));
  });

  it("noise-free market: with enough past bidders the advice is the optimal set; with 2 it is not always", () => {
    const rng = new Rng(2);
    const m = randomMarket(4, 0, rng);
    const past = Array.from({ length: 5 }, () => featureInstance(m, "big-vs-small", 11, rng));
    const tests = Array.from({ length: 20 }, () => featureInstance(m, "knapsack", 11, rng));
    const good = trainPredictor(past, 50);
    for (const t of tests) expect(learnedAdvice(t, good)).toEqual(optimalSet(t));
    const poor = trainPredictor(past, 2);
    expect(tests.some((t) => learnedAdvice(t, poor).join() !== optimalSet(t).join())).toBe(true);
  });
});
