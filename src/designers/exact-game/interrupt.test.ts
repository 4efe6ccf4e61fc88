// Ctrl-C during the vertex search: the run is kept but marked interrupted, with the reason;
// a run that was not stopped carries no mark.
import { describe, expect, it } from "vitest";
import { buildProblem } from "../../problems/registry.js";
import { bilevelConfig, designBilevel, Interrupted } from "./bilevel.js";

describe("bilevel interruption", () => {
  const problem = buildProblem("bandit-auction(horizon=2,discount=1)");
  const cfg = bilevelConfig("bilevel(flips=30)", 2);

  it("a stop in the vertex search marks the result; none otherwise", async () => {
    let lps = 0;
    const stopped = await designBilevel(problem, cfg, {
      onLp: (n) => (lps = n),
      shouldStop: () => lps >= cfg.steps + 2, // after the Adam steps and one search LP
    });
    expect(stopped.interrupted).toMatch(
      /stopped \(Ctrl-C\) during the vertex search after \d+ of at most 30/,
    );
    const full = await designBilevel(problem, cfg, {});
    expect(full.interrupted).toBeUndefined();
    expect(full.lpSolves).toBeGreaterThan(stopped.lpSolves);
  });
  it("a stop during the Adam steps throws Interrupted (nothing is kept)", async () => {
    await expect(designBilevel(problem, cfg, { shouldStop: () => true })).rejects.toBeInstanceOf(
      Interrupted,
    );
  });
});
