// The bilevel designer's relaxed search (`bilevel(search=interim)`): search the allocation with
// the interim-IR payment LP (subsidies allowed), then solve the payment LP of the requested
// notion once at the allocation found. Every allocation is feasible for every notion — only
// the payment LP changes — so the result is a mechanism under the requested notion.
//
// Why: where the LP optimum is computable, periodic participation with no subsidies costs no
// revenue (bandit-auction T = 2 and 3: the periodic + no-subsidies optimum equals the interim
// one), yet the allocation search under the periodic rows loses some (T = 5, `ties=split`:
// 7.3032 against 7.4111 interim with the same budget). The interim search's allocation, re-paid
// under periodic + no subsidies, keeps its revenue to 1.6·10⁻⁸ at T = 5
// (docs/results/participation.md).
// The search is then the interim one; only the payments differ.
import { evaluate } from "../../evaluation/evaluate.js";
import { DEFAULT_PARTICIPATION } from "../../mechanisms/participation.js";
import type { TabularState } from "../../mechanisms/tabular.js";
import type { DynamicProblem } from "../../problems/types.js";
import { bilevelLabel, designBilevel, designPerGood, type BilevelRunOptions } from "./bilevel.js";
import { withResolvedTies, type BilevelConfig, type BilevelResult } from "./bilevel-types.js";
import { compileGame } from "../compiled-game/compiled-game.js";
import { fractionalConfig } from "./fractional-search.js";
import { optimalPayments } from "./payment-lp.js";
import { slackOf } from "./vertex-search.js";
import { toMechanism } from "./table-params.js";

/**
 * The search `auto` resolves to: interim for periodic, fractional for ex-post (its optimum can
 * be randomized, fractional-search.ts), the requested notion's otherwise.
 */
export function searchNotion(cfg: BilevelConfig): "direct" | "interim" | "fractional" {
  if (cfg.search !== "auto") return cfg.search;
  if (cfg.participation.ir === "periodic") return "interim";
  return cfg.participation.ir === "ex-post" ? "fractional" : "direct";
}

const label = (designer: string, cfg: BilevelConfig) =>
  designer.replace(
    /,ir=[^,)]*,subsidies=[^,)]*\)$/,
    `,ir=${cfg.participation.ir},subsidies=${cfg.participation.subsidies},search=interim)`,
  );

/** Design under `cfg.participation` with the allocation searched under interim IR. */
export async function designBilevelRelaxed(
  problem: DynamicProblem,
  cfg: BilevelConfig,
  opts: BilevelRunOptions = {},
): Promise<BilevelResult> {
  if (problem.goods > 1 && cfg.goods === "separate")
    return designPerGood(problem, cfg, opts, relaxedSingle, label(bilevelLabel(cfg, true), cfg));
  return relaxedSingle(problem, cfg, opts);
}

async function relaxedSingle(
  problem: DynamicProblem,
  cfg: BilevelConfig,
  opts: BilevelRunOptions = {},
): Promise<BilevelResult> {
  const relaxed = await designBilevel(
    problem,
    { ...cfg, participation: DEFAULT_PARTICIPATION, search: "direct" },
    opts,
  );
  const t0 = performance.now();
  const g = compileGame(problem, cfg.memory);
  const w = g.m * (g.n + 1);
  const rows = new Map(
    (relaxed.mechanism.state!() as TabularState).entries.map(([key, alloc]) => [key, alloc]),
  );
  const x = new Float64Array(g.rowKeys.length * w);
  g.rowKeys.forEach((key, r) => x.set(rows.get(key)!, r * w));
  const lp = await optimalPayments(g, x, {
    icPenalty: cfg.icPenalty,
    participation: cfg.participation,
  });
  const last = relaxed.history[relaxed.history.length - 1];
  const mechanism = toMechanism(g, { x, p: lp.p });
  const trainSeconds = relaxed.trainSeconds + (performance.now() - t0) / 1000;
  const t1 = performance.now();
  const certificate = evaluate(problem, mechanism, { mode: "exact" });
  return {
    ...relaxed,
    designer: label(relaxed.designer, cfg),
    config: cfg,
    history: [
      ...relaxed.history,
      {
        step: relaxed.history.length,
        phase: "tighten",
        lps: last.lps + 1,
        revenue: lp.revenue,
        objective: lp.objective,
        icSlack: Math.max(0, slackOf(lp)),
        best: lp.revenue,
        lpSeconds: lp.seconds,
        seconds: last.seconds + (performance.now() - t0) / 1000,
      },
    ],
    chosenStep: relaxed.history.length,
    lpSolves: relaxed.lpSolves + 1,
    mechanism,
    certificate,
    trainSeconds,
    certifySeconds: (performance.now() - t1) / 1000,
  };
}

/** The bilevel designer with its `search` setting applied (what `mechlab design` runs). */
export async function designBilevelWithSearch(
  problem: DynamicProblem,
  requested: BilevelConfig,
  opts: BilevelRunOptions = {},
): Promise<BilevelResult> {
  const cfg = withResolvedTies(problem, requested);
  const search = searchNotion(cfg);
  if (search === "interim") return designBilevelRelaxed(problem, cfg, opts);
  if (search === "direct") {
    const res = await designBilevel(problem, cfg, opts);
    // The label names no search; where `auto` would pick another one, say "direct" so that
    // the name re-runs as the same designer.
    const auto = searchNotion({ ...cfg, search: "auto" });
    return auto === "direct"
      ? res
      : { ...res, designer: res.designer.replace(/\)$/, ",search=direct)") };
  }
  // The fractional search runs (and records in result.json's config) its scaled step and LP
  // budget; its name keeps the values as given, so that it re-runs as the same designer.
  const res = await designBilevel(problem, fractionalConfig(cfg), opts);
  const given = bilevelLabel({ ...cfg, search: "fractional" }, problem.goods > 1);
  return { ...res, designer: given };
}
