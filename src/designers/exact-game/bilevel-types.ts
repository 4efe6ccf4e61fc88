// The bilevel designer's configuration (`bilevel(k=v,…)` parameters), its per-step record and
// its result. Its own module so that the loop (bilevel.ts), the checkpoint format
// (checkpoint.ts) and the reports share them without importing each other.
import { parseName, resolveParams, type ParamSpecs, type ParamValue } from "../../core/spec.js";
import type { EvaluationReport } from "../../evaluation/evaluate.js";
import { MEMORY_KINDS, type MemoryKind } from "../../mechanisms/history-memory.js";
import type { Mechanism } from "../../mechanisms/types.js";
import {
  parseParticipation,
  participationParamsWith,
  type Participation,
} from "../../mechanisms/participation.js";

import type { DynamicProblem } from "../../problems/types.js";
import { autoTies, START_MECHANISMS, START_TIES, type StartTies } from "../start-allocation.js";

export { START_MECHANISMS };

/** The bilevel designer's `ties`: the start's tie-breakings, or "auto" (resolved per problem). */
export const BILEVEL_TIES = ["auto", ...START_TIES] as const;
export type BilevelTies = (typeof BILEVEL_TIES)[number];

export interface BilevelConfig {
  memory: MemoryKind;
  /** Mechanism whose per-period allocation rule is the starting point, e.g. `second-price`. */
  start: string;
  /**
   * How the start breaks ties between agents: "split" keeps the start's shares, "first" gives a
   * shared good to the lowest index, "handicap" to the smaller PST handicap of the initial
   * report (start-allocation.ts); "auto" (the default) is "handicap" where it is defined (one
   * good per table, discrete types), else "split" — resolved by `withResolvedTies` before the
   * search, so the designer's name shows the start it ran. From the handicap start the default
   * problem certifies 7.4940 at T = 5 (7.4111 from "split") and the LP optimum 6.0086 at T = 3
   * (results/inverse-game.md).
   */
  ties: BilevelTies;
  /**
   * Several goods: "separate" designs the single-good problem (DynamicProblem.marginal) and runs
   * it good by good (mechanisms/per-good.ts; feasible at T = 5), "joint" compiles the whole game
   * (T ≤ 2 for two goods). Ignored for one good.
   */
  goods: "separate" | "joint";
  /** Outer iterations (one payment LP each). */
  steps: number;
  /** LP solves the vertex search after the Adam steps may spend, one per tried move (0 = none). */
  flips: number;
  /** Adam learning rate on the allocation probabilities (decays linearly to 10 %). */
  lr: number;
  /** Price M of one unit of IC slack in the inner LP (elastic IC rows). */
  icPenalty: number;
  /** An iterate counts as exactly IC when its total IC slack is at most this. */
  icTolerance: number;
  /** Participation notion the payment LP enforces (every notion is supported). */
  participation: Participation;
  /**
   * Payment LP the allocation search uses: "direct" the requested notion's; "interim" interim
   * IR with subsidies allowed, then the requested notion's payments at the allocation found
   * (relaxed-search.ts); "fractional" the requested notion's, with an allocation search for
   * randomized optima (fractional-search.ts: larger Adam step, contracting vertex moves, more
   * LPs); "auto" is "interim" for ir=periodic, "fractional" for ir=ex-post, "direct" otherwise.
   */
  search: "auto" | "direct" | "interim" | "fractional";
}

/** What `search=fractional` scales and how its vertex moves contract (fractional-search.ts). */
export const FRACTIONAL = {
  lrScale: 10,
  stepsScale: 5,
  flipsScale: 2,
  firstMove: 1,
  minMove: 1 / 16,
} as const;

export const DEFAULT_BILEVEL: BilevelConfig = {
  memory: "initial-last",
  start: "second-price",
  ties: "auto",
  goods: "separate",
  steps: 40,
  flips: 200,
  lr: 0.01,
  icPenalty: 20,
  icTolerance: 1e-7,
  // Periodic + no subsidies: the mechanism a buyer who can leave would sign, at no revenue
  // cost on the default problem (docs/participation.md, "The default").
  participation: { ir: "periodic", subsidies: "none" },
  search: "auto",
};

/** `--designer "bilevel(…)"` parameters; the number of outer steps is `--budget`. */
export const bilevelParams: ParamSpecs = {
  memory: {
    type: "enum",
    default: DEFAULT_BILEVEL.memory,
    values: MEMORY_KINDS,
    doc: "what of the public history the table keys on (full is exponential in T)",
  },
  start: {
    type: "enum",
    default: DEFAULT_BILEVEL.start,
    values: START_MECHANISMS,
    doc: "mechanism whose allocation rule starts the search",
  },
  flips: {
    type: "number",
    default: DEFAULT_BILEVEL.flips,
    min: 0,
    integer: true,
    doc: "LP solves for the gradient-guided vertex search after the Adam steps",
  },
  ties: {
    type: "enum",
    default: DEFAULT_BILEVEL.ties,
    values: BILEVEL_TIES,
    doc: "start's ties: shares kept, lowest index, or smallest PST handicap of the initial report; auto = handicap for one good per table and discrete types, else split",
  },
  lr: {
    type: "number",
    default: DEFAULT_BILEVEL.lr,
    min: 0,
    doc: "Adam step on allocation probabilities (× 10 under search=fractional, the ex-post default)",
  },
  goods: {
    type: "enum",
    default: DEFAULT_BILEVEL.goods,
    values: ["separate", "joint"],
    doc: "several goods: design one good and run it per good, or the joint game",
  },
  "ic-penalty": {
    type: "number",
    default: DEFAULT_BILEVEL.icPenalty,
    min: 0,
    minExclusive: true,
    doc: "price of IC slack in the inner LP",
  },
  ...participationParamsWith(DEFAULT_BILEVEL.participation),
  search: {
    type: "enum",
    default: DEFAULT_BILEVEL.search,
    values: ["auto", "direct", "interim", "fractional"],
    doc: `payment LP of the allocation search: the notion's (direct), interim then the notion's payments (interim), the notion's with a search for randomized optima (fractional: ${FRACTIONAL.stepsScale} × budget Adam steps of ${FRACTIONAL.lrScale} × lr, ${FRACTIONAL.flipsScale} × flips LPs, vertex moves that contract); auto = interim for ir=periodic, fractional for ir=ex-post`,
  },
};

/** The configuration named by `bilevel(…)` with `steps` outer steps. */
export function bilevelConfig(
  designer: string,
  steps: number,
  field = "--designer",
): BilevelConfig {
  const parsed = parseName(designer, field);
  return bilevelConfigOf(resolveParams("bilevel", bilevelParams, parsed.args), steps);
}

/** The configuration of resolved `bilevel(…)` parameters with `steps` outer steps. */
export function bilevelConfigOf(v: Record<string, ParamValue>, steps: number): BilevelConfig {
  return {
    ...DEFAULT_BILEVEL,
    memory: v.memory as MemoryKind,
    start: v.start as string,
    ties: v.ties as BilevelTies,
    flips: v.flips as number,
    lr: v.lr as number,
    icPenalty: v["ic-penalty"] as number,
    goods: v.goods as "separate" | "joint",
    participation: parseParticipation(v, "--designer"),
    search: (v.search as BilevelConfig["search"] | undefined) ?? DEFAULT_BILEVEL.search,
    steps,
  };
}

/** `cfg` with `ties=auto` resolved for `problem` (autoTies: one good per table, discrete types). */
export function withResolvedTies(
  problem: DynamicProblem,
  cfg: BilevelConfig,
): BilevelConfig & { ties: StartTies } {
  const oneGood = problem.goods === 1 || cfg.goods === "separate";
  return { ...cfg, ties: cfg.ties === "auto" ? autoTies(problem, oneGood) : cfg.ties };
}

export interface BilevelStep {
  step: number;
  /**
   * "adam": a projected Adam step; "flip": an accepted move of one row towards a vertex;
   * "tighten": the requested notion's payments at the relaxed search's allocation.
   */
  phase: "adam" | "flip" | "tighten";
  /** LP solves so far (Adam steps, then every move the vertex search tried). */
  lps: number;
  /** Revenue of the optimal payments for this iterate's allocation. */
  revenue: number;
  /** LP objective: revenue − M·(IC slack). */
  objective: number;
  icSlack: number;
  /** Best exactly-IC revenue so far. */
  best: number;
  lpSeconds: number;
  seconds: number;
}

export interface BilevelResult {
  designer: string;
  config: BilevelConfig;
  sizes: {
    rows: number;
    truthfulNodes: number;
    deviationNodes: number[];
    lpColumns: number;
    lpRows: number;
  };
  history: BilevelStep[];
  /** LP solves in all: one per Adam step, one per move the vertex search tried. */
  lpSolves: number;
  chosenStep: number;
  /** A table, or for several goods designed separately a per-good composition of tables. */
  mechanism: Mechanism;
  /** Several goods designed separately: the single-good problem the history refers to. */
  perGood?: { marginal: string; goods: number };
  certificate: EvaluationReport;
  compileSeconds: number;
  trainSeconds: number;
  certifySeconds: number;
  /** Set when the run stopped early but its result was kept: why, and what the result is. */
  interrupted?: string;
}
