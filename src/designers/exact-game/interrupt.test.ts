// Ctrl-C during the vertex search: the run is kept but marked interrupted, with the reason;
// a run that was not stopped carries no mark; a stop during the Adam steps keeps nothing.
import { describe, expect, it } from "vitest";
import { StopWhen, type StepRecord } from "../../core/callbacks.js";
import { buildProblem } from "../../problems/registry.js";
import { Interrupted } from "../designer.js";
import { designBilevel } from "./bilevel.js";
import { bilevelConfig } from "./bilevel-types.js";

describe("bilevel interruption", () => {
  const problem = buildProblem("bandit-auction(horizon=2,discount=1)");
  const cfg = bilevelConfig("bilevel(flips=30)", 2);

  it("a stop in the vertex search marks the result; none otherwise", async () => {
    let searchLps = 0;
    const count = {
      onStep: (r: StepRecord) => void (r.phase === "vertex search" && searchLps++),
    };
    const stopped = await designBilevel(problem, cfg, {
      callbacks: [count, new StopWhen("test", () => searchLps >= 1)],
    });
    expect(stopped.interrupted).toMatch(
      /stopped \(Ctrl-C\) during the vertex search after \d+ of at most 30/,
    );
    const full = await designBilevel(problem, cfg, {});
    expect(full.interrupted).toBeUndefined();
    expect(full.lpSolves).toBeGreaterThan(stopped.lpSolves);
  });

  it("a stop during the Adam steps throws Interrupted (nothing is kept)", async () => {
    await expect(
      designBilevel(problem, cfg, { callbacks: [new StopWhen("test", () => true)] }),
    ).rejects.toBeInstanceOf(Interrupted);
  });
});
