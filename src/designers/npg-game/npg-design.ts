// A design run of the NPG table game (npg-table-game.ts) with one of the outer methods
// (methods.ts): compile the game, start from the `start` mechanism's allocation (ties broken by
// `ties`, ../start-allocation.ts) with zero payments or the start's prices (`payments`),
// run the method, then certify EVERY kept candidate with the exact evaluator and report the
// best certified one. Training-time regret (the NPG policies' ψ), the exact best-response
// regret at the same θ and the certificate are kept side by side.
import { CallbackList, type Callback } from "../../core/callbacks.js";
import { evaluate, type EvaluationReport } from "../../evaluation/evaluate.js";
import type { MemoryKind } from "../../mechanisms/history-memory.js";
import type { TabularMechanism } from "../../mechanisms/tabular.js";
import type { DynamicProblem } from "../../problems/types.js";
import { reportStep, type DesignState } from "../designer.js";
import { compileGame } from "../compiled-game/compiled-game.js";
import { toMechanism } from "../exact-game/table-params.js";
import { irViolation, minInterim } from "../inverse-game/losses.js";
import { revenueUpperBound } from "../inverse-game/run.js";
import type { NpgCandidate, NpgContext, NpgMethod, NpgTolerances } from "./methods.js";
import { NpgTableGame, type NpgGameConfig } from "./npg-table-game.js";
import { startAllocation, type StartTies } from "../start-allocation.js";
import { startPayments, type StartPayments } from "./start-allocation.js";

export interface NpgDesignConfig extends NpgGameConfig {
  memory: MemoryKind;
  /** Mechanism whose allocation starts the table, and how its ties are broken. */
  start: string;
  ties: StartTies;
  /** Starting payments: zero, or the start's prices (start-allocation.ts). */
  payments: StartPayments;
  budget: number;
  judgeEvery: number;
  /** NPG steps at fixed θ before a judgement. */
  judgeSteps: number;
  kappa: number;
  tolerance: NpgTolerances;
  /** Candidates certified at the end (the last ones kept). */
  certify: number;
}

export interface NpgRecord {
  step: number;
  delta: number;
  revenue: number;
  /** Σ_i ψ_i of the NPG policies (training time). */
  regret: number;
  /** Σ_i of the exact best-response regrets at the same θ. */
  exactRegret: number;
  irViolation: number;
  minInterim: number;
  loss: number;
  seconds: number;
}

export interface NpgCertified {
  label: string;
  step: number;
  training: { revenue: number; regret: number; exactRegret: number; minInterim: number };
  revenue: number;
  exploitability: number;
  minInterimUtility: number;
  mechanism: TabularMechanism;
  report: EvaluationReport;
}

export interface NpgDesignResult {
  designer: string;
  config: NpgDesignConfig;
  sizes: { rows: number; truthfulNodes: number; deviationNodes: number[] };
  history: NpgRecord[];
  certified: NpgCertified[];
  chosen: NpgCertified;
  compileSeconds: number;
  trainSeconds: number;
  certifySeconds: number;
}

const sum = (a: number[]) => a.reduce((s, x) => s + x, 0);

/** The candidate to report: highest certified revenue within tolerance, else least violation. */
function choose(cs: NpgCertified[], t: NpgTolerances): NpgCertified {
  const ok = cs.filter((c) => c.exploitability <= t.regret && c.minInterimUtility >= -t.ir);
  if (ok.length) return ok.reduce((a, b) => (b.revenue > a.revenue ? b : a));
  const bad = (c: NpgCertified) => c.exploitability + Math.max(0, -c.minInterimUtility);
  return cs.reduce((a, b) => (bad(b) < bad(a) ? b : a));
}

export function designNpg(
  problem: DynamicProblem,
  method: NpgMethod,
  designer: string,
  params: Record<string, number | string | boolean>,
  cfg: NpgDesignConfig,
  callbackList: Callback<DesignState>[] = [],
): NpgDesignResult {
  const callbacks = new CallbackList(callbackList);
  const t0 = performance.now();
  const g = compileGame(problem, cfg.memory);
  const compileSeconds = (performance.now() - t0) / 1000;
  const x0 = startAllocation(problem, g, cfg.start, cfg.ties);
  const p0 = cfg.payments === "start" ? startPayments(problem, g, cfg.start, x0) : undefined;
  const game = new NpgTableGame(g, cfg, x0, p0);
  game.budget = cfg.budget;
  const history: NpgRecord[] = [];
  const kept: NpgCandidate[] = [];
  const t1 = performance.now();
  const ctx: NpgContext = {
    game,
    budget: cfg.budget,
    judgeEvery: cfg.judgeEvery,
    kappa: cfg.kappa,
    irNotion: "interim",
    tolerance: cfg.tolerance,
    revenueUpperBound: revenueUpperBound(problem),
    record(delta, s) {
      const rec: NpgRecord = {
        step: history.length + 1,
        delta,
        revenue: s.est.revenue,
        regret: sum(s.est.regret),
        exactRegret: sum(s.exactRegret),
        irViolation: irViolation(s.est, "interim"),
        minInterim: minInterim(s.est),
        loss: s.loss.value,
        seconds: (performance.now() - t1) / 1000,
      };
      history.push(rec);
      const metrics = {
        ...(Number.isNaN(delta) ? {} : { delta }),
        revenue: rec.revenue,
        regret: rec.regret,
        exact: rec.exactRegret,
      };
      reportStep(callbacks, { step: rec.step, total: cfg.budget, metrics }, {}, {}, rec.step + 1);
    },
    judge(step, label) {
      const { est, exactRegret } = game.estimate(cfg.judgeSteps);
      return { label, step, theta: game.snapshot(), est, exactRegret };
    },
    keep(c) {
      kept.push(c);
    },
  };
  callbacks.onStart({ total: cfg.budget, firstStep: 1 });
  method.run(ctx, params);
  callbacks.onEnd({ step: history.length });
  if (kept.length === 0) kept.push(ctx.judge(history.length, "final"));
  const trainSeconds = (performance.now() - t1) / 1000;

  const t2 = performance.now();
  // The best few by training revenue among those kept, and the last one.
  const byRevenue = kept.slice(0, -1).sort((a, b) => b.est.revenue - a.est.revenue);
  const toCertify = [...byRevenue.slice(0, Math.max(0, cfg.certify - 1)), kept[kept.length - 1]];
  const certified = toCertify.map((c): NpgCertified => {
    const mechanism = toMechanism(g, c.theta);
    const report = evaluate(problem, mechanism, { mode: "exact" });
    return {
      label: c.label,
      step: c.step,
      training: {
        revenue: c.est.revenue,
        regret: sum(c.est.regret),
        exactRegret: sum(c.exactRegret),
        minInterim: minInterim(c.est),
      },
      revenue: report.revenue.value,
      exploitability: report.exploitability.value,
      minInterimUtility: report.minInterimUtility?.value ?? NaN,
      mechanism,
      report,
    };
  });
  return {
    designer,
    config: cfg,
    sizes: {
      rows: g.rowKeys.length,
      truthfulNodes: g.truth.nodes,
      deviationNodes: g.dev.map((d) => d.nodes),
    },
    history,
    certified,
    chosen: choose(certified, cfg.tolerance),
    compileSeconds,
    trainSeconds,
    certifySeconds: (performance.now() - t2) / 1000,
  };
}
