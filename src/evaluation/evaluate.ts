// The evaluator: for a problem and a mechanism, every number a user needs to trust it —
// revenue, profit, welfare, each agent's utility ex ante and per initial type (interim IR),
// and exploitability — exact by enumeration when the problem is finite and small enough,
// sampled with standard errors otherwise.
import { UsageError } from "../core/errors.js";
import { structuredDeviations } from "../agents/structured-deviations.js";
import { exact } from "../core/measured.js";
import type { Mechanism } from "../mechanisms/types.js";
import { isDiscrete, type DynamicProblem } from "../problems/types.js";
import { bestResponseExact, DEVIATOR_INFORMATION } from "./best-response-exact.js";
import type { AgentReport, EvaluationReport, InitialTypeUtility } from "./evaluation-report.js";
import type { AdversaryBudget } from "./fresh-adversary.js";
import { exactReport } from "./exact-report.js";
import { evaluatePerGoodExact } from "./per-good-exact.js";
import { participationCertificate } from "./participation-exact.js";
import { sampledParticipationReport } from "./participation-sampled-report.js";
import type { SampledParticipationOptions } from "./participation-sampled.js";
import { checkExactSize, EXACT_WORK_LIMIT, exactEvaluationSize } from "./exact-size.js";
import { evaluateTruthfulSampled, exploitabilityLowerBound } from "./sampled.js";
import { planSampled } from "./sampled-size.js";
import { evaluateTruthfulExact } from "./truthful-exact.js";

export type { AgentReport, EvaluationReport, InitialTypeUtility };

export type EvaluationMode = "auto" | "exact" | "sampled";

export interface EvaluateOptions {
  mode?: EvaluationMode;
  seed?: number;
  /** Trajectories for sampled truthful evaluation. */
  samples?: number;
  /** Trajectories per deviation for selecting the best structured deviation. */
  selectionSamples?: number;
  onProgress?: (done: number, total: number, stage: string) => void;
  /**
   * A mechanism run good by good is evaluated exactly good by good (per-good-exact.ts) unless
   * this is set; then the whole game is enumerated (slow; tests compare the two).
   */
  joint?: boolean;
  /** Sampled mode: also train a fresh deviation policy per agent with this budget. */
  adversary?: AdversaryBudget;
  /** Sampled mode: sizes of the sampled participation certificate, or false to skip it. */
  participation?: Partial<Omit<SampledParticipationOptions, "seed">> | false;
}

/**
 * Exact evaluation is used in `auto` mode when the best-response recursion is small enough.
 * Mechanisms with a compact `historyKey` merge histories (the default single-good problem
 * takes ~0.03 s, two goods at T = 5 ~6 s); for the others the number of public histories is
 * about (K^m·(n+1)^m·K^(m(n−1)))^(T−1)·K^(mn) for K grid values, and ~5e6 takes ~0.5 s.
 */
export function exactIsFeasible(problem: DynamicProblem, mech: Mechanism): boolean {
  if (!isDiscrete(problem)) return false;
  const g = problem.typeSpace(0);
  const K = g.kind === "discrete" ? g.grid.length : Infinity;
  const { agents: n, goods: m, horizon: T } = problem;
  const goods = goodByGood(problem, mech, {});
  if (goods) return goods.every((inner, j) => exactIsFeasible(problem.marginal!(j), inner));
  if (mech.historyKey) return Math.pow(K, m * n) * Math.pow(n + 1, m) <= 1000 && T * m <= 10;
  const perPeriod = Math.pow(K, m) * Math.pow(n + 1, m) * Math.pow(K, m * (n - 1));
  return Math.pow(perPeriod, T - 1) * Math.pow(K, m * n) <= 5e6;
}

export function evaluate(
  problem: DynamicProblem,
  mech: Mechanism,
  opts: EvaluateOptions = {},
): EvaluationReport {
  const seed = opts.seed ?? 0;
  const mode = opts.mode ?? "auto";
  if (mode === "exact" && !isDiscrete(problem)) {
    throw new UsageError(
      "--mode",
      `exact evaluation needs a discrete problem (values=discrete); ${problem.name.replace(/\(.*/, "")} here has continuous types; use --mode sampled or auto`,
    );
  }
  const useExact = mode === "exact" || (mode === "auto" && exactIsFeasible(problem, mech));
  if (!useExact) {
    const report = evaluateSampled(problem, mech, seed, opts);
    if (mode !== "auto") return report;
    const notes = [autoNote(problem, mech), report.modeNote].filter(Boolean);
    return { ...report, modeNote: notes.join("; ") };
  }
  const goods = goodByGood(problem, mech, opts);
  // Refuse exact evaluation beyond its limit before any work (good by good when it runs so).
  if (goods) goods.forEach((inner, j) => checkExactSize(problem.marginal!(j), inner));
  else checkExactSize(problem, mech);
  if (goods)
    return evaluatePerGoodExact(
      problem,
      mech,
      goods,
      seed,
      (p, inner) => evaluateExact(p, inner, seed, {}),
      opts.onProgress,
    );
  return evaluateExact(problem, mech, seed, opts);
}

/** Why `auto` chose sampled evaluation (printed by the CLI, kept in the report). */
export function autoNote(problem: DynamicProblem, mech: Mechanism): string {
  if (!isDiscrete(problem)) return "auto chose sampled evaluation: the types are continuous";
  const { work } = exactEvaluationSize(problem, mech);
  return `auto chose sampled evaluation: exact evaluation is estimated at ${work.toExponential(1)} outcome evaluations, beyond what auto runs exactly (--mode exact runs up to ${EXACT_WORK_LIMIT.toExponential(0)}; docs/limits.md)`;
}

/** The mechanism's goods decomposition when it is certified good by good, else undefined. */
const goodByGood = (problem: DynamicProblem, mech: Mechanism, opts: EvaluateOptions) =>
  mech.goodsDecomposition && !!problem.marginal && problem.goods > 1 && !opts.joint
    ? mech.goodsDecomposition()
    : undefined;

const lieText = (lies: number, T: number) =>
  lies >= T
    ? "one-period lies"
    : lies === 0
      ? "no one-period lies: too many periods"
      : `one-period lies in ${lies} of ${T} periods`;

/** Round away floating-point noise below 1e-12 so that exact zeros print as zeros. */
const clean = (x: number) => (Math.abs(x) < 1e-12 ? 0 : x);

function evaluateExact(
  problem: DynamicProblem,
  mech: Mechanism,
  seed: number,
  opts: EvaluateOptions,
): EvaluationReport {
  const n = problem.agents;
  opts.onProgress?.(0, n + 1, "truthful");
  const tr = evaluateTruthfulExact(problem, mech);
  const agents: AgentReport[] = [];
  let total = 0;
  for (let i = 0; i < n; i++) {
    opts.onProgress?.(i + 1, n + 1, `best response of agent ${i}`);
    const br = bestResponseExact(problem, mech, i);
    const gain = clean(br.value - tr.utility[i]);
    total += gain;
    agents.push({
      agent: i,
      utility: exact(clean(tr.utility[i])),
      utilityByInitialType: tr.initialTypes[i].map((t, k) => ({
        type: Array.from(t.state.values),
        probability: t.p,
        utility: exact(clean(tr.utilityByInitialType[i][k])),
        exploitability: exact(clean(br.valueByInitialType[k] - tr.utilityByInitialType[i][k])),
      })),
      exploitability: exact(gain),
      bestDeviation: br.deviation,
    });
  }
  opts.onProgress?.(n + 1, n + 1, "participation");
  const participation = participationCertificate(problem, mech, tr);
  opts.onProgress?.(n + 1, n + 1, "done");
  return exactReport(
    problem,
    mech,
    seed,
    { revenue: tr.revenue, profit: tr.profit, welfare: tr.welfare, exploitability: clean(total) },
    `exact best response by backward induction; ${DEVIATOR_INFORMATION}`,
    agents,
    participation,
  );
}

function evaluateSampled(
  problem: DynamicProblem,
  mech: Mechanism,
  seed: number,
  opts: EvaluateOptions,
): EvaluationReport {
  const plan = planSampled(problem, opts);
  const { samples, selectionSamples } = plan;
  const tr = evaluateTruthfulSampled(problem, mech, samples, seed, (k) =>
    opts.onProgress?.(k, samples, "truthful"),
  );
  // A different seed stream for the deviation search than for the truthful estimate.
  const dev = exploitabilityLowerBound(problem, mech, {
    selectionSamples,
    samples,
    seed: seed + 1_000_003,
    adversary: opts.adversary,
    liePeriods: plan.liePeriods,
    onProgress: (d, t) => opts.onProgress?.(d, t, "structured deviations"),
  });
  const agents: AgentReport[] = tr.utility.map((u, i) => ({
    agent: i,
    utility: u,
    utilityByInitialType: tr.utilityByInitialType
      ? [...tr.utilityByInitialType[i].entries()]
          .sort(([a], [b]) => a.localeCompare(b, undefined, { numeric: true }))
          .map(([k, m]) => ({ type: k.split(",").map(Number), utility: m }))
      : undefined,
    exploitability: dev.perAgent[i].gain,
    bestDeviation: dev.perAgent[i].deviation,
  }));
  const byType = agents.flatMap((a) => a.utilityByInitialType ?? []);
  const minInterim = byType.length
    ? byType.reduce((a, b) => (b.utility.value < a.utility.value ? b : a)).utility
    : undefined;
  return {
    problem: problem.name,
    mechanism: mech.name,
    mode: "sampled",
    seed,
    samples,
    revenue: tr.revenue,
    profit: tr.profit,
    welfare: tr.welfare,
    exploitability: { ...dev.total, lowerBound: true },
    exploitabilityNote:
      `lower bound: best of ${structuredDeviations(problem, 0, plan.liePeriods).length} structured deviations per agent (shading, constant misreports, ${lieText(plan.liePeriods.length, problem.horizon)})` +
      (opts.adversary && opts.adversary.iterations > 0
        ? ` and a deviation policy trained from scratch (${opts.adversary.policy === "mlp" ? "MLP" : "recurrent"}, REINFORCE${opts.adversary.update === "npg" ? " with natural-gradient steps" : ""}, ${opts.adversary.iterations} iterations × ${opts.adversary.batch} trajectories), `
        : ", ") +
      `selected on ${selectionSamples} trajectories and re-estimated on ${samples} fresh ones with common random numbers`,
    irNotion: "interim",
    minInterimUtility: minInterim,
    agents,
    ...(plan.note ? { modeNote: plan.note } : {}),
    ...(opts.participation === false
      ? {}
      : {
          participation: sampledParticipationReport(problem, mech, dev.perAgent, {
            ...opts.participation,
            seed: seed + 2_000_003,
            deviationSeed: seed + 1_000_003,
            selectionSamples,
            samples,
            minInterimUtility: minInterim?.value,
            minExAnteUtility: Math.min(...tr.utility.map((u) => u.value)),
            onProgress: (d, t) => opts.onProgress?.(d, t, "participation"),
          }),
        }),
  };
}
