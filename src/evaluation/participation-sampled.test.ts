// The sampled participation certificate (continuous types) catches a mechanism that violates
// each notion, and passes per-period second price, which satisfies them all.
import { describe, expect, it } from "vitest";
import { buildMechanism } from "../mechanisms/registry.js";
import type { Mechanism } from "../mechanisms/types.js";
import { buildProblem } from "../problems/registry.js";
import type { Outcome, PublicHistory } from "../problems/types.js";
import { evaluate } from "./evaluate.js";

const problem = buildProblem("bandit-auction(values=continuous,horizon=3)");
const T = problem.horizon;
const sp = buildMechanism("second-price", problem);

/** Second price with every payment changed by `extra(τ, outcome)` (per agent). */
function variant(name: string, extra: (tau: number, o: Outcome, i: number) => number): Mechanism {
  return {
    name,
    params: {},
    outcome(history: PublicHistory, reports: Float64Array) {
      const o = sp.outcome(history, reports);
      const payments = o.payments.map((p, i) => p + extra(history.length, o, i));
      return { alloc: o.alloc, payments };
    },
  };
}

const sampledOpts = {
  mode: "sampled" as const,
  samples: 2000,
  selectionSamples: 300,
  participation: { states: 30, selectionRollouts: 16, rollouts: 1000 },
};
const certify = (m: Mechanism) => evaluate(problem, m, sampledOpts).participation!;
const sig = (x: { value: number; stderr?: number }) => x.value - 3 * (x.stderr ?? 0);

describe("sampled participation certificate", () => {
  it("second price: no subsidy, ex-post, no negative continuation, no gain from quitting", () => {
    const pa = certify(sp);
    expect(pa.maxPaymentToAgent.value).toBe(0);
    expect(pa.maxExPostExcess.value).toBeLessThanOrEqual(1e-12);
    expect(
      pa.minContinuationUtility.value + 3 * pa.minContinuationUtility.stderr!,
    ).toBeGreaterThanOrEqual(0);
    expect(sig(pa.exitExploitability)).toBeLessThan(0.01);
    expect(pa.satisfies).toEqual({ ir: "ex-post", subsidies: "none" });
    expect(pa.minContinuationUtility.exact).toBe(false);
  }, 60_000);

  it("a payment to the loser is a subsidy (and nothing else)", () => {
    // The loser of each period receives 0.5: every truthful period still pays ≤ report × allocation.
    const pa = certify(variant("pay-loser", (_, o, i) => (o.alloc[i] < 0.5 ? -0.5 : 0)));
    expect(pa.maxPaymentToAgent.value).toBeCloseTo(0.5, 12);
    expect(pa.satisfies).toEqual({ ir: "ex-post", subsidies: "allowed" });
  }, 60_000);

  it("an entry fee breaks ex-post participation but not periodic", () => {
    const pa = certify(variant("entry-fee", (tau) => (tau === 0 ? 0.1 : 0)));
    // A buyer that loses period 0 pays 0.1 beyond what it got.
    expect(pa.maxExPostExcess.value).toBeCloseTo(0.1, 12);
    expect(sig(pa.minContinuationUtility)).toBeGreaterThan(0);
    expect(pa.satisfies.ir).toBe("periodic");
  }, 60_000);

  it("a fee in the last period breaks periodic participation, and quitting before it gains", () => {
    const fee = 2;
    const pa = certify(variant("late-fee", (tau) => (tau === T - 1 ? fee : 0)));
    // Continuation at the last period is at most (winning value − price) − fee; a loser's is −2.
    expect(pa.minContinuationUtility.value + 3 * pa.minContinuationUtility.stderr!).toBeLessThan(0);
    expect(pa.minContinuationAt!.period).toBe(T - 1);
    // Quitting before the fee saves γ^(T−1)·(fee − the last period's expected surplus) > 0.
    expect(sig(pa.exitExploitability)).toBeGreaterThan(0.5);
    expect(pa.satisfies.ir).not.toBe("periodic");
    expect(pa.satisfies.ir).not.toBe("ex-post");
  }, 60_000);
});
