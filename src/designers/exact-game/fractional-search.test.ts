// The bilevel designer's search for randomized optima (search=fractional, the default under
// ir=ex-post): at T = 2 the old default search (small Adam step, moves to vertices only) reached
// 3.5303 of the ex-post + no-subsidies LP optimum 3.5694 (98.9 %); the fractional search must
// reach 99 %, certified ex-post, with no subsidies and no gain from quitting.
import { describe, expect, it } from "vitest";
import { buildProblem } from "../../problems/registry.js";
import { lpOptimum } from "../lp-optimum.js";
import { bilevelConfig, DEFAULT_BILEVEL } from "./bilevel-types.js";
import { FRACTIONAL, fractionalConfig } from "./fractional-search.js";
import { designBilevelWithSearch, searchNotion } from "./relaxed-search.js";
import { designBilevel } from "./bilevel.js";

describe("bilevel search=fractional (ex-post)", () => {
  const problem = buildProblem("bandit-auction(horizon=2)");
  const participation = { ir: "ex-post", subsidies: "none" } as const;

  it("is what auto picks under ex-post only, and scales the step and the LP budget", () => {
    const cfg = bilevelConfig("bilevel(ir=ex-post,subsidies=none)", DEFAULT_BILEVEL.steps);
    expect(searchNotion(cfg)).toBe("fractional");
    for (const ir of ["ex-ante", "interim"])
      expect(searchNotion(bilevelConfig(`bilevel(ir=${ir})`, 1))).toBe("direct");
    expect(searchNotion(bilevelConfig("bilevel(ir=periodic)", 1))).toBe("interim");
    expect(searchNotion(bilevelConfig("bilevel(ir=ex-post,search=direct)", 1))).toBe("direct");
    const f = fractionalConfig(cfg);
    expect(f).toEqual({
      ...cfg,
      steps: DEFAULT_BILEVEL.steps * FRACTIONAL.stepsScale,
      lr: DEFAULT_BILEVEL.lr * FRACTIONAL.lrScale,
      flips: DEFAULT_BILEVEL.flips * FRACTIONAL.flipsScale,
      search: "fractional",
    });
  });

  it("T = 2 at the defaults: ≥ 99 % of the ex-post LP optimum, certified ex-post, no subsidies, no gain from quitting", async () => {
    const lp = await lpOptimum(problem, { participation });
    const cfg = bilevelConfig("bilevel(ir=ex-post,subsidies=none)", DEFAULT_BILEVEL.steps);
    const res = await designBilevelWithSearch(problem, cfg);
    // The run records what it used in its config, and its name re-runs as the same designer.
    expect(res.designer).toMatch(/lr=0\.01,flips=200,.*search=fractional\)$/);
    expect(res.config).toMatchObject({ lr: 0.1, flips: 400, search: "fractional" });
    const c = res.certificate;
    const pa = c.participation!;
    expect(c.revenue.value).toBeGreaterThanOrEqual(0.99 * lp.revenue);
    // A design never beats the LP optimum of its own constraints.
    expect(c.revenue.value).toBeLessThanOrEqual(lp.revenue + 1e-7);
    expect(c.exploitability.value).toBeLessThanOrEqual(1e-6);
    expect(pa.maxExPostExcess.value).toBeLessThanOrEqual(1e-9);
    expect(pa.maxPaymentToAgent.value).toBeLessThanOrEqual(0);
    expect(pa.exitExploitability.value).toBeLessThanOrEqual(1e-6);
    expect(pa.minContinuationUtility.value).toBeGreaterThanOrEqual(-1e-9);
    expect(pa.satisfies).toEqual(participation);
  }, 60_000);

  it("search=direct where auto would pick another search is written in the designer's name", async () => {
    const res = await designBilevelWithSearch(
      problem,
      bilevelConfig("bilevel(ir=ex-post,subsidies=none,search=direct,flips=0)", 2),
    );
    expect(res.designer).toMatch(/,search=direct\)$/);
    // The name parses back to the same search.
    expect(searchNotion(bilevelConfig(res.designer, 2))).toBe("direct");
    const plain = await designBilevelWithSearch(
      problem,
      bilevelConfig("bilevel(ir=interim,flips=0)", 2),
    );
    expect(plain.designer).not.toMatch(/search=/);
  }, 60_000);

  it("contracting moves go on where outright ones stop, from the same Adam phase", async () => {
    const f = fractionalConfig(bilevelConfig("bilevel(ir=ex-post,subsidies=none,flips=100)", 8));
    const contracting = await designBilevel(problem, f);
    const outright = await designBilevel(problem, { ...f, search: "direct" });
    const adam = (r: typeof outright) =>
      r.history.filter((h) => h.phase === "adam").map((h) => h.revenue);
    expect(adam(contracting)).toEqual(adam(outright));
    // Outright moves ran out of improving candidates before the LP budget; the contracting
    // search spends more of it and finds a better table (measured: 3.5402 against 3.5397).
    expect(outright.lpSolves).toBeLessThan(f.steps + 1 + f.flips);
    expect(contracting.lpSolves).toBeGreaterThan(outright.lpSolves);
    expect(contracting.certificate.revenue.value).toBeGreaterThan(
      outright.certificate.revenue.value + 1e-4,
    );
  }, 60_000);
});
