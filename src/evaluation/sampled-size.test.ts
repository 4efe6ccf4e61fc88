// Sampled evaluation is planned to its problem's size: the defaults are kept where they finish
// in seconds, scaled down (and said so) where they would take hours, and the user's own
// sample count is never changed.
import { describe, expect, it } from "vitest";
import { structuredDeviations } from "../agents/structured-deviations.js";
import { buildMechanism } from "../mechanisms/registry.js";
import { buildProblem } from "../problems/registry.js";
import { evaluate } from "./evaluate.js";
import {
  DEFAULT_SAMPLES,
  MIN_DEFAULT_SAMPLES,
  planSampled,
  SAMPLED_WORK_TARGET,
  sampledWork,
} from "./sampled-size.js";

describe("sampled evaluation size", () => {
  it("counts simulated agent-periods by hand and matches the deviation family's size", () => {
    // n = 2, T = 2, K = 3: 7 whole-horizon deviations and 7 per lie period.
    const p = buildProblem("bandit-auction(horizon=2)");
    expect(structuredDeviations(p, 0)).toHaveLength(7 + 7 * 2);
    expect(structuredDeviations(p, 0, [1])).toHaveLength(7 + 7);
    // trajectories = 10·(2 + 2) + 5·(1 + 2·(7 + 7·2)) = 40 + 215; each 2 agents × 2 periods.
    expect(sampledWork(p, 10, 5, 2)).toBe((40 + 215) * 4);
  });
  it("keeps the defaults on the default problem", () => {
    const plan = planSampled(buildProblem("bandit-auction"), {});
    expect(plan).toMatchObject({ samples: DEFAULT_SAMPLES, selectionSamples: 2000 });
    expect(plan.liePeriods).toEqual([0, 1, 2, 3, 4]);
    expect(plan.note).toBeUndefined();
  });
  it("scales 8 agents over 50 periods down to the work target and says so", () => {
    const plan = planSampled(buildProblem("bandit-auction(agents=8,horizon=50)"), {});
    expect(plan.samples).toBe(MIN_DEFAULT_SAMPLES);
    expect(plan.liePeriods).toEqual([]);
    expect(plan.note).toMatch(/500 trajectories instead of 20000.*no one-period lies/);
  });
  it("a medium problem keeps every one-period lie and lowers the samples first", () => {
    const p = buildProblem("bandit-auction(horizon=12)");
    const plan = planSampled(p, {});
    expect(plan.samples).toBeLessThan(DEFAULT_SAMPLES);
    expect(plan.liePeriods).toHaveLength(12);
    expect(plan.work).toBeLessThanOrEqual(SAMPLED_WORK_TARGET);
    expect(sampledWork(p, plan.samples * 2, plan.selectionSamples * 2, 12)).toBeGreaterThan(
      SAMPLED_WORK_TARGET,
    );
  });
  it("keeps the user's sample count, thinning only the one-period lies", () => {
    const plan = planSampled(buildProblem("bandit-auction(agents=8,horizon=50)"), {
      samples: 100,
    });
    expect(plan.samples).toBe(100);
    expect(plan.liePeriods.length).toBeLessThan(50);
    expect(plan.note).not.toMatch(/instead of/);
  });
  it("the report carries the plan: sample count and thinned deviations", () => {
    const problem = buildProblem("bandit-auction(agents=4,horizon=20)");
    const r = evaluate(problem, buildMechanism("second-price", problem), { mode: "sampled" });
    const plan = planSampled(problem, {});
    expect(r.samples).toBe(plan.samples);
    expect(r.modeNote).toBe(plan.note);
    expect(r.exploitabilityNote).toContain(
      `best of ${structuredDeviations(problem, 0, plan.liePeriods).length} structured deviations`,
    );
    // Second price is truthful in every period: no deviation gains in expectation.
    expect(Math.abs(r.exploitability.value)).toBeLessThan(
      4 * (r.exploitability.stderr ?? 0) + 1e-9,
    );
  });
});
