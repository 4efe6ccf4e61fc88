// Reference values for a problem, computed by mechlab itself (docs/benchmarks-derivation.md):
// the Pavan–Segal–Toikka (PST) virtual-surplus revenue with two handicaps, the first-best
// welfare, and the per-period static Myerson revenue. Each says which IR notion it assumes.
import { TooLargeError } from "../core/errors.js";
import { exact, type Measured } from "../core/measured.js";
import { isDiscrete, type DynamicProblem } from "../problems/types.js";
import {
  continuousOptimum,
  DEFAULT_CONTINUOUS_GRID,
  logitWalkModel,
  pstConstantReward,
  pstImpulseReward,
  welfareReward,
  type ContinuousGrid,
} from "./continuous.js";
import { firstBestDiscrete, pstConstantDiscrete, pstRelaxedDiscrete } from "./discrete.js";
import { staticMyersonRevenue, staticMyersonSamples } from "./static-myerson.js";

export type IrNotion = "interim" | "none";

/** How the value relates to the quantity it names. */
export type BenchmarkKind = "exact" | "grid approximation" | "sampled";

export interface Benchmark {
  name: string;
  value: Measured;
  irNotion: IrNotion;
  kind: BenchmarkKind;
  description: string;
}

export interface SkippedBenchmark {
  name: string;
  reason: string;
}

export interface BenchmarkOptions {
  seed: number;
  /** Trajectories for sampled benchmarks (static Myerson on continuous problems). */
  samples: number;
  /** Resolution of the continuous grid DP. */
  grid?: ContinuousGrid;
}

export const PST_CONSTANT = "pst-constant-handicap";
export const PST_RELAXED = "pst-relaxed-bound";
export const FIRST_BEST = "first-best-welfare";
export const STATIC_MYERSON = "static-myerson-revenue";

/** Every benchmark, computed where it applies, with the reason where it does not. */
export function computeBenchmarks(
  problem: DynamicProblem,
  opts: BenchmarkOptions,
): { computed: Benchmark[]; skipped: SkippedBenchmark[] } {
  const computed: Benchmark[] = [];
  const skipped: SkippedBenchmark[] = [];
  const discrete = isDiscrete(problem);
  const realized = problem.semantics === "realized";
  const single = problem.goods === 1;
  const grid = opts.grid ?? DEFAULT_CONTINUOUS_GRID;
  const gridNote = `grid DP: ${grid.bins} quantile nodes per initial value, ${grid.points} logit points on [−${grid.span}, ${grid.span}]`;
  const cm = discrete ? undefined : tryModel(problem);
  const contOk = discrete || (cm !== undefined && problem.agents <= 2);
  const contReason = cm
    ? "the continuous grid DP supports at most 2 agents"
    : "continuous benchmarks need the logit random walk of bandit-auction(values=continuous)";

  const pstReason = !realized
    ? "PST benchmarks assume semantics=realized"
    : !single
      ? "single item only: with m > 1 goods types are multidimensional and PST's relaxed approach does not apply"
      : !contOk
        ? contReason
        : undefined;
  // An exact DP too large for this problem is skipped with its estimate (arm-dp.ts).
  const tooLarge = (f: () => number): number | string => {
    try {
      return f();
    } catch (e) {
      if (e instanceof TooLargeError) return e.message.slice(e.field.length + 2);
      throw e;
    }
  };
  const pstConstant = !pstReason && discrete ? tooLarge(() => pstConstantDiscrete(problem)) : 0;
  const pstRelaxed =
    !pstReason && discrete ? tooLarge(() => pstRelaxedDiscrete(problem, "comonotone")) : 0;
  if (pstReason) {
    skipped.push({ name: PST_CONSTANT, reason: pstReason });
    skipped.push({ name: PST_RELAXED, reason: pstReason });
  } else if (discrete) {
    if (typeof pstConstant === "string") skipped.push({ name: PST_CONSTANT, reason: pstConstant });
    else
      computed.push({
        name: PST_CONSTANT,
        value: exact(pstConstant),
        irNotion: "interim",
        kind: "exact",
        description:
          "max expected discounted virtual surplus, virtual value v_τ − η(θ_0) with the discrete inverse-hazard handicap of the initial type (PST's bandit example, impulse response 1); exact DP; not a bound in general",
      });
    if (typeof pstRelaxed === "string") skipped.push({ name: PST_RELAXED, reason: pstRelaxed });
    else
      computed.push({
        name: PST_RELAXED,
        value: exact(pstRelaxed),
        irNotion: "interim",
        kind: "exact",
        description:
          "upper bound on the revenue of any BIC, interim-IR mechanism: max virtual surplus with handicap η(θ_0)·I_τ, I_τ the finite-difference impulse response under common quantile shocks, conditioned on the buyer's own value path; exact DP",
      });
  } else {
    computed.push({
      name: PST_CONSTANT,
      value: {
        value: continuousOptimum(cm!, problem.agents, pstConstantReward(cm!), grid),
        exact: false,
      },
      irNotion: "interim",
      kind: "grid approximation",
      description: `max expected discounted virtual surplus with virtual value v_τ − (1−F(v_0))/f(v_0) (impulse response 1); ${gridNote}`,
    });
    computed.push({
      name: PST_RELAXED,
      value: {
        value: continuousOptimum(cm!, problem.agents, pstImpulseReward(cm!), grid),
        exact: false,
      },
      irNotion: "interim",
      kind: "grid approximation",
      description: `PST relaxed revenue: max virtual surplus with handicap (1−F(v_0))/f(v_0)·I_τ, exact impulse response I_τ = v_τ(U−v_τ)/(v_0(U−v_0)) of the logit walk; ${gridNote}`,
    });
  }

  const fbReason = !realized
    ? "the first-best DP assumes semantics=realized"
    : !contOk
      ? contReason
      : undefined;
  const firstBest = !fbReason && discrete ? tooLarge(() => firstBestDiscrete(problem)) : 0;
  if (fbReason || typeof firstBest === "string")
    skipped.push({ name: FIRST_BEST, reason: fbReason ?? (firstBest as string) });
  else {
    const perGood = discrete ? 0 : continuousOptimum(cm!, problem.agents, welfareReward, grid);
    computed.push({
      name: FIRST_BEST,
      value: discrete ? exact(firstBest) : { value: problem.goods * perGood, exact: false },
      irNotion: "none",
      kind: discrete ? "exact" : "grid approximation",
      description: `max expected discounted welfare (values − costs) with true types known, an upper bound on any mechanism's welfare and revenue; per good, summed over goods (independent)${discrete ? "; exact DP" : `; ${gridNote}`}`,
    });
  }

  const myerson = staticMyersonRevenue(problem, opts);
  computed.push({
    name: STATIC_MYERSON,
    value: myerson,
    irNotion: "interim",
    kind: myerson.exact ? "exact" : "sampled",
    description: `revenue of the static Myerson auction for the initial distribution run every period and good, buyers truthful${myerson.exact ? " (exact enumeration)" : ` (${staticMyersonSamples(problem, opts.samples)} trajectories, seed ${opts.seed})`}; not dynamically IC in general`,
  });
  return { computed, skipped };
}

/** The benchmarks that apply to `problem` (see computeBenchmarks for the skipped ones). */
export function benchmarksFor(problem: DynamicProblem, opts: BenchmarkOptions): Benchmark[] {
  return computeBenchmarks(problem, opts).computed;
}

function tryModel(problem: DynamicProblem) {
  try {
    return logitWalkModel(problem);
  } catch {
    return undefined;
  }
}
