// Soak: 10,000 evaluator calls give the same numbers and leave the heap bounded (no growth from
// the first thousand calls to the last).
import { describe, expect, it } from "vitest";
import { evaluate } from "../evaluation/evaluate.js";
import { buildMechanism } from "../mechanisms/registry.js";
import { buildProblem } from "../problems/registry.js";

const heapMb = () => process.memoryUsage().heapUsed / 2 ** 20;

describe("soak", () => {
  it("10,000 exact evaluator calls: the same numbers every time, heap flat", () => {
    const problem = buildProblem("bandit-auction(horizon=1)");
    const mech = buildMechanism("second-price(reserve=1.5)", problem);
    const first = evaluate(problem, mech, { mode: "exact" }).revenue.value;
    let after1k = 0;
    for (let k = 0; k < 10_000; k++) {
      const r = evaluate(problem, mech, { mode: "exact" });
      if (r.revenue.value !== first) throw new Error(`call ${k} differs`);
      if (k === 999) after1k = heapMb();
    }
    // Memo tables are per call: nothing accumulates across calls.
    expect(heapMb() - after1k).toBeLessThan(40);
  });
});
