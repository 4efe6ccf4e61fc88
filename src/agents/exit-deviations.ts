// Exit deviations for the sampled participation certificate: an agent that misreports as one
// of the structured deviations (or tells the truth) and leaves the mechanism for good at the
// start of a later period — no allocation and no payment from then on (simulate.ts). They
// catch mechanisms that pay up front and charge later: take the early subsidy, then quit.
import type { DynamicProblem } from "../problems/types.js";
import { truthful, type ReportingStrategy } from "./strategy.js";
import { structuredDeviations } from "./structured-deviations.js";

/** `base`, leaving at the start of period `at` (fixed), or at the first period ≥ 1 whose own
 * value is at most `below` (every good's value), whichever rule is given. */
export function withExit(
  base: ReportingStrategy,
  rule: { at: number } | { below: number },
): ReportingStrategy {
  const name =
    "at" in rule ? `${base.name}+quit@${rule.at}` : `${base.name}+quit-below(${rule.below})`;
  return {
    name,
    report: (ctx) => base.report(ctx),
    quits: (ctx) =>
      "at" in rule ? ctx.tau >= rule.at : ctx.state.values.every((v) => v <= rule.below),
  };
}

/**
 * The exit family of one agent: truth and every shading or grid-shift deviation of the
 * structured family that lies in all periods, each combined with quitting at a fixed period
 * τ ≥ 1 and with quitting once the own value falls to the middle of the type space.
 */
export function exitDeviations(
  problem: DynamicProblem,
  agent: number,
  /** Quit periods (default every τ ≥ 1; sampled evaluation of large problems keeps a few). */
  quitPeriods: readonly number[] = Array.from({ length: problem.horizon - 1 }, (_, t) => t + 1),
): ReportingStrategy[] {
  const T = problem.horizon;
  if (T < 2) return [];
  const space = problem.typeSpace(agent);
  const lo = space.kind === "box" ? space.lo : space.grid[0];
  const hi = space.kind === "box" ? space.hi : space.grid[space.grid.length - 1];
  const below =
    space.kind === "box" ? lo + (hi - lo) / 2 : space.grid[Math.floor((space.grid.length - 1) / 2)];
  // Misreports in every period that move with the value (shading, grid shifts); constant
  // reports are left out to keep the family small (it is searched on top of the ordinary one).
  const bases = [
    truthful,
    ...structuredDeviations(problem, agent).filter(
      (d) => !d.name.includes("@") && !d.name.startsWith("constant"),
    ),
  ];
  const out: ReportingStrategy[] = [];
  for (const base of bases) {
    for (const at of quitPeriods) out.push(withExit(base, { at }));
    out.push(withExit(base, { below }));
  }
  return out;
}
