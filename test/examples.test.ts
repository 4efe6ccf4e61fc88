import { describe, expect, it } from "vitest";
import { stickyValues } from "../docs/examples/sticky-values.js";
import { buildMechanism, checkProblem, evaluate } from "../src/index.js";

describe("docs/examples", () => {
  it("sticky-values passes the checker and its revenue is the hand value", () => {
    expect(checkProblem(stickyValues).ok).toBe(true);
    const r = evaluate(stickyValues, buildMechanism("second-price(reserve=2)", stickyValues));
    // Stationary 50/50 values: per period 3·¼ + 2·½ = 1.75, discounted over 3 periods.
    expect(r.revenue.value).toBeCloseTo(1.75 * (1 + 0.9 + 0.81), 12);
    expect(r.exploitability.value).toBe(0);
  });
});
