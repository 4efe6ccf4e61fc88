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
import { PerGoodMechanism } from "../../mechanisms/per-good.js";
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
import { unknownValue } from "../../core/suggest.js";

/** Mechanisms whose allocation rule (which ignores history) can start the search. */
export const START_MECHANISMS = ["second-price", "first-price", "myerson"];

export interface BilevelConfig {
  memory: MemoryKind;
  /** Mechanism whose per-period allocation rule is the starting point, e.g. `second-price`. */
  start: string;
  /**
   * How the start breaks ties between agents: "split" keeps the start's shares, "first" gives a
   * shared good to the lowest index (another starting point; the LP optimum at T = 3 is
   * deterministic and favours one agent at ties, yet "split" + vertex search reached it and
   * "first" did not — results/inverse-game.md).
   */
  ties: "first" | "split";
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
}

export const DEFAULT_BILEVEL: BilevelConfig = {
  memory: "initial-last",
  start: "second-price",
  ties: "split",
  goods: "separate",
  steps: 40,
  flips: 200,
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
    values: ["first", "split"],
    doc: "start's tie-breaking: lowest index wins, or shares kept",
  },
  lr: {
    type: "number",
    default: DEFAULT_BILEVEL.lr,
    min: 0,
    doc: "Adam step on allocation probabilities",
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
    ties: v.ties as "first" | "split",
    flips: v.flips as number,
    lr: v.lr as number,
    icPenalty: v["ic-penalty"] as number,
    goods: v.goods as "separate" | "joint",
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
  /** "adam": a projected Adam step; "flip": an accepted move of one row to a vertex. */
  phase: "adam" | "flip";
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
  mechanism: TabularMechanism | PerGoodMechanism;
  /** Several goods designed separately: the single-good problem the history refers to. */
  perGood?: { marginal: string; goods: number };
  certificate: EvaluationReport;
  compileSeconds: number;
  trainSeconds: number;
  certifySeconds: number;
  /** Set when the run stopped early but its result was kept: why, and what the result is. */
  interrupted?: string;
}

/** Allocation of `start` (a history-independent mechanism) in every row of the table. */
function startAllocation(
  problem: DynamicProblem,
  g: CompiledGame,
  start: string,
  ties: "first" | "split",
): Float64Array {
  if (!START_MECHANISMS.includes(start))
    throw unknownValue("--designer start", start, START_MECHANISMS, " as start");
  const mech = buildMechanism(start, problem, "--designer start");
  const w = g.m * (g.n + 1);
  const x = new Float64Array(g.rowKeys.length * w);
  g.rowKeys.forEach((key, r) => {
    const reports = Float64Array.from(key.slice(key.lastIndexOf("|") + 1).split(","), Number);
    x.set(mech.outcome([], reports).alloc, r * w);
  });
  if (ties === "first") {
    const n = g.n;
    for (let at = 0; at < x.length; at += n + 1) {
      let top = 0;
      for (let i = 0; i < n; i++) top = Math.max(top, x[at + i]);
      if (top === 0) continue;
      const winner = Array.from({ length: n }, (_, i) => i).find((i) => x[at + i] === top)!;
      let shared = 0;
      for (let i = 0; i < n; i++) if (x[at + i] === top) shared += x[at + i];
      if (shared === top) continue; // no tie
      for (let i = 0; i < n; i++) if (x[at + i] === top) x[at + i] = 0;
      x[at + winner] = shared;
    }
  }
  return x;
}

export interface BilevelRunOptions {
  onStep?: (s: BilevelStep) => void;
  /** After every LP solve, with the number solved so far (progress bars). */
  onLp?: (lps: number) => void;
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
  if (problem.goods > 1 && cfg.goods === "separate") return designPerGood(problem, cfg, opts);
  const t0 = performance.now();
  const g = compileGame(problem, cfg.memory);
  const compileSeconds = (performance.now() - t0) / 1000;
  const params = new TableParams(g, { x: 0, p: 0 });
  params.x.set(startAllocation(problem, g, cfg.start, cfg.ties));
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
      phase: "adam",
      lps: step + 1,
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
  // Vertex search from the best iterate (the optimum of the LP over all tables is a vertex
  // with deterministic allocations; Adam stalls at kinks of R(x), e.g. symmetric splits).
  const startFlips = best ?? fallback!;
  const adamLps = history.length;
  let lpSolves = adamLps;
  const search = await vertexSearch(g, sweep, startFlips.x, cfg, {
    stop: () => opts.shouldStop?.() ?? false,
    onLp: (used) => {
      lpSolves = adamLps + used;
      opts.onLp?.(lpSolves);
    },
    onFlip: (f) => {
      const step = history.length;
      if (f.slack <= cfg.icTolerance && (!best || f.lp.revenue > best.value))
        best = { step, value: f.lp.revenue, x: f.x, p: f.lp.p };
      if (!fallback || f.lp.objective > fallback.value)
        fallback = { step, value: f.lp.objective, x: f.x, p: f.lp.p };
      const rec: BilevelStep = {
        step,
        phase: "flip",
        lps: adamLps + f.lps,
        revenue: f.lp.revenue,
        objective: f.lp.objective,
        icSlack: f.slack,
        best: best?.value ?? NaN,
        lpSeconds: f.lpSeconds,
        seconds: (performance.now() - t1) / 1000,
      };
      history.push(rec);
      opts.onStep?.(rec);
    },
  });
  const trainSeconds = (performance.now() - t1) / 1000;
  const interrupted = search.stopped
    ? `stopped (Ctrl-C) during the vertex search after ${search.used} of at most ${cfg.flips} LP solves; the table is the best found so far, certified exactly`
    : undefined;
  const chosen = best ?? fallback!;
  const mechanism = toMechanism(g, { x: chosen.x, p: chosen.p });
  const t2 = performance.now();
  const certificate = evaluate(problem, mechanism, { mode: "exact" });
  return {
    designer: bilevelLabel(cfg, problem.goods > 1),
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
    lpSolves,
    compileSeconds,
    trainSeconds,
    certifySeconds: (performance.now() - t2) / 1000,
    ...(interrupted ? { interrupted } : {}),
  };
}

const bilevelLabel = (cfg: BilevelConfig, manyGoods: boolean) =>
  `bilevel(memory=${cfg.memory},start=${cfg.start},ties=${cfg.ties},lr=${cfg.lr},flips=${cfg.flips},ic-penalty=${cfg.icPenalty}${manyGoods ? `,goods=${cfg.goods}` : ""})`;

/**
 * Several independent goods designed one at a time: the single-good problem is designed once
 * per distinct marginal (bandit-auction goods are i.i.d., so once), the tables run good by good,
 * and the composition is certified by the exact evaluator on the whole problem.
 */
async function designPerGood(
  problem: DynamicProblem,
  cfg: BilevelConfig,
  opts: BilevelRunOptions,
): Promise<BilevelResult> {
  if (!problem.marginal)
    throw new UsageError(
      "--designer goods",
      `"separate" needs a problem with independent goods; use bilevel(goods=joint)`,
    );
  const marginals = Array.from({ length: problem.goods }, (_, j) => problem.marginal!(j));
  const designs = new Map<string, BilevelResult>();
  for (const mp of marginals)
    if (!designs.has(mp.name)) designs.set(mp.name, await designBilevel(mp, cfg, opts));
  const first = designs.get(marginals[0].name)!;
  const mechanism = new PerGoodMechanism(
    problem.agents,
    marginals.map((mp) => designs.get(mp.name)!.mechanism),
  );
  const t2 = performance.now();
  const certificate = evaluate(problem, mechanism, { mode: "exact" });
  return {
    ...first,
    designer: bilevelLabel(cfg, true),
    mechanism,
    certificate,
    perGood: { marginal: marginals[0].name, goods: problem.goods },
    certifySeconds: first.certifySeconds + (performance.now() - t2) / 1000,
  };
}

const slackOf = (lp: { icSlack: number[][] }) => lp.icSlack.flat().reduce((a, b) => a + b, 0);

/** Candidate moves tried per round of the vertex search. */
export const FLIP_CANDIDATES = 40;

interface Flip {
  x: Float64Array;
  lp: Awaited<ReturnType<typeof optimalPayments>>;
  slack: number;
  /** LP seconds spent in the round, rejected candidates included. */
  lpSeconds: number;
  /** LP solves of the vertex search so far, this round included. */
  lps: number;
}

/**
 * Gradient-guided vertex search: each round ranks the moves "give row r's good to j outright"
 * by their first-order gain (∇R(x)_rj − Σ_i x_ri ∇R(x)_ri)·(1 − x_rj), re-solves the payment LP
 * for the best FLIP_CANDIDATES of them in order and accepts the first that raises the LP
 * objective; it stops after `cfg.flips` LP solves, when no candidate improves, or on
 * `stop()` (Ctrl-C), keeping the best table found. Finite moves jump
 * over the kinks where the gradient steps stall. Single good per row (m = 1) or not: a move
 * sets the whole row of one good.
 */
async function vertexSearch(
  g: CompiledGame,
  sweep: GameSweep,
  x0: Float64Array,
  cfg: BilevelConfig,
  on: { stop: () => boolean; onLp: (used: number) => void; onFlip: (f: Flip) => void },
): Promise<{ stopped: boolean; used: number }> {
  if (cfg.flips <= 0) return { stopped: false, used: 0 };
  const x = x0.slice();
  const len = g.n + 1;
  // Re-solved for its duals (the gradient needs them); counts against the budget.
  let lp = await optimalPayments(g, x, { icPenalty: cfg.icPenalty });
  let used = 1;
  on.onLp(used);
  let stopped = false;
  while (used < cfg.flips) {
    if (on.stop()) {
      stopped = true;
      break;
    }
    const grad = paymentLpGradient(sweep, x, lp);
    const cands: { gain: number; at: number; j: number }[] = [];
    for (let at = 0; at < x.length; at += len) {
      let here = 0;
      for (let i = 0; i < len; i++) here += x[at + i] * grad[at + i];
      for (let j = 0; j < len; j++) {
        const gain = (grad[at + j] - here) * (1 - x[at + j]);
        if (gain > 1e-9 && x[at + j] < 1 - 1e-9) cands.push({ gain, at, j });
      }
    }
    cands.sort((a, b) => b.gain - a.gain);
    let lpSeconds = 0;
    let accepted = false;
    for (const { at, j } of cands.slice(0, FLIP_CANDIDATES)) {
      if (used >= cfg.flips) break;
      if (on.stop()) {
        stopped = true;
        break;
      }
      const old = x.slice(at, at + len);
      x.fill(0, at, at + len);
      x[at + j] = 1;
      const next = await optimalPayments(g, x, { icPenalty: cfg.icPenalty });
      used++;
      on.onLp(used);
      lpSeconds += next.seconds;
      // Yield so that Ctrl-C (shouldStop) is seen between LPs.
      await new Promise((resolve) => setImmediate(resolve));
      // Once exactly IC, stay exactly IC: a move that trades IC slack for revenue at the LP's
      // price M would raise the objective but not the certified revenue.
      const ok = slackOf(next) <= cfg.icTolerance || slackOf(lp) > cfg.icTolerance;
      if (ok && next.objective > lp.objective + 1e-9) {
        lp = next;
        accepted = true;
        break;
      }
      x.set(old, at);
    }
    if (!accepted) break;
    on.onFlip({ x: x.slice(), lp, slack: slackOf(lp), lpSeconds, lps: used });
  }
  return { stopped, used };
}
