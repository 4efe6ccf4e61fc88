// A family of simple structured deviations used by the sampled exploitability estimate
//: shading reports up or down in every period, constant misreports,
// and lying in one period only. Discrete types shift by grid steps instead of scaling.
import type { DynamicProblem } from "../problems/types.js";
import { project, type ReportingStrategy, type StrategyContext } from "./strategy.js";

/** Report f(v) for every good in the periods where `when(τ)` holds, truth otherwise. */
function transform(
  name: string,
  f: (v: number, ctx: StrategyContext) => number,
  when: (tau: number) => boolean,
): ReportingStrategy {
  return {
    name,
    report(ctx) {
      const v = ctx.state.values;
      if (!when(ctx.tau)) return Float64Array.from(v);
      return Float64Array.from(v, (x) => project(ctx.problem, ctx.agent, f(x, ctx)));
    },
  };
}

function gridShift(problem: DynamicProblem, agent: number, v: number, steps: number): number {
  const space = problem.typeSpace(agent);
  if (space.kind !== "discrete") return v;
  const g = space.grid;
  let k = 0;
  for (let q = 1; q < g.length; q++) if (Math.abs(g[q] - v) < Math.abs(g[k] - v)) k = q;
  return g[Math.min(g.length - 1, Math.max(0, k + steps))];
}

/**
 * The deviation family for one agent of a problem; one-period lies in `periods` (default: every
 * period; sampled evaluation of large problems keeps a few, sampled-size.ts).
 */
export function structuredDeviations(
  problem: DynamicProblem,
  agent: number,
  periods: readonly number[] = Array.from({ length: problem.horizon }, (_, t) => t),
): ReportingStrategy[] {
  const space = problem.typeSpace(agent);
  const always = () => true;
  const out: ReportingStrategy[] = [];
  if (space.kind === "discrete") {
    for (const s of [-2, -1, 1, 2]) {
      out.push(transform(`shift(${s})`, (v, c) => gridShift(problem, c.agent, v, s), always));
      for (const t of periods)
        out.push(
          transform(
            `shift(${s})@${t}`,
            (v, c) => gridShift(problem, c.agent, v, s),
            (tau) => tau === t,
          ),
        );
    }
    for (const g of space.grid) {
      out.push(transform(`constant(${g})`, () => g, always));
      for (const t of periods)
        out.push(
          transform(
            `constant(${g})@${t}`,
            () => g,
            (tau) => tau === t,
          ),
        );
    }
  } else {
    for (const s of [0.5, 0.7, 0.8, 0.9, 0.95, 1.05, 1.1, 1.2, 1.5]) {
      out.push(transform(`scale(${s})`, (v) => v * s, always));
      for (const t of periods)
        out.push(
          transform(
            `scale(${s})@${t}`,
            (v) => v * s,
            (tau) => tau === t,
          ),
        );
    }
    for (let q = 0; q <= 10; q++) {
      const c = space.lo + ((space.hi - space.lo) * q) / 10;
      out.push(transform(`constant(${c})`, () => c, always));
    }
  }
  return out;
}
