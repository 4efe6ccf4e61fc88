// Where the trained deviation policies act (trained-deviation.ts, recurrent-deviation.ts): a
// residual added to the truthful report in logit space for box types
// (r = lo + (hi − lo)·σ(logit(u) + shift)) or in grid steps for discrete types (snapped to the
// grid), and the value feature the policies read (logit of the position in the box, or the
// position on the grid).
import type { DynamicProblem } from "../problems/types.js";
import { project } from "./strategy.js";

const logit = (u: number) => Math.log(u / (1 - u));
const sigmoid = (z: number) => 1 / (1 + Math.exp(-z));
const clamp01 = (u: number) => Math.min(1 - 1e-6, Math.max(1e-6, u));

export class ReportResidual {
  readonly lo: number;
  readonly hi: number;
  /** The grid of a discrete type space, null for a box. */
  readonly grid: number[] | null;

  constructor(
    readonly problem: DynamicProblem,
    readonly agent: number,
  ) {
    const space = problem.typeSpace(agent);
    if (space.kind === "box") {
      this.lo = space.lo;
      this.hi = space.hi;
      this.grid = null;
    } else {
      this.grid = [...space.grid];
      this.lo = Math.min(...space.grid);
      this.hi = Math.max(...space.grid);
    }
  }

  /** The value feature: logit of the position in the box, or the position on the grid. */
  featureOf(v: number): number {
    const u = (v - this.lo) / (this.hi - this.lo || 1);
    return this.grid ? u : logit(clamp01(u));
  }

  /** The report for true value v and residual `shift` (0 gives v exactly). */
  apply(v: number, shift: number): number {
    if (shift === 0) return v;
    if (this.grid) {
      const step = (this.hi - this.lo) / Math.max(1, this.grid.length - 1);
      return project(this.problem, this.agent, v + shift * step);
    }
    const u = clamp01((v - this.lo) / (this.hi - this.lo));
    return this.lo + (this.hi - this.lo) * sigmoid(logit(u) + shift);
  }

  /** The highest report of good j by the other agents (lo when there are none). */
  otherMax(reports: ArrayLike<number>, j: number, m: number): number {
    let best = -Infinity;
    for (let i = 0; i < reports.length / m; i++)
      if (i !== this.agent && reports[i * m + j] > best) best = reports[i * m + j];
    return best === -Infinity ? this.lo : best;
  }
}
