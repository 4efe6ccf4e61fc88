import { describe, expect, it } from "vitest";
import { formatMeasured, toFixedNoNegZero } from "./measured.js";

describe("formatMeasured", () => {
  it("prints no negative zero, but keeps real negatives", () => {
    expect(formatMeasured({ value: -4e-9, exact: true })).toBe("0.0000");
    expect(formatMeasured({ value: -0, exact: true })).toBe("0.0000");
    expect(formatMeasured({ value: -0.00005, exact: true })).toBe("-0.0001");
    expect(formatMeasured({ value: -2e-9, exact: false, stderr: 0.01 })).toBe("0.0000 ± 0.0100");
    expect(toFixedNoNegZero(-0.4, 0)).toBe("0");
    expect(toFixedNoNegZero(-1.5, 1)).toBe("-1.5");
  });
});
