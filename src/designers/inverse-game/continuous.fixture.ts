// Small continuous-type fixtures shared by the inverse-game tests: a T = 2 problem, a handicap
// mechanism designed with few nodes and samples (the base of start=handicap), and a sampled
// oracle and certificate sized so that a whole design runs in seconds. Test support only:
// tsconfig.build.json leaves *.fixture.ts out of the package.
import { resolveParams } from "../../core/spec.js";
import { computeHandicapTeam, handicapTeamParams } from "../../mechanisms/handicap-team.js";
import type { SavedBase } from "../../mechanisms/neural/residual.js";
import { buildProblem } from "../../problems/registry.js";
import type { DynamicProblem } from "../../problems/types.js";
import type { HandicapConfig } from "../handicap/handicap-designer.js";
import { DEFAULT_DESIGN, type DesignConfig } from "./run.js";

export const tinyContinuous = (): DynamicProblem =>
  buildProblem("bandit-auction(values=continuous,horizon=2)");

/** A coarse handicap mechanism for `problem` and its saved form (seed 1). */
export function tinyHandicap(problem: DynamicProblem): {
  handicap: ReturnType<typeof computeHandicapTeam>;
  saved: SavedBase;
} {
  const handicap = computeHandicapTeam(
    problem,
    resolveParams("handicap-team", handicapTeamParams, {
      nodes: 5,
      samples: 200,
      "level-samples": 500,
    }),
    { seed: 1 },
  );
  return {
    handicap,
    saved: { mechanism: "handicap-team", params: handicap.params, state: handicap.state() },
  };
}

/** The sampled oracle and certificate of a seconds-long continuous design. */
export const TINY_SAMPLED: DesignConfig["sampled"] = {
  ...DEFAULT_DESIGN.sampled,
  scenarios: 8,
  bins: 4,
  hidden: 4,
  samples: 400,
  adversary: 2,
  adversaryBatch: 8,
  interimSamples: 100,
};

/** The handicap start of a seconds-long design (few nodes and samples, no adversary). */
export const TINY_START: HandicapConfig = {
  scales: [1],
  nodes: 5,
  feeSamples: 200,
  levelSamples: 500,
  samples: 200,
  adversary: 0,
  adversaryBatch: 8,
  interimSamples: 100,
};

/** A seconds-long `penalty` design from the handicap start (seed 3, `budget` iterations). */
export const tinyWarmDesign = (budget: number): DesignConfig => ({
  ...DEFAULT_DESIGN,
  mechanism: { width: 8, payments: "free" },
  designer: "penalty",
  seed: 3,
  budget,
  sgda: { ...DEFAULT_DESIGN.sgda, restartEvery: 2, warmup: 1 },
  start: TINY_START,
  sampled: TINY_SAMPLED,
});
