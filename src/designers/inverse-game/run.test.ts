import { describe, expect, it } from "vitest";
import { evaluate } from "../../evaluation/evaluate.js";
import { loadMechanism, saveMechanism } from "../../mechanisms/saved.js";
import { buildProblem } from "../../problems/registry.js";
import { design, DEFAULT_DESIGN } from "./run.js";
import { metricsCsv, resultJson } from "./report.js";
import { TINY_SAMPLED } from "./continuous.fixture.js";

describe("design (tiny budget, end to end)", () => {
  const problem = buildProblem("bandit-auction(horizon=2,discount=0.9)");

  for (const designer of ["acceptance(rounds=2)", "penalty", "lagrangian"]) {
    it(`${designer}: runs, certifies, and its saved mechanism reloads to the same numbers`, async () => {
      const phases = new Set<string>();
      const res = await design(
        problem,
        {
          ...DEFAULT_DESIGN,
          mechanism: { width: 8, payments: "fraction" },
          designer,
          seed: 1,
          budget: 6,
        },
        { callbacks: [{ onStep: (r) => void (r.phase && phases.add(r.phase)) }] },
      );
      // The certification's stages reach the callbacks (the progress bar), one per candidate.
      const certifying = [...phases].filter((p) => p.startsWith("certify "));
      expect(certifying).toContain(`certify 1/${res.certified.length}: truthful`);
      expect(certifying.some((p) => p.includes("best response of agent 1"))).toBe(true);
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
        budget: 5,
        sgda: { ...DEFAULT_DESIGN.sgda, restartEvery: 3, warmup: 1 },
      });
    const [a, b] = [await run(), await run()];
    for (const key of ["revenue", "regret", "loss"] as const)
      expect(a.history.map((r) => r[key])).toEqual(b.history.map((r) => r[key]));
    expect(new Set(a.history.map((r) => r.revenue)).size).toBeGreaterThan(1);
  });

  it("continuous types: sampled trees, sampled certificate, reproducible, reloadable", async () => {
    const cont = buildProblem("bandit-auction(values=continuous,horizon=2)");
    const cfg = {
      ...DEFAULT_DESIGN,
      mechanism: { width: 8, payments: "fraction" as const },
      designer: "penalty",
      seed: 2,
      budget: 5,
      // Short adversary phases, so that θ moves and candidates are kept within the budget.
      sgda: { ...DEFAULT_DESIGN.sgda, restartEvery: 3, warmup: 1 },
      sampled: TINY_SAMPLED,
    };
    const [a, b] = [await design(cont, cfg), await design(cont, cfg)];
    expect(a.regretMode).toBe("sampled");
    for (const key of ["revenue", "regret", "loss"] as const)
      expect(a.history.map((r) => r[key])).toEqual(b.history.map((r) => r[key]));
    // θ moved (the revenue changed) and the adversary learned (a non-zero regret estimate).
    expect(new Set(a.history.map((r) => r.revenue)).size).toBeGreaterThan(1);
    expect(a.history.some((r) => r.regret !== 0)).toBe(true);
    const rep = a.chosen.report;
    expect(rep.mode).toBe("sampled");
    expect(rep.exploitability.lowerBound).toBe(true);
    expect(rep.revenue.stderr).toBeGreaterThan(0);
    // Interim utilities on the nine-quantile grid; "fraction" payments keep them ≥ 0 (IR).
    expect(rep.agents[0].utilityByInitialType).toHaveLength(9);
    expect(rep.minInterimUtility!.value).toBeGreaterThanOrEqual(0);
    const saved = JSON.stringify(saveMechanism(a.chosen.mechanism, cont, 2));
    const again = evaluate(cont, loadMechanism(saved, cont, "mechanism.json"), {
      mode: "sampled",
      samples: 400,
      seed: cfg.seed + 104729,
    });
    expect(again.revenue.value).toBe(rep.revenue.value);
  });

  it("rejects continuous problems whose outcomes act fractionally, naming --problem", async () => {
    const cont = buildProblem("bandit-auction(values=continuous,horizon=2,semantics=fractional)");
    await expect(
      design(cont, { ...DEFAULT_DESIGN, designer: "penalty", seed: 0, budget: 1 }),
    ).rejects.toThrow(/--problem.*realized/);
  });
});
