import { describe, expect, it } from "vitest";
import { evaluate } from "../../evaluation/evaluate.js";
import { loadMechanism, saveMechanism } from "../../mechanisms/saved.js";
import { buildProblem } from "../../problems/registry.js";
import { design, DEFAULT_DESIGN } from "./run.js";
import { metricsCsv, resultJson } from "./report.js";

describe("design (tiny budget, end to end)", () => {
  const problem = buildProblem("bandit-auction(horizon=2,discount=0.9)");

  for (const designer of ["acceptance(rounds=2)", "penalty", "lagrangian"]) {
    it(`${designer}: runs, certifies, and its saved mechanism reloads to the same numbers`, async () => {
      const res = await design(problem, {
        ...DEFAULT_DESIGN,
        mechanism: { width: 8, payments: "fraction" },
        designer,
        seed: 1,
        budget: 6,
      });
      expect(res.history.length).toBeGreaterThan(0);
      expect(res.history.length).toBeLessThanOrEqual(6);
      expect(res.certified.length).toBeGreaterThan(0);
      // "fraction" payments: interim IR holds by construction, certified exactly.
      expect(res.chosen.report.minInterimUtility!.value).toBeGreaterThanOrEqual(0);
      // Round trip through mechanism.json gives the certificate's numbers again.
      const saved = JSON.stringify(saveMechanism(res.chosen.mechanism, problem, 1));
      const again = evaluate(problem, loadMechanism(saved, problem, "mechanism.json"), {
        mode: "exact",
      });
      expect(again.revenue.value).toBe(res.chosen.report.revenue.value);
      expect(again.exploitability.value).toBe(res.chosen.report.exploitability.value);
      const json = resultJson(
        res,
        problem.name,
        { ...DEFAULT_DESIGN, designer, seed: 1, budget: 6 },
        {},
      );
      expect(JSON.parse(JSON.stringify(json)).revenue.exact).toBe(true);
      expect(metricsCsv(res).trim().split("\n")).toHaveLength(res.history.length + 1);
    });
  }

  it("is reproducible: the same seed gives the same training numbers", async () => {
    const run = () =>
      design(problem, {
        ...DEFAULT_DESIGN,
        mechanism: { width: 8, payments: "free" },
        designer: "penalty",
        seed: 4,
        budget: 3,
      });
    const [a, b] = [await run(), await run()];
    expect(a.history.map((r) => r.revenue)).toEqual(b.history.map((r) => r.revenue));
  });

  it("rejects continuous problems with a usage error naming --problem", async () => {
    const cont = buildProblem("bandit-auction(values=continuous,horizon=2)");
    await expect(
      design(cont, { ...DEFAULT_DESIGN, designer: "penalty", seed: 0, budget: 1 }),
    ).rejects.toThrow(/--problem|discrete/);
  });
});
