// Size estimates refuse exact computations up front, before any work, with the estimate.
import { describe, expect, it } from "vitest";
import { TooLargeError } from "../core/errors.js";
import { buildMechanism } from "../mechanisms/registry.js";
import { buildProblem } from "../problems/registry.js";
import { evaluate } from "./evaluate.js";
import { EXACT_WORK_LIMIT, exactEvaluationSize } from "./exact-size.js";
import { compiledGameSize, compileGame } from "../designers/compiled-game/compiled-game.js";
import { lpOptimum } from "../designers/lp-optimum.js";

const setup = (p: string, m: string) => {
  const problem = buildProblem(p);
  return { problem, mech: buildMechanism(m, problem) };
};

describe("exact evaluation size", () => {
  it("counts nodes by hand on a one-period problem: K^n profiles", () => {
    // n = 2, K = 3, T = 1: 9 joint profiles; work = 9 · (9·3) · 3 outcome calls.
    const { problem, mech } = setup("bandit-auction(horizon=1)", "myerson");
    expect(exactEvaluationSize(problem, mech)).toEqual({ nodes: 9, work: 9 * 27 * 3 });
  });
  it("a static mechanism merges histories into joint states (Σ_τ 9·C(τ+2,2))", () => {
    const { problem, mech } = setup("bandit-auction(horizon=3)", "myerson");
    expect(exactEvaluationSize(problem, mech).nodes).toBe(9 * (1 + 3 + 6));
  });
  it("8 agents over 50 periods is refused at once with the estimate and the alternative", () => {
    const { problem, mech } = setup("bandit-auction(agents=8,horizon=50)", "myerson");
    const t = performance.now();
    let err: unknown;
    try {
      evaluate(problem, mech, { mode: "exact" });
    } catch (e) {
      err = e;
    }
    expect(performance.now() - t).toBeLessThan(1000);
    expect(err).toBeInstanceOf(TooLargeError);
    expect((err as TooLargeError).estimate).toBeGreaterThan(EXACT_WORK_LIMIT);
    expect((err as Error).message).toMatch(/--mode sampled/);
  });
  it("auto on a large problem says why it sampled", () => {
    const { problem, mech } = setup("bandit-auction(agents=5,horizon=2)", "myerson");
    const r = evaluate(problem, mech, { mode: "auto", samples: 100 });
    expect(r.mode).toBe("sampled");
    expect(r.modeNote).toMatch(/auto chose sampled evaluation: exact evaluation is estimated/);
    const small = setup("bandit-auction(horizon=2)", "myerson");
    expect(evaluate(small.problem, small.mech, { mode: "auto" }).modeNote).toBeUndefined();
  });
});

describe("other exact computations refuse up front", () => {
  it("the compiled game: estimate above the actual node count, refusal without building", () => {
    const problem = buildProblem("bandit-auction(horizon=3)");
    const g = compileGame(problem, "full");
    const actual = g.truth.nodes + g.dev.reduce((a, d) => a + d.nodes, 0);
    expect(compiledGameSize(problem, "full")).toBeGreaterThanOrEqual(actual);
    const big = buildProblem("bandit-auction(agents=6,horizon=20)");
    const t = performance.now();
    expect(() => compileGame(big, "initial-last")).toThrow(TooLargeError);
    expect(performance.now() - t).toBeLessThan(1000);
  });
  it("the LP optimum", async () => {
    await expect(lpOptimum(buildProblem("bandit-auction(agents=4,horizon=6)"))).rejects.toThrow(
      /too large: about .* LP columns/,
    );
  });
});
