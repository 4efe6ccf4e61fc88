import { describe, expect, it } from "vitest";
import { buildProblem } from "../problems/registry.js";
import { buildMechanism } from "../mechanisms/registry.js";
import { evaluate } from "./evaluate.js";
import { evaluateTruthfulExact } from "./truthful-exact.js";
import { bestResponseExact } from "./best-response-exact.js";
import { evaluateTruthfulSampled, exploitabilityLowerBound } from "./sampled.js";
import { simulate } from "./simulate.js";
import type { ReportingStrategy } from "../agents/strategy.js";
import type { Mechanism } from "../mechanisms/types.js";

const staticAuction = buildProblem("bandit-auction(horizon=1)");

describe("T = 1 is a static auction (2 buyers uniform on {1,2,3})", () => {
  it("Myerson revenue is exactly 2 and its exploitability 0", () => {
    const r = evaluate(staticAuction, buildMechanism("myerson", staticAuction));
    expect(r.mode).toBe("exact");
    expect(r.revenue.value).toBeCloseTo(2, 12);
    expect(r.exploitability.value).toBe(0);
    // Virtual values φ(1) = −1, φ(2) = 1, φ(3) = 3: type 1 is never served, so U(1) = 0, and the
    // discrete envelope gives U(2) = U(1) + (2−1)·x(1) = 0.
    const u = r.agents[0].utilityByInitialType!.map((t) => t.utility.value);
    expect(u[0]).toBeCloseTo(0, 12);
    expect(u[1]).toBeCloseTo(0, 12);
    // Envelope: U(3) = U(2) + (3−2)·x(2) with x(2) = P(win | report 2) = 1/3 + ½·1/3 = ½.
    expect(u[2]).toBeCloseTo(0.5, 12);
  });

  it("second-price exploitability is 0 and interim utilities are the hand values", () => {
    const r = evaluate(staticAuction, buildMechanism("second-price", staticAuction));
    expect(r.exploitability.value).toBe(0);
    // U(1) = ½·(1−1)·⅓ = 0; U(2) = ⅓·(2−1) = ⅓; U(3) = ⅓·2 + ⅓·1 + ⅓·0 = 1.
    const u = r.agents[0].utilityByInitialType!.map((t) => t.utility.value);
    expect(u[0]).toBeCloseTo(0, 12);
    expect(u[1]).toBeCloseTo(1 / 3, 12);
    expect(u[2]).toBeCloseTo(1, 12);
    // Revenue = E[second-highest value] = (1·5 + 2·3 + 3·1)/9 = 14/9.
    expect(r.revenue.value).toBeCloseTo(14 / 9, 12);
  });

  it("first-price exploitability is 4/9", () => {
    // Reporting r against a truthful opponent uniform on {1,2,3}, ties split:
    // P(win | r=1) = ½·⅓ = 1/6, P(win | 2) = ⅓ + 1/6 = ½, P(win | 3) = ⅔ + 1/6 = 5/6.
    // Utility (v − r)·P(win): v=1 best is r=1 (0, gain 0); v=2: r=1 gives 1/6 (gain 1/6);
    // v=3: r=2 gives ½ (r=1 gives ⅓) → gain ½. Ex ante per agent (0 + 1/6 + ½)/3 = 2/9;
    // two agents: 4/9.
    const r = evaluate(staticAuction, buildMechanism("first-price", staticAuction));
    expect(r.exploitability.value).toBeCloseTo(4 / 9, 12);
    const d = r.agents[0].bestDeviation;
    expect(Array.isArray(d) && d.some((s) => s.ownValues[0] === 3 && s.bestReport[0] === 2)).toBe(
      true,
    );
  });
});

describe("dynamic problems", () => {
  const p3 = buildProblem("bandit-auction(horizon=3)");

  it("a posted price is not exploitable even dynamically (no report changes the price)", () => {
    const r = evaluate(p3, buildMechanism("posted-price(price=2)", p3));
    expect(r.exploitability.value).toBe(0);
  });

  it("a per-period second-price auction is exploitable dynamically (ratchet/learning effects)", () => {
    const r = evaluate(
      buildProblem("bandit-auction(horizon=5)"),
      buildMechanism("second-price", p3),
    );
    expect(r.exploitability.value).toBeGreaterThan(0.05);
  });

  it("the best response is never worse than truth (it includes truth)", () => {
    for (const name of ["second-price(reserve=2)", "first-price", "myerson"]) {
      const mech = buildMechanism(name, p3);
      const tr = evaluateTruthfulExact(p3, mech);
      const br = bestResponseExact(p3, mech, 1);
      br.valueByInitialType.forEach((v, k) =>
        expect(v).toBeGreaterThanOrEqual(tr.utilityByInitialType[1][k] - 1e-12),
      );
    }
  });

  it("exact and sampled truthful evaluations agree within 4 standard errors", () => {
    for (const semantics of ["realized", "fractional"]) {
      const p = buildProblem(`bandit-auction(horizon=4,semantics=${semantics},items=2)`);
      const mech = buildMechanism("second-price(reserve=2)", p);
      const ex = evaluateTruthfulExact(p, mech);
      const sa = evaluateTruthfulSampled(p, mech, 20_000, 7);
      for (const [e, s] of [
        [ex.revenue, sa.revenue],
        [ex.welfare, sa.welfare],
        [ex.utility[0], sa.utility[0]],
      ] as const) {
        expect(Math.abs(e - s.value)).toBeLessThan(4 * s.stderr!);
      }
    }
  });

  it("the sampled exploitability lower bound does not exceed the exact value", () => {
    const p = buildProblem("bandit-auction(horizon=3)");
    const mech = buildMechanism("first-price", p);
    const exact = evaluate(p, mech).exploitability.value;
    const lb = exploitabilityLowerBound(p, mech, { selectionSamples: 300, samples: 3000, seed: 1 });
    expect(lb.total.value).toBeGreaterThan(0);
    expect(lb.total.value).toBeLessThan(exact + 4 * lb.total.stderr!);
  });

  it("same seed gives identical JSON; a different seed differs", () => {
    const p = buildProblem("bandit-auction(values=continuous,horizon=3)");
    const mech = buildMechanism("myerson", p);
    const run = (seed: number) =>
      JSON.stringify(evaluate(p, mech, { seed, samples: 500, selectionSamples: 50 }));
    expect(run(5)).toBe(run(5));
    expect(run(5)).not.toBe(run(6));
  });
});

describe("mechanisms see public information only", () => {
  it("a spy mechanism receives the reports, never the types", () => {
    const p = buildProblem("bandit-auction(horizon=3)");
    const inner = buildMechanism("second-price", p);
    const seen: number[][] = [];
    const spy: Mechanism = {
      name: "spy",
      params: {},
      outcome(history, reports) {
        seen.push(Array.from(reports));
        expect(
          Object.keys(history[0] ?? { reports: 0, outcome: 0, consumption: 0 }).sort(),
        ).toEqual(["consumption", "outcome", "reports"]);
        return inner.outcome(history, reports);
      },
    };
    // Agent 0 always reports 1 whatever its type; agent 1 always reports 3.
    const constant = (v: number): ReportingStrategy => ({
      name: `c${v}`,
      report: () => Float64Array.of(v),
    });
    for (let s = 0; s < 20; s++) simulate(p, spy, [constant(1), constant(3)], s);
    expect(seen.length).toBe(60);
    expect(seen.every((r) => r[0] === 1 && r[1] === 3)).toBe(true);
  });
});
