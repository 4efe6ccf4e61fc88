// Participation certificates on hand-made tables for one buyer, grid {1, 2}, T = 2, γ = 0.85:
// each table violates one notion, and the figures are derived by hand in the comments.
import { describe, expect, it } from "vitest";
import { TabularMechanism, type TabularEntry } from "../mechanisms/tabular.js";
import { buildProblem } from "../problems/registry.js";
import { evaluate } from "./evaluate.js";

const problem = buildProblem("bandit-auction(agents=1,horizon=2,grid=1;2)");
const gamma = 0.85;

/** A table: period 0 (allocation a0, payment p0), period 1 (allocation a1, payment p1). */
function table(a0: number, p0: number, a1: number, p1: number): TabularMechanism {
  const entries: TabularEntry[] = [];
  for (const v0 of [1, 2]) {
    entries.push([`|${v0}`, [a0, 1 - a0], [p0]]);
    for (const c of a0 === 1 ? [1] : a0 === 0 ? [0] : [0, 1])
      for (const v1 of [1, 2]) entries.push([`${v0}>${c}|${v1}`, [a1, 1 - a1], [p1]]);
  }
  return new TabularMechanism(1, 1, entries);
}

/** E[v1] and P(v1 = 1 reachable) after the buyer consumed in period 0, from the problem itself. */
function meanNextValue(consumed: number): number {
  let mean = 0;
  for (const s0 of problem.initialStates!(0))
    for (const s1 of problem.transitionStates!(0, s0.value, [consumed]))
      mean += s0.p * s1.p * s1.value.values[0];
  return mean;
}

describe("exact participation certificate", () => {
  it("catches a mechanism that subsidises first and charges later (interim only)", () => {
    // Period 0: the good and a payment of 9 to the buyer; period 1: the good for 10.
    // Interim utility v0 + 9 + γ(E v1 − 10) ≥ 1 + 9 − 8.5 + 0.85 > 0; continuation at period 1
    // is v1 − 10, smallest −9 at v1 = 1; quitting then gains γ·E[10 − v1].
    const r = evaluate(problem, table(1, -9, 1, 10), { mode: "exact" });
    const pa = r.participation!;
    expect(r.minInterimUtility!.value).toBeGreaterThan(0);
    expect(pa.minContinuationUtility.value).toBeCloseTo(-9, 12);
    expect(pa.minContinuationAt).toMatchObject({ agent: 0, period: 1, ownValues: [1] });
    expect(pa.maxPaymentToAgent.value).toBeCloseTo(9, 12);
    expect(pa.maxExPostExcess.value).toBeCloseTo(9, 12);
    expect(pa.exitExploitability.value).toBeCloseTo(gamma * (10 - meanNextValue(1)), 12);
    expect(r.exploitability.value).toBeCloseTo(0, 12); // no report matters: IC without quitting
    expect(pa.satisfies).toEqual({ ir: "interim", subsidies: "allowed" });
  });

  it("catches an entry fee (periodic but not ex-post)", () => {
    // Period 0: nothing allocated, fee 0.5; period 1: the good for free. Without consumption
    // the value does not move, so the continuation at period 0 is at least −0.5 + γ·1 > 0 (at
    // v0 = 1), at period 1 it is v1 > 0; the fee exceeds report × allocation = 0.
    const r = evaluate(problem, table(0, 0.5, 1, 0), { mode: "exact" });
    const pa = r.participation!;
    expect(pa.minContinuationUtility.value).toBeCloseTo(-0.5 + gamma * 1, 12);
    expect(pa.maxExPostExcess.value).toBeCloseTo(0.5, 12);
    expect(pa.maxPaymentToAgent.value).toBe(0);
    expect(pa.exitExploitability.value).toBeCloseTo(0, 12);
    expect(pa.satisfies).toEqual({ ir: "periodic", subsidies: "none" });
  });

  it("tells ex-ante from interim, and a subsidy within ex-post", () => {
    // Price 1.2 for the good in period 0 only: v0 = 1 loses 0.2, v0 = 2 gains 0.8 (ex ante 0.3).
    const exAnte = evaluate(problem, table(1, 1.2, 0, 0), { mode: "exact" });
    expect(exAnte.minInterimUtility!.value).toBeCloseTo(-0.2, 12);
    expect(exAnte.participation!.satisfies.ir).toBe("ex-ante");
    // The good for a payment of −1 (a subsidy) each period: ex-post holds, subsidies do not.
    const paid = evaluate(problem, table(1, -1, 1, -1), { mode: "exact" });
    expect(paid.participation!.maxPaymentToAgent.value).toBeCloseTo(1, 12);
    expect(paid.participation!.satisfies).toEqual({ ir: "ex-post", subsidies: "allowed" });
    // A fee of 5 for nothing violates everything.
    const none = evaluate(problem, table(0, 5, 0, 0), { mode: "exact" });
    expect(none.participation!.satisfies.ir).toBe("none");
  });
});
