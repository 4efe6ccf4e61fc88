// Every clock auction by name. Adding one: a file in this folder plus one entry here.
import { Registry } from "../../core/registry.js";
import type { ClockRule } from "../engine.js";
import { adviceWeighted } from "./advice-weighted.js";
import { ascendingUniform } from "./ascending-uniform.js";
import { errorTolerant } from "./error-tolerant.js";
import { greedyDa } from "./greedy-da.js";
import { learningAugmented } from "./learning-augmented.js";
import { noAdvice } from "./no-advice.js";
import { STEP_SPEC } from "./water-fill.js";

const EPSILON = {
  type: "number" as const,
  default: 0.5,
  min: 0,
  minExclusive: true,
  doc: "consistency target: welfare ≥ OPT/(1+ε) when the advice is optimal",
};

export const clockAuctions = new Registry<ClockRule>("clock auction")
  .add({
    name: "no-advice",
    summary: "water-filling on the solver's best price-weight set (ignores advice)",
    params: { step: STEP_SPEC },
    create: (p) => noAdvice(p.step as number),
  })
  .add({
    name: "ascending-uniform",
    summary: "one clock for all active bidders (k-uniform: (k+1)-st price)",
    params: { step: STEP_SPEC },
    create: (p) => ascendingUniform(p.step as number),
  })
  .add({
    name: "greedy-da",
    summary: "greedy deferred acceptance with bid scaling p/size^scaling",
    params: {
      step: STEP_SPEC,
      scaling: { type: "number", default: 0.5, min: 0, max: 2, doc: "size exponent" },
    },
    create: (p) => greedyDa(p.step as number, p.scaling as number),
  })
  .add({
    name: "learning-augmented",
    summary: "advised set protected as a block, trust γ = H_|Ô|(1+step)(1+ε)/ε",
    params: { epsilon: EPSILON, step: STEP_SPEC },
    create: (p) => learningAugmented(p.epsilon as number, p.step as number),
  })
  .add({
    name: "error-tolerant",
    summary: "learning-augmented until > tolerance·|Ô| advised bidders quit, then no-advice",
    params: {
      epsilon: EPSILON,
      tolerance: {
        type: "number",
        default: 0.25,
        min: 0,
        max: 1,
        doc: "fraction of advised bidders allowed to quit before the advice is dropped",
      },
      step: STEP_SPEC,
    },
    create: (p) => errorTolerant(p.epsilon as number, p.tolerance as number, p.step as number),
  })
  .add({
    name: "advice-weighted",
    summary: "consistency^∞ family: the block rule with trust factor γ",
    params: {
      gamma: { type: "number", default: 4, min: 1, doc: "weight of the advised set (1: none)" },
      step: STEP_SPEC,
    },
    create: (p) => adviceWeighted(p.gamma as number, p.step as number),
  });
