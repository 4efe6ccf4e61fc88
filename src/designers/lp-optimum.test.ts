import { describe, expect, it } from "vitest";
import { UsageError } from "../core/errors.js";
import { evaluate } from "../evaluation/evaluate.js";
import { buildMechanism } from "../mechanisms/registry.js";
import { loadMechanism, saveMechanism } from "../mechanisms/saved.js";
import { buildProblem } from "../problems/registry.js";
import type { DynamicProblem } from "../problems/types.js";
import { lpColumns, lpOptimum, type LpOptimumResult } from "./lp-optimum.js";

/** The certificate: the exact evaluator agrees with the LP. */
function certify(problem: DynamicProblem, res: LpOptimumResult) {
  const r = evaluate(problem, res.mechanism, { mode: "exact" });
  expect(r.mode).toBe("exact");
  expect(r.exploitability.value).toBeLessThanOrEqual(1e-6);
  expect(r.minInterimUtility!.value).toBeGreaterThanOrEqual(-1e-6);
  expect(Math.abs(r.revenue.value - res.revenue)).toBeLessThanOrEqual(1e-6);
  // The LP's interim utilities are the evaluator's, type by type.
  r.agents.forEach((a, i) =>
    a.utilityByInitialType!.forEach((t, k) =>
      expect(Math.abs(t.utility.value - res.utilityByInitialType[i][k])).toBeLessThanOrEqual(1e-6),
    ),
  );
  return r;
}

describe("LP optimum: T = 1 is Myerson's static problem", () => {
  it("two buyers uniform on {1,2,3}: revenue exactly 2", async () => {
    // Virtual values φ(1) = −1, φ(2) = 1, φ(3) = 3; optimal revenue E[max(φ1, φ2, 0)]:
    // P(max φ = 3) = 1 − (2/3)² = 5/9, P(max φ = 1) = (2/3)² − (1/3)² = 3/9, so 15/9 + 3/9 = 2.
    const p = buildProblem("bandit-auction(horizon=1,discount=1)");
    const res = await lpOptimum(p);
    expect(res.revenue).toBeCloseTo(2, 8);
    expect(res.profit).toBeCloseTo(2, 8);
    certify(p, res);
  });

  it("one buyer: the best posted price, max(1·1, 2·⅔, 3·⅓) = 4/3", async () => {
    const p = buildProblem("bandit-auction(agents=1,horizon=1)");
    const res = await lpOptimum(p);
    expect(res.revenue).toBeCloseTo(4 / 3, 8);
    certify(p, res);
  });

  it("a unit cost c subtracts from profit: one buyer, c = 1 → max((2−1)·⅔, (3−1)·⅓) = ⅔", async () => {
    const p = buildProblem("bandit-auction(agents=1,horizon=1,cost=1)");
    const res = await lpOptimum(p);
    expect(res.profit).toBeCloseTo(2 / 3, 8);
  });
});

describe("LP optimum: dynamic (T = 2, 3), certified by the exact evaluator", () => {
  it("T = 2, γ = 1: IC, IR, revenue as the LP says; beats every IC+IR baseline", async () => {
    const p = buildProblem("bandit-auction(horizon=2,discount=1)");
    const res = await lpOptimum(p);
    certify(p, res);
    // Posted prices ignore reports entirely, so they are IC and IR: the optimum beats them.
    for (const price of [1, 2, 3]) {
      const base = evaluate(p, buildMechanism(`posted-price(price=${price})`, p), {
        mode: "exact",
      });
      expect(base.exploitability.value).toBe(0);
      expect(res.revenue).toBeGreaterThanOrEqual(base.revenue.value - 1e-9);
    }
    // Myerson's T = 1 mechanism in period 1 and nothing after is IC and IR (reports cannot
    // change the future), so the optimum is ≥ 2; it is at most the welfare, < T · max value.
    expect(res.revenue).toBeGreaterThan(2);
    expect(res.revenue).toBeLessThan(2 * 3);
  });

  it("raising the payment bound tenfold does not change the optimum", async () => {
    const p = buildProblem("bandit-auction(horizon=2,discount=0.85)");
    const a = await lpOptimum(p);
    const b = await lpOptimum(p, { paymentBound: 10 * a.lp.paymentBound });
    expect(b.revenue).toBeCloseTo(a.revenue, 7);
  });

  it("the saved mechanism loads through the registry and certifies again", async () => {
    const p = buildProblem("bandit-auction(horizon=2,discount=0.85)");
    const res = await lpOptimum(p);
    const back = loadMechanism(JSON.stringify(saveMechanism(res.mechanism, p)), p, "lp.json");
    const r = evaluate(p, back, { mode: "exact" });
    expect(r.revenue.value).toBeCloseTo(res.revenue, 9);
    expect(r.exploitability.value).toBeLessThanOrEqual(1e-6);
  });

  it("T = 3, γ = 1 (the instance of docs/lp-optimum.md): certified", async () => {
    const p = buildProblem("bandit-auction(horizon=3,discount=1)");
    const res = await lpOptimum(p);
    certify(p, res);
    // Horizon monotonicity: the T = 3 seller can run the T = 2 optimum and then sell nothing.
    const two = await lpOptimum(buildProblem("bandit-auction(horizon=2,discount=1)"));
    expect(res.revenue).toBeGreaterThan(two.revenue);
  });
});

describe("LP optimum: bad input", () => {
  it.each([
    ["bandit-auction(values=continuous,horizon=1)", /discrete/],
    ["bandit-auction(semantics=fractional,horizon=1)", /realized/],
    ["bandit-auction(items=2,horizon=1)", /one good/],
    ["bandit-auction(horizon=5)", /too large/],
  ])("%s is refused with a UsageError", async (name, msg) => {
    const p = buildProblem(name);
    await expect(lpOptimum(p)).rejects.toThrow(UsageError);
    await expect(lpOptimum(p)).rejects.toThrow(msg);
  });

  it("lpColumns counts the columns the LP builds", async () => {
    const p = buildProblem("bandit-auction(horizon=2)");
    expect(lpColumns(p)).toBe((await lpOptimum(p)).lp.columns);
  });
});
