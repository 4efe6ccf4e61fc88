// The bilevel exact designer for small discrete `realized` problems: the mechanism is a table
// (one outcome per memory key and report profile); the OUTER problem moves the allocation
// probabilities by projected Adam ascent on R(x), the INNER problem gives R(x) exactly — the
// best revenue any payment rule can reach with allocation x while the mechanism stays exactly
// IC (exact best responses, the evaluator's information model) and interim IR — by one LP
// (payment-lp.ts). ∇R(x) comes from the LP's multipliers by the envelope theorem
// (sweep.ts, paymentLpGradient). It is the inverse game of seed 001 with the inner
// max over deviations solved exactly (OpenSpiel-style exact best response, as LP rows) and the
// payments solved exactly, which leaves only the allocation to search.
//
// Every iterate is a real mechanism whose exploitability is the LP's IC slack (0 when the
// allocation is implementable); the designer keeps the exactly-IC iterate with the highest
// revenue, and the independent exact evaluator certifies it afterwards.
import { UsageError } from "../../core/errors.js";
import { parseName, resolveParams, type ParamSpecs } from "../../core/spec.js";
import { evaluate, type EvaluationReport } from "../../evaluation/evaluate.js";
import { buildMechanism } from "../../mechanisms/registry.js";
import { MEMORY_KINDS, type MemoryKind } from "../../mechanisms/history-memory.js";
import type { TabularMechanism } from "../../mechanisms/tabular.js";
import type { DynamicProblem } from "../../problems/types.js";
import { compileGame, type CompiledGame } from "./compiled-game.js";
import { optimalPayments } from "./payment-lp.js";
import { GameSweep, paymentLpGradient } from "./sweep.js";
import { Adam64, projectSimplex, TableParams, toMechanism } from "./table-params.js";
import { readCheckpoint, type BilevelCheckpoint, type Iterate } from "./checkpoint.js";

/** Mechanisms whose allocation rule (which ignores history) can start the search. */
export const START_MECHANISMS = ["second-price", "first-price", "myerson"];

export interface BilevelConfig {
  memory: MemoryKind;
  /** Mechanism whose per-period allocation rule is the starting point, e.g. `second-price`. */
  start: string;
  /** Outer iterations (one payment LP each). */
  steps: number;
  /** Adam learning rate on the allocation probabilities (decays linearly to 10 %). */
  lr: number;
  /** Price M of one unit of IC slack in the inner LP (elastic IC rows). */
  icPenalty: number;
  /** An iterate counts as exactly IC when its total IC slack is at most this. */
  icTolerance: number;
}

export const DEFAULT_BILEVEL: BilevelConfig = {
  memory: "initial-last",
  start: "second-price",
  steps: 40,
  lr: 0.01,
  icPenalty: 20,
  icTolerance: 1e-7,
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
  lr: {
    type: "number",
    default: DEFAULT_BILEVEL.lr,
    min: 0,
    doc: "Adam step on allocation probabilities",
  },
  "ic-penalty": {
    type: "number",
    default: DEFAULT_BILEVEL.icPenalty,
    min: 0,
    minExclusive: true,
    doc: "price of IC slack in the inner LP",
  },
};

export const isBilevel = (designer: string, field = "--designer"): boolean =>
  parseName(designer, field).name === "bilevel";

/** The configuration named by `bilevel(…)` with `steps` outer steps. */
export function bilevelConfig(
  designer: string,
  steps: number,
  field = "--designer",
): BilevelConfig {
  const parsed = parseName(designer, field);
  const v = resolveParams("bilevel", bilevelParams, parsed.args);
  return {
    ...DEFAULT_BILEVEL,
    memory: v.memory as MemoryKind,
    start: v.start as string,
    lr: v.lr as number,
    icPenalty: v["ic-penalty"] as number,
    steps,
  };
}

/** The run stopped early (Ctrl-C) after writing its checkpoint. */
export class Interrupted extends Error {
  constructor(readonly nextStep: number) {
    super(`interrupted before outer step ${nextStep}`);
  }
}

export interface BilevelStep {
  step: number;
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
  chosenStep: number;
  mechanism: TabularMechanism;
  certificate: EvaluationReport;
  compileSeconds: number;
  trainSeconds: number;
  certifySeconds: number;
}

/** Allocation of `start` (a history-independent mechanism) in every row of the table. */
function startAllocation(problem: DynamicProblem, g: CompiledGame, start: string): Float64Array {
  if (!START_MECHANISMS.includes(start))
    throw new UsageError(
      "--designer start",
      `unknown start "${start}"; allowed: ${START_MECHANISMS.join(", ")}`,
    );
  const mech = buildMechanism(start, problem, "--designer start");
  const w = g.m * (g.n + 1);
  const x = new Float64Array(g.rowKeys.length * w);
  g.rowKeys.forEach((key, r) => {
    const reports = Float64Array.from(key.slice(key.lastIndexOf("|") + 1).split(","), Number);
    x.set(mech.outcome([], reports).alloc, r * w);
  });
  return x;
}

export interface BilevelRunOptions {
  onStep?: (s: BilevelStep) => void;
  /** Continue from this checkpoint file (same problem and designer parameters). */
  resume?: string;
  /** Called with the run's state every `checkpointEvery` steps and when stopped early. */
  onCheckpoint?: (c: BilevelCheckpoint) => void;
  checkpointEvery?: number;
  /** Polled after every step; true ends the run early (e.g. after Ctrl-C). */
  shouldStop?: () => boolean;
}

export async function designBilevel(
  problem: DynamicProblem,
  cfg: BilevelConfig,
  optsOrOnStep: BilevelRunOptions | ((s: BilevelStep) => void) = {},
): Promise<BilevelResult> {
  const opts: BilevelRunOptions =
    typeof optsOrOnStep === "function" ? { onStep: optsOrOnStep } : optsOrOnStep;
  const t0 = performance.now();
  const g = compileGame(problem, cfg.memory);
  const compileSeconds = (performance.now() - t0) / 1000;
  const params = new TableParams(g, { x: 0, p: 0 });
  params.x.set(startAllocation(problem, g, cfg.start));
  const sweep = new GameSweep(g, 0);
  const opt = new Adam64(params.x.length, cfg.lr);
  let history: BilevelStep[] = [];
  let best: Iterate | undefined;
  let fallback: Iterate | undefined;
  let first = 0;
  let offset = 0; // seconds already spent before a resume
  if (opts.resume) {
    const c = readCheckpoint(opts.resume, problem.name, cfg, params.x.length, params.p.length);
    params.x.set(c.x);
    opt.m1.set(c.adam.m1);
    opt.m2.set(c.adam.m2);
    opt.t = c.adam.t;
    ({ history, best, fallback } = c);
    first = c.nextStep;
    offset = history.length ? history[history.length - 1].seconds : 0;
  }
  const checkpoint = (nextStep: number): BilevelCheckpoint => ({
    problem: problem.name,
    config: cfg,
    nextStep,
    x: params.x,
    adam: { m1: opt.m1, m2: opt.m2, t: opt.t },
    history,
    best,
    fallback,
  });
  let lpSize = { columns: 0, rows: 0 };
  const t1 = performance.now() - offset * 1000;
  for (let step = first; step <= cfg.steps; step++) {
    const lp = await optimalPayments(g, params.x, { icPenalty: cfg.icPenalty });
    lpSize = { columns: lp.columns, rows: lp.rows };
    const slack = lp.icSlack.flat().reduce((a, b) => a + b, 0);
    if (slack <= cfg.icTolerance && (!best || lp.revenue > best.value))
      best = { step, value: lp.revenue, x: params.x.slice(), p: lp.p };
    if (!fallback || lp.objective > fallback.value)
      fallback = { step, value: lp.objective, x: params.x.slice(), p: lp.p };
    const rec: BilevelStep = {
      step,
      revenue: lp.revenue,
      objective: lp.objective,
      icSlack: slack,
      best: best?.value ?? NaN,
      lpSeconds: lp.seconds,
      seconds: (performance.now() - t1) / 1000,
    };
    history.push(rec);
    opts.onStep?.(rec);
    if (step === cfg.steps) break;
    // Ascent on R(x): Adam descends, so hand it −∇R; then back onto the simplices.
    const grad = paymentLpGradient(sweep, params.x, lp);
    for (let k = 0; k < grad.length; k++) grad[k] = -grad[k];
    opt.lr = cfg.lr * (1 - (0.9 * step) / cfg.steps);
    opt.step(params.x, grad);
    const len = g.n + 1;
    for (let at = 0; at < params.x.length; at += len) projectSimplex(params.x, at, len);
    // Yield one macrotask turn: the LP and sweeps are synchronous, and signal handlers
    // (Ctrl-C → shouldStop) only run when the event loop gets a turn.
    await new Promise((resolve) => setImmediate(resolve));
    const stop = opts.shouldStop?.() ?? false;
    const every = opts.checkpointEvery ?? 10;
    if (opts.onCheckpoint && (stop || (step + 1) % every === 0))
      opts.onCheckpoint(checkpoint(step + 1));
    if (stop) throw new Interrupted(step + 1);
  }
  const trainSeconds = (performance.now() - t1) / 1000;
  const chosen = best ?? fallback!;
  const mechanism = toMechanism(g, { x: chosen.x, p: chosen.p });
  const t2 = performance.now();
  const certificate = evaluate(problem, mechanism, { mode: "exact" });
  return {
    designer: `bilevel(memory=${cfg.memory},start=${cfg.start},lr=${cfg.lr},ic-penalty=${cfg.icPenalty})`,
    config: cfg,
    sizes: {
      rows: g.rowKeys.length,
      truthfulNodes: g.truth.nodes,
      deviationNodes: g.dev.map((d) => d.nodes),
      lpColumns: lpSize.columns,
      lpRows: lpSize.rows,
    },
    history,
    chosenStep: chosen.step,
    mechanism,
    certificate,
    compileSeconds,
    trainSeconds,
    certifySeconds: (performance.now() - t2) / 1000,
  };
}
