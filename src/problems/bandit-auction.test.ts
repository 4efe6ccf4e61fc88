import { describe, expect, it } from "vitest";
import { buildProblem } from "./registry.js";
import { checkProblem } from "./check.js";
import type { DynamicProblem } from "./types.js";
import { UsageError } from "../core/errors.js";

describe("bandit auction", () => {
  it("R_α after a first consumption is ∝ exp(−½|v'−v|) (Table 2)", () => {
    const p = buildProblem("bandit-auction");
    const s = p.initialStates!(0).find((w) => w.value.values[0] === 2)!.value;
    const next = p.transitionStates!(0, s, [1]);
    const z = 1 + 2 * Math.exp(-0.5);
    expect(next.map((w) => [w.value.values[0], w.p])).toEqual([
      [1, expect.closeTo(Math.exp(-0.5) / z, 12)],
      [2, expect.closeTo(1 / z, 12)],
      [3, expect.closeTo(Math.exp(-0.5) / z, 12)],
    ]);
    expect(next[0].value.consumed[0]).toBe(1);
    // Not consuming leaves the value where it is (realized semantics).
    expect(p.transitionStates!(0, s, [0]).map((w) => [w.value.values[0], w.p])).toEqual([[2, 1]]);
  });

  it("fractional semantics mixes: v' ~ x·R_α(·|v) + (1−x)·δ_v with α = ½·cumulative x", () => {
    const p = buildProblem("bandit-auction(semantics=fractional)");
    const s = p.initialStates!(0).find((w) => w.value.values[0] === 1)!.value;
    const x = 0.4;
    const next = p.transitionStates!(0, s, [x]);
    const row = [0, 1, 2].map((d) => Math.exp(-0.5 * x * d));
    const z = row.reduce((a, b) => a + b, 0);
    expect(next.map((w) => w.p)).toEqual([
      expect.closeTo(x * (row[0] / z) + (1 - x), 12),
      expect.closeTo((x * row[1]) / z, 12),
      expect.closeTo((x * row[2]) / z, 12),
    ]);
    // Fractional realization: consumption equals the allocation probabilities.
    const alloc = Float64Array.of(0.25, 0.5, 0.25);
    const r = p.realizations({ alloc, payments: new Float64Array(2) });
    expect(r).toHaveLength(1);
    expect(Array.from(r[0].value)).toEqual([0.25, 0.5]);
  });

  it("realized semantics enumerates the winner of each good", () => {
    const p = buildProblem("bandit-auction(items=2)");
    // Good 0: agent 0 w.p. 1; good 1: agent 1 w.p. ½, nobody w.p. ½.
    const alloc = Float64Array.of(1, 0, 0, 0, 0.5, 0.5);
    const r = p.realizations({ alloc, payments: new Float64Array(2) });
    expect(r.map((w) => [w.p, Array.from(w.value)])).toEqual([
      [0.5, [1, 0, 0, 1]],
      [0.5, [1, 0, 0, 0]],
    ]);
  });

  it.each([
    "bandit-auction",
    "bandit-auction(items=2)",
    "bandit-auction(values=continuous)",
    "bandit-auction(values=continuous,items=2)",
    "bandit-auction(semantics=fractional,items=2)",
    "bandit-auction(values=continuous,semantics=fractional)",
  ])("%s passes the problem checker", (name) => {
    const r = checkProblem(buildProblem(name));
    expect(r.problems).toEqual([]);
    expect(r.ok).toBe(true);
  });

  it("the checker catches a transition whose probabilities do not sum to 1", () => {
    const good = buildProblem("bandit-auction");
    const broken: DynamicProblem = Object.create(good);
    broken.transitionStates = (i, s, c) =>
      good.transitionStates!(i, s, c).map((w) => ({ ...w, p: 0.9 * w.p }));
    const r = checkProblem(broken);
    expect(r.ok).toBe(false);
    expect(r.problems[0]).toMatch(/sum to 0\.9/);
  });

  it("continuous values stay in (0, upper) and sampling is seeded", () => {
    const p = buildProblem("bandit-auction(values=continuous)");
    expect(checkProblem(p, 3, 500).ok).toBe(true);
  });

  it.each([
    ["bandit-auction(discount=0)", "discount"],
    ["bandit-auction(discount=1.01)", "discount"],
    ["bandit-auction(horizon=0)", "horizon"],
    ["bandit-auction(agents=0)", "agents"],
    ["bandit-auction(cost=-1)", "cost"],
    ["bandit-auction(grid=)", "grid"],
    ["bandit-auction(grid=3;2)", "grid"],
    ["bandit-auction(prior=1;1)", "prior"],
    ["bandit-auction(values=other)", "values"],
    ["bandit-auction(speed=1)", "speed"],
    ["auction", "--problem"],
    ["bandit-auction(horizon", "--problem"],
  ])("%s is rejected naming %s", (name, field) => {
    try {
      buildProblem(name);
      expect.unreachable();
    } catch (e) {
      expect(e).toBeInstanceOf(UsageError);
      expect((e as UsageError).field).toBe(field);
    }
  });
});
