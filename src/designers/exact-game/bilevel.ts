// The bilevel exact designer for small discrete `realized` problems: the mechanism is a table
// (one outcome per memory key and report profile); the OUTER problem moves the allocation
// probabilities by projected Adam ascent on R(x), the INNER problem gives R(x) exactly — the
// best revenue any payment rule can reach with allocation x while the mechanism stays exactly
// IC (exact best responses, the evaluator's information model) and interim IR — by one LP
// (payment-lp.ts). ∇R(x) comes from the LP's multipliers by the envelope theorem
// (sweep.ts, paymentLpGradient). It is the inverse game of Inverse Games with the inner
// max over deviations solved exactly (OpenSpiel-style exact best response, as LP rows) and the
// payments solved exactly, which leaves only the allocation to search.
//
// Every iterate is a real mechanism whose exploitability is the LP's IC slack (0 when the
// allocation is implementable); the designer keeps the exactly-IC iterate with the highest
// revenue, and the independent exact evaluator certifies it afterwards.
import { KeepBest, type StepRecord } from "../../core/callbacks.js";
import { evaluate } from "../../evaluation/evaluate.js";
import type { DynamicProblem } from "../../problems/types.js";
import { designCallbacks, reportStep, type DesignOptions } from "../designer.js";
import { composeGoods, goodsPlan } from "../per-good.js";
import { startAllocation } from "../start-allocation.js";
import {
  withResolvedTies,
  type BilevelConfig,
  type BilevelResult,
  type BilevelStep,
} from "./bilevel-types.js";
import {
  checkpointJson,
  readCheckpoint,
  type BilevelCheckpoint,
  type Iterate,
} from "./checkpoint.js";
import { compileGame } from "../compiled-game/compiled-game.js";
import { optimalPayments } from "./payment-lp.js";
import { GameSweep, paymentLpGradient } from "./sweep.js";
import { Adam64 } from "../../engine/optim/adam.js";
import { projectSimplex, TableParams, toMechanism } from "./table-params.js";
import { vertexSearch } from "./vertex-search.js";

/** Callbacks, checkpoint sink and the text of a checkpoint to resume (DesignOptions). */
export type BilevelRunOptions = Pick<DesignOptions, "callbacks" | "checkpoint" | "resume">;

/** An iterate offered to the keepers: the allocation and the LP's payments. */
interface Table {
  x: Float64Array;
  p: Float64Array;
}

/** The kept iterate of a KeepBest over tables, in the checkpoint's form. */
function iterateOf(k: KeepBest<Table, Table>): Iterate | undefined {
  const b = k.best;
  return b && { step: b.step, value: b.value, x: b.snapshot.x, p: b.snapshot.p };
}

/** Restore a keeper from a checkpoint's iterate. */
function restore(k: KeepBest<Table, Table>, it: Iterate | undefined): void {
  k.best = it && { step: it.step, value: it.value, snapshot: { x: it.x, p: it.p } };
}

/** The record callbacks see: one per LP solve, `step` counting LP solves (the progress unit). */
function stepRecord(s: BilevelStep, total: number, phase: string): StepRecord {
  return {
    step: s.lps,
    total,
    phase,
    metrics: { revenue: s.revenue, icSlack: s.icSlack, best: s.best },
  };
}

export async function designBilevel(
  problem: DynamicProblem,
  given: BilevelConfig,
  opts: BilevelRunOptions = {},
): Promise<BilevelResult> {
  const cfg = withResolvedTies(problem, given);
  if (problem.goods > 1 && cfg.goods === "separate") return designPerGood(problem, cfg, opts);
  const callbacks = designCallbacks(opts);
  const total = cfg.steps + 1 + cfg.flips;
  const t0 = performance.now();
  const g = compileGame(problem, cfg.memory);
  const compileSeconds = (performance.now() - t0) / 1000;
  const params = new TableParams(g);
  params.x.set(startAllocation(problem, g, cfg.start, cfg.ties));
  const sweep = new GameSweep(g, 0);
  const len = g.n + 1;
  const opt = new Adam64(params.x.length, cfg.lr, {
    eps: 1e-12,
    multiplyFirst: true,
    project: (x) => {
      for (let at = 0; at < x.length; at += len) projectSimplex(x, at, len);
    },
  });
  let history: BilevelStep[] = [];
  // Kept: the exactly-IC iterate (slack ≤ icTolerance) of highest revenue — and, in case no
  // iterate is exactly IC, the one of highest LP objective. Both see every LP solve.
  const snap = (t: Table): Table => ({ x: t.x.slice(), p: t.p });
  const best = new KeepBest<Table, Table>("revenue", snap, {
    admissible: (r) => r.metrics.icSlack <= cfg.icTolerance,
  });
  const fallback = new KeepBest<Table, Table>("objective", snap);
  const offer = (
    step: number,
    lp: { revenue: number; objective: number },
    slack: number,
    t: Table,
  ) => {
    const r = { step, metrics: { revenue: lp.revenue, objective: lp.objective, icSlack: slack } };
    best.onStep(r, t);
    fallback.onStep(r, t);
  };
  let first = 0;
  let offset = 0; // seconds already spent before a resume
  if (opts.resume) {
    const c = readCheckpoint(opts.resume, problem.name, cfg, params.x.length, params.p.length);
    params.x.set(c.x);
    opt.m.set(c.adam.m1);
    opt.v.set(c.adam.m2);
    opt.t = c.adam.t;
    history = c.history;
    restore(best, c.best);
    restore(fallback, c.fallback);
    first = c.nextStep;
    offset = history.length ? history[history.length - 1].seconds : 0;
  }
  callbacks.onStart({ total, firstStep: first + 1 });
  const checkpoint = (nextStep: number): BilevelCheckpoint => ({
    problem: problem.name,
    config: cfg,
    nextStep,
    x: params.x,
    adam: { m1: opt.m, m2: opt.v, t: opt.t },
    history,
    best: iterateOf(best),
    fallback: iterateOf(fallback),
  });
  let lpSize = { columns: 0, rows: 0 };
  const t1 = performance.now() - offset * 1000;
  for (let step = first; step <= cfg.steps; step++) {
    const lp = await optimalPayments(g, params.x, {
      icPenalty: cfg.icPenalty,
      participation: cfg.participation,
    });
    lpSize = { columns: lp.columns, rows: lp.rows };
    const slack = lp.icSlack.flat().reduce((a, b) => a + b, 0);
    offer(step, lp, slack, { x: params.x, p: lp.p });
    const rec: BilevelStep = {
      step,
      phase: "adam",
      lps: step + 1,
      revenue: lp.revenue,
      objective: lp.objective,
      icSlack: slack,
      best: best.best?.value ?? NaN,
      lpSeconds: lp.seconds,
      seconds: (performance.now() - t1) / 1000,
    };
    history.push(rec);
    if (step < cfg.steps) {
      // Ascent on R(x), then back onto the simplices (the projection hook).
      opt.lr = cfg.lr * (1 - (0.9 * step) / cfg.steps);
      opt.step(params.x, paymentLpGradient(sweep, params.x, lp), 1);
      // Yield one macrotask turn: the LP and sweeps are synchronous, and signal handlers
      // (Ctrl-C → a StopWhen callback) only run when the event loop gets a turn.
      await new Promise((resolve) => setImmediate(resolve));
    }
    // The state after this step is "continue with step + 1" (the record comes after the
    // Adam update so that a checkpoint written now resumes exactly).
    const state = { checkpoint: () => checkpointJson(checkpoint(step + 1)) };
    reportStep(callbacks, stepRecord(rec, total, "adam"), state, opts, step + 1);
  }
  // Vertex search from the best iterate (vertex-search.ts). A stop request ends it early and
  // the best table so far is certified (no checkpoint: it is short).
  const startFlips = (iterateOf(best) ?? iterateOf(fallback))!;
  const adamLps = history.length;
  let lpSolves = adamLps;
  let stopped = false;
  let shown = history[history.length - 1];
  const tick = (lps: number) => {
    const r = stepRecord({ ...shown, lps }, total, "vertex search");
    if (callbacks.onStep(r, {}) === "stop") stopped = true;
  };
  await vertexSearch(g, sweep, startFlips.x, cfg, {
    stop: () => stopped,
    onLp: (used) => {
      lpSolves = adamLps + used;
      tick(lpSolves);
    },
    onFlip: (f) => {
      const step = history.length;
      offer(step, f.lp, f.slack, { x: f.x, p: f.lp.p });
      const rec: BilevelStep = {
        step,
        phase: "flip",
        lps: adamLps + f.lps,
        revenue: f.lp.revenue,
        objective: f.lp.objective,
        icSlack: f.slack,
        best: best.best?.value ?? NaN,
        lpSeconds: f.lpSeconds,
        seconds: (performance.now() - t1) / 1000,
      };
      history.push(rec);
      shown = rec;
    },
  });
  callbacks.onEnd({ step: lpSolves, stoppedBy: callbacks.stoppedBy });
  const trainSeconds = (performance.now() - t1) / 1000;
  // A stop during the vertex search keeps the best table so far, marked as such.
  const interrupted = stopped
    ? `stopped (Ctrl-C) during the vertex search after ${lpSolves - adamLps} of at most ${cfg.flips} LP solves; the table is the best found so far, certified exactly`
    : undefined;
  const chosen = (iterateOf(best) ?? iterateOf(fallback))!;
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

export const bilevelLabel = (cfg: BilevelConfig, manyGoods: boolean) =>
  `bilevel(memory=${cfg.memory},start=${cfg.start},ties=${cfg.ties},lr=${cfg.lr},flips=${cfg.flips},ic-penalty=${cfg.icPenalty}${manyGoods ? `,goods=${cfg.goods}` : ""},ir=${cfg.participation.ir},subsidies=${cfg.participation.subsidies}${cfg.search === "fractional" ? ",search=fractional" : ""})`;

/**
 * Several independent goods designed one at a time (per-good.ts) by `designSingle` (the plain
 * search, or the relaxed one of relaxed-search.ts, which names itself through `designer`); the
 * composition is certified by the exact evaluator on the whole problem.
 */
export async function designPerGood(
  problem: DynamicProblem,
  cfg: BilevelConfig,
  opts: BilevelRunOptions,
  designSingle: typeof designBilevel = designBilevel,
  designer: string = bilevelLabel(cfg, true),
): Promise<BilevelResult> {
  const plan = goodsPlan(problem, "--designer goods", `use bilevel(goods=joint)`);
  const designs: BilevelResult[] = [];
  for (const single of plan.singles) designs.push(await designSingle(single, cfg, opts));
  const first = designs[0];
  const mechanism = composeGoods(
    problem,
    plan,
    designs.map((d) => d.mechanism),
  );
  const t2 = performance.now();
  const certificate = evaluate(problem, mechanism, { mode: "exact" });
  return {
    ...first,
    designer,
    mechanism,
    certificate,
    perGood: plan.perGood,
    certifySeconds: first.certifySeconds + (performance.now() - t2) / 1000,
  };
}
