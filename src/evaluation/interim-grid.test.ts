import { describe, expect, it } from "vitest";
import { normalCdf, normalPdf } from "../core/normal.js";
import { buildMechanism } from "../mechanisms/registry.js";
import { buildProblem } from "../problems/registry.js";
import { interimUtilityGrid } from "./interim-grid.js";

describe("interim utilities on a grid of initial types", () => {
  it("one-shot second price: E[(x − V)⁺] for V ~ N(2.5, 0.1²), by formula", () => {
    const p = buildProblem("bandit-auction(values=continuous,horizon=1)");
    const quantiles = [0.1, 0.5, 0.9];
    const res = interimUtilityGrid(p, buildMechanism("second-price", p), {
      samples: 20000,
      seed: 2,
      quantiles,
    });
    for (const byType of res.byAgent) {
      expect(byType.map((t) => t.quantile)).toEqual(quantiles);
      for (const t of byType) {
        const z = (t.type[0] - 2.5) / 0.1;
        const exact = (t.type[0] - 2.5) * normalCdf(z) + 0.1 * normalPdf(z);
        expect(Math.abs(t.utility.value - exact)).toBeLessThan(4 * t.utility.stderr!);
      }
    }
    const all = res.byAgent.flat().map((t) => t.utility.value);
    expect(res.min.value).toBe(Math.min(...all));
  });
});
