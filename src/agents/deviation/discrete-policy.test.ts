import { describe, expect, it } from "vitest";
import { initEngine } from "../../engine/jax.js";
import type { Rng } from "../../engine/rng.js";
import { evaluate } from "../../evaluation/evaluate.js";
import { NeuralMechanism } from "../../mechanisms/neural/mechanism.js";
import { initParams } from "../../mechanisms/neural/network.js";
import { buildProblem } from "../../problems/registry.js";
import { ExactTreeOracle } from "../../designers/inverse-game/exact-oracle.js";
import { LossBuilder } from "../../designers/inverse-game/losses.js";
import { DEFAULT_SGDA, Game } from "../../designers/inverse-game/sgda.js";
import { finishPolicyInit, policyLayout, reportIndex, reportVector } from "./discrete-policy.js";

describe("discrete deviation policy", () => {
  it("indexes report vectors both ways (first good most significant)", () => {
    const L = policyLayout(2, 2, 3, [1, 2, 3]);
    expect(L.reports).toBe(9);
    expect(reportIndex(L, [3, 1])).toBe(6);
    expect(Array.from(reportVector(L, 6))).toEqual([3, 1]);
  });

  it("starts exactly truthful (ψ = 0) and, against a fixed mechanism, learns the exact best-response gain", async () => {
    await initEngine();
    const problem = buildProblem("bandit-auction(horizon=2,discount=0.9)");
    const mech = new NeuralMechanism(problem, { width: 16, payments: "fraction", init: 2 });
    mech.weights[16].fill(2); // charge most of the report: profitable to shade
    const cert = evaluate(problem, mech, { mode: "exact" });
    const oracle = new ExactTreeOracle(problem, mech.layout, mech.arch, { regret: "full" });
    const shapes = oracle.policyShapes();
    const game = new Game(
      oracle,
      mech.shapes,
      shapes,
      mech.weights,
      { ...DEFAULT_SGDA, restartEvery: 1000, warmup: 1000 }, // θ frozen
      (rng: Rng) => finishPolicyInit(initParams(shapes, rng)),
      5,
    );
    const psi: number[][] = [];
    for (let s = 0; s < 60; s++)
      psi.push(game.step((e) => new LossBuilder(e).revenue(-1)).est.regret);
    expect(psi[0]).toEqual([0, 0]);
    cert.agents.forEach((a, i) => {
      expect(a.exploitability.value).toBeGreaterThan(0.05);
      // never above the exact best response (the certifier's deviator knows at least as much)
      expect(psi[59][i]).toBeLessThanOrEqual(a.exploitability.value + 1e-4);
      expect(psi[59][i]).toBeGreaterThan(0.95 * a.exploitability.value);
    });
    game.dispose();
    oracle.dispose();
  });
});
