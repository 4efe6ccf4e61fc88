// The LP optimum under each participation notion, against values derived by hand and the
// ordering the notions imply; every optimum is certified by the exact evaluator.
import { describe, expect, it } from "vitest";
import { firstBestDiscrete } from "../benchmarks/discrete.js";
import { evaluate } from "../evaluation/evaluate.js";
import { IR_NOTIONS, type Participation } from "../mechanisms/participation.js";
import { buildProblem } from "../problems/registry.js";
import { lpOptimum } from "./lp-optimum.js";

describe("LP optimum by participation notion", () => {
  it("one buyer, one period: the posted price 2 (4/3) unless ex-ante IR (E v = 2)", async () => {
    // Grid {1,2,3} uniform, T = 1: a single-period IC mechanism for one buyer is a posted price
    // lottery; prices 1, 2, 3 earn 1, 4/3, 1. Every notion but ex-ante is interim IR here (one
    // period); ex-ante IR lets a fee extract the mean value 2.
    const problem = buildProblem("bandit-auction(agents=1,horizon=1)");
    for (const subsidies of ["allowed", "none"] as const)
      for (const ir of IR_NOTIONS) {
        const res = await lpOptimum(problem, { participation: { ir, subsidies } });
        expect(res.revenue, `${ir}/${subsidies}`).toBeCloseTo(ir === "ex-ante" ? 2 : 4 / 3, 7);
      }
  });

  it("T = 2: ex-ante = first-best welfare ≥ interim ≥ periodic ≥ ex-post, each certified", async () => {
    const problem = buildProblem("bandit-auction(horizon=2)");
    const revenue = new Map<string, number>();
    const run = async (p: Participation) => {
      const res = await lpOptimum(problem, { participation: p });
      const rep = evaluate(problem, res.mechanism, { mode: "exact" });
      const pa = rep.participation!;
      expect(rep.revenue.value).toBeCloseTo(res.revenue, 7);
      expect(rep.exploitability.value).toBeLessThan(1e-6);
      if (p.ir !== "ex-ante") expect(rep.minInterimUtility!.value).toBeGreaterThan(-1e-6);
      if (p.ir === "periodic" || p.ir === "ex-post") {
        expect(pa.minContinuationUtility.value).toBeGreaterThan(-1e-6);
        expect(pa.exitExploitability.value).toBeLessThan(1e-6);
      }
      if (p.ir === "ex-post") expect(pa.maxExPostExcess.value).toBeLessThan(1e-6);
      if (p.subsidies === "none") expect(pa.maxPaymentToAgent.value).toBeLessThan(1e-6);
      revenue.set(`${p.ir}/${p.subsidies}`, res.revenue);
    };
    for (const ir of IR_NOTIONS) await run({ ir, subsidies: "allowed" });
    await run({ ir: "periodic", subsidies: "none" });
    await run({ ir: "ex-post", subsidies: "none" });
    const r = (k: string) => revenue.get(k)!;
    // VCG plus an ex-ante fee extracts all expected surplus: the ex-ante optimum is first best.
    expect(r("ex-ante/allowed")).toBeCloseTo(firstBestDiscrete(problem), 6);
    expect(r("ex-ante/allowed")).toBeGreaterThanOrEqual(r("interim/allowed") - 1e-7);
    expect(r("interim/allowed")).toBeGreaterThanOrEqual(r("periodic/allowed") - 1e-7);
    expect(r("periodic/allowed")).toBeGreaterThanOrEqual(r("ex-post/allowed") - 1e-7);
    expect(r("periodic/allowed")).toBeGreaterThanOrEqual(r("periodic/none") - 1e-7);
    expect(r("ex-post/allowed")).toBeGreaterThanOrEqual(r("ex-post/none") - 1e-7);
    // Ex-post binds here (measured: 3.5694 against 3.6441).
    expect(r("ex-post/none")).toBeLessThan(r("interim/allowed") - 0.01);
  });
});
