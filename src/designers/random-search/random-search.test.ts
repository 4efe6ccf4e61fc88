import { describe, expect, it } from "vitest";
import { EarlyStop } from "../../core/callbacks.js";
import { evaluate } from "../../evaluation/evaluate.js";
import { evaluateTruthfulExact } from "../../evaluation/truthful-exact.js";
import { buildMechanism } from "../../mechanisms/registry.js";
import { buildProblem } from "../../problems/registry.js";
import { designers } from "../registry.js";

const problem = buildProblem("bandit-auction(horizon=2,discount=1)");

describe("random-search (the toy designer, built through the registry)", () => {
  it("keeps the best candidate and its certificate is the evaluator's on that mechanism", async () => {
    const d = designers.build("random-search(family=second-price)", "--designer").value;
    const run = await d.design(problem, { seed: 3, budget: 6 });
    const history = run.history as { x: number; profit: number }[];
    expect(history).toHaveLength(6);
    // Every candidate's score is its exact truthful profit, recomputed independently here.
    for (const h of history) {
      const m = buildMechanism(`second-price(reserve=${h.x})`, problem);
      expect(h.profit).toBeCloseTo(evaluateTruthfulExact(problem, m).profit, 12);
    }
    const best = history.reduce((a, b) => (b.profit > a.profit ? b : a));
    expect(run.mechanism.name).toBe(`second-price(reserve=${best.x})`);
    // Cost 0: revenue = profit; the certificate is the exact evaluator's on the chosen mechanism.
    expect(run.certificate.revenue.exact).toBe(true);
    expect(run.certificate.revenue.value).toBeCloseTo(best.profit, 12);
    const again = evaluate(problem, buildMechanism(run.mechanism.name, problem), { seed: 5 });
    expect(run.certificate.exploitability.value).toBeCloseTo(again.exploitability.value, 12);
    // Same seed, same run; another seed draws other candidates.
    const same = await d.design(problem, { seed: 3, budget: 6 });
    expect(same.history).toEqual(run.history);
    const other = await d.design(problem, { seed: 4, budget: 6 });
    expect(other.history).not.toEqual(run.history);
    expect(run.metricsCsv.split("\n")[0]).toBe("step,reserve,profit");
  });

  it("a callback can end it early (EarlyStop), and bad parameters name the field", async () => {
    const d = designers.build("random-search(family=posted-price,lo=1,hi=3)", "--designer").value;
    const stop = new EarlyStop("profit", 2);
    const run = await d.design(problem, { seed: 0, budget: 50, callbacks: [stop] });
    const history = run.history as { x: number; profit: number }[];
    // Ended two candidates after the last improvement, which is the one kept.
    expect(history.length).toBeLessThan(50);
    const best = history.reduce((a, b) => (b.profit > a.profit ? b : a));
    expect(history.indexOf(best)).toBe(history.length - 3);
    expect(run.mechanism.name).toBe(`posted-price(price=${best.x})`);
    expect(() => designers.build("random-search(family=vcg)", "--designer")).toThrow(/family/);
  });
});
