// Soak: 10,000 evaluator calls give the same numbers and leave the heap bounded: the live heap
// after a forced full GC is the same after the last call as after the first thousand.
import { setFlagsFromString } from "node:v8";
import { runInNewContext } from "node:vm";
import { describe, expect, it } from "vitest";
import { evaluate } from "./evaluate.js";
import { buildMechanism } from "../mechanisms/registry.js";
import { buildProblem } from "../problems/registry.js";

// A full GC on demand without --expose-gc on the command line.
setFlagsFromString("--expose-gc");
const gc = runInNewContext("gc") as () => void;
const liveMb = () => {
  gc();
  return process.memoryUsage().heapUsed / 2 ** 20;
};

describe("soak", () => {
  it("10,000 exact evaluator calls: the same numbers every time, live heap flat", () => {
    const problem = buildProblem("bandit-auction(horizon=1)");
    const mech = buildMechanism("second-price(reserve=1.5)", problem);
    const first = evaluate(problem, mech, { mode: "exact" }).revenue.value;
    let after1k = 0;
    for (let k = 0; k < 10_000; k++) {
      const r = evaluate(problem, mech, { mode: "exact" });
      if (r.revenue.value !== first) throw new Error(`call ${k} differs`);
      if (k === 999) after1k = liveMb();
    }
    // Memo tables are per call: nothing accumulates across calls (1 KB kept per call would
    // add ≈ 9 MB over the last 9,000 calls).
    const growth = liveMb() - after1k;
    expect(growth).toBeLessThan(2);
  });
});
