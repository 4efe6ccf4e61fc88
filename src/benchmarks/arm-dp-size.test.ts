// The arm DP's size is estimated before any work: an upper bound on the states it visits, and
// a refusal with the estimate for problems it could not finish.
import { describe, expect, it } from "vitest";
import { TooLargeError } from "../core/errors.js";
import { buildProblem } from "../problems/registry.js";
import { armDpSize, solveArmDp, ARM_DP_WORK_LIMIT } from "./arm-dp.js";
import { constantHandicapArm } from "./discrete-handicap.js";
import { computeBenchmarks, FIRST_BEST, PST_CONSTANT } from "./index.js";

const armsOf = (spec: string) => {
  const p = buildProblem(spec);
  return { p, arms: Array.from({ length: p.agents }, (_, i) => constantHandicapArm(p, i)) };
};

describe("arm DP size", () => {
  it("one period: the joint states are the 3 × 3 initial profiles", () => {
    const { p, arms } = armsOf("bandit-auction(horizon=1)");
    const size = armDpSize(arms, p.horizon);
    expect(size.states).toBe(9);
    expect(solveArmDp(arms, p.horizon, p.discount).states).toBe(9);
  });
  it("bounds the states the DP visits from above", () => {
    for (const spec of ["bandit-auction(horizon=3)", "bandit-auction(agents=3,horizon=3)"]) {
      const { p, arms } = armsOf(spec);
      const visited = solveArmDp(arms, p.horizon, p.discount).states;
      expect(armDpSize(arms, p.horizon).states).toBeGreaterThanOrEqual(visited);
    }
  });
  it("8 agents over 50 periods: refused at once; the benchmark says why instead", () => {
    const { p, arms } = armsOf("bandit-auction(agents=8,horizon=50)");
    expect(armDpSize(arms, p.horizon).work).toBeGreaterThan(ARM_DP_WORK_LIMIT);
    expect(() => solveArmDp(arms, p.horizon, p.discount)).toThrow(TooLargeError);
    const { computed, skipped } = computeBenchmarks(p, { seed: 0, samples: 200 });
    expect(skipped.find((s) => s.name === PST_CONSTANT)?.reason).toMatch(/arm DP is too large/);
    expect(skipped.find((s) => s.name === FIRST_BEST)?.reason).toMatch(/fewer agents/);
    expect(computed.map((b) => b.name)).toEqual(["static-myerson-revenue"]);
  });
});
