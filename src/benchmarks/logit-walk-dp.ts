// Grid dynamic programming for the continuous single-item bandit auction (Inverse Games App. Table 2,
// `realized` semantics) with n ≤ 2 buyers: a buyer's logit value s = logit(v/U) moves by
// N(0, σ_c²), σ_c = 1/(1 + α), α = ½ × consumptions so far (this one included), when she
// consumes. The DP ignores the σ_no drift of buyers who do not consume (docs/benchmarks-
// derivation.md §3 measures its effect).
//
// For known initial values (v0_1, v0_2) a buyer's state is layered by her consumption count c:
// layer 0 is her initial value; layer c ≥ 1 is s on a uniform grid of G points over [−S, S].
// One consumption moves layer c to c + 1 with the cell probabilities of the normal
// (Φ differences, the two end cells extended to ±∞). Joint values are kept per block
// (c_1, c_2) with c_1 + c_2 ≤ τ, as dense arrays [x_1 · L(c_2) + x_2]. Initial values are
// static, so the ex-ante value is a quadrature over (v0_1, v0_2) of these DPs (continuous.ts).
import { normalCdf } from "../core/normal.js";
export { quantile } from "../core/quantile.js";

export interface LogitWalkModel {
  upper: number;
  horizon: number;
  discount: number;
  cost: number;
  /** CDF of the initial value (for the quantile bins). */
  cdf(v: number): number;
  lo: number;
  hi: number;
  /** σ of the logit step on the c-th consumption (c = 1, 2, …). */
  sigma(c: number): number;
}

export interface GridSpec {
  /** Points of the logit grid. */
  points: number;
  /** Half-width S of the logit grid [−S, S]. */
  span: number;
}

/** Reward of allocating to a buyer with initial value v0 and current value v. */
export type RewardFn = (v0: number, v: number) => number;

/** One buyer's layered states for a known initial value v0. */
export interface LogitArmGrid {
  v0: number;
  /** Layer sizes L(c) for c = 0 … T (1, then G). */
  size: number[];
  /** Value in layer state (c, x). */
  value(c: number, x: number): number;
  /** Sparse transition row out of (c, x) into layer c + 1: [indices, probabilities]. */
  row(c: number, x: number): [Int32Array, Float64Array];
}

const logit = (q: number) => Math.log(q / (1 - q));
const sigmoid = (s: number) => 1 / (1 + Math.exp(-s));

/** Transition rows of the logit walk on the grid, shared by every v0 (cached per count). */
export class LogitKernel {
  readonly s: Float64Array;
  readonly v: Float64Array;
  private readonly ds: number;
  private readonly cache = new Map<number, [Int32Array, Float64Array]>();

  constructor(
    readonly model: LogitWalkModel,
    readonly spec: GridSpec,
  ) {
    const { points: G, span } = spec;
    this.s = Float64Array.from({ length: G }, (_, g) => -span + (2 * span * g) / (G - 1));
    this.v = Float64Array.from(this.s, (x) => model.upper * sigmoid(x));
    this.ds = (2 * span) / (G - 1);
  }

  /** Cell probabilities of N(from, σ²) over the grid cells (edges halfway between points). */
  cells(from: number, sigma: number): [Int32Array, Float64Array] {
    const { points: G, span } = this.spec;
    const { s, ds } = this;
    const lo = Math.max(0, Math.floor((from - 7 * sigma + span) / ds));
    const hi = Math.min(G - 1, Math.ceil((from + 7 * sigma + span) / ds));
    const idx: number[] = [];
    const p: number[] = [];
    for (let g = lo; g <= hi; g++) {
      const a = g === 0 ? 0 : normalCdf((s[g] - ds / 2 - from) / sigma);
      const b = g === G - 1 ? 1 : normalCdf((s[g] + ds / 2 - from) / sigma);
      if (b - a > 0) {
        idx.push(g);
        p.push(b - a);
      }
    }
    // Renormalise the ~1e−12 of mass beyond ±7σ.
    const total = p.reduce((x, y) => x + y, 0);
    return [Int32Array.from(idx), Float64Array.from(p, (x) => x / total)];
  }

  /** Row out of grid point g on consumption number c + 1. */
  gridRow(c: number, g: number): [Int32Array, Float64Array] {
    const key = c * this.spec.points + g;
    let hit = this.cache.get(key);
    if (!hit) {
      hit = this.cells(this.s[g], this.model.sigma(c + 1));
      this.cache.set(key, hit);
    }
    return hit;
  }

  arm(v0: number): LogitArmGrid {
    const G = this.spec.points;
    const T = this.model.horizon;
    const first = this.cells(logit(v0 / this.model.upper), this.model.sigma(1));
    return {
      v0,
      size: Array.from({ length: T + 1 }, (_, c) => (c === 0 ? 1 : G)),
      value: (c, x) => (c === 0 ? v0 : this.v[x]),
      row: (c, x) => (c === 0 ? first : this.gridRow(c, x)),
    };
  }
}

/**
 * Backward induction over blocks (c_1, c_2), c_1 + c_2 ≤ τ, for one or two buyers with known
 * initial values; returns the optimal expected discounted reward from period 0.
 */
export function solveLogitDp(
  arms: LogitArmGrid[],
  reward: RewardFn,
  model: LogitWalkModel,
): number {
  if (arms.length < 1 || arms.length > 2)
    throw new RangeError("logit-walk DP supports 1 or 2 agents");
  const second = arms.length === 2;
  const a1 = arms[0];
  const a2 = second ? arms[1] : arms[0];
  const T = model.horizon;
  const gamma = model.discount;
  const rewards = (a: LogitArmGrid) =>
    a.size.map((L, c) =>
      Float64Array.from({ length: L }, (_, x) => reward(a.v0, a.value(c, x)) - model.cost),
    );
  const rew1 = rewards(a1);
  const rew2 = rewards(a2);
  const blockKey = (x: number, y: number) => x * (T + 2) + y;
  let next = new Map<number, Float64Array>();
  for (let tau = T - 1; tau >= 0; tau--) {
    const cur = new Map<number, Float64Array>();
    for (let c1 = 0; c1 <= tau; c1++) {
      for (let c2 = 0; c2 <= (second ? tau - c1 : 0); c2++) {
        const L1 = a1.size[c1];
        const L2 = second ? a2.size[c2] : 1;
        const stay = next.get(blockKey(c1, c2));
        const up1 = next.get(blockKey(c1 + 1, c2));
        const up2 = second ? next.get(blockKey(c1, c2 + 1)) : undefined;
        const out = new Float64Array(L1 * L2);
        const q1 = new Float64Array(L2);
        for (let x1 = 0; x1 < L1; x1++) {
          // Continuation if buyer 1 consumes: Σ_{x1'} P(x1 → x1') V[x1', ·].
          q1.fill(0);
          if (up1) {
            const [idx, p] = a1.row(c1, x1);
            for (let k = 0; k < idx.length; k++) {
              const base = idx[k] * L2;
              const w = p[k];
              for (let x2 = 0; x2 < L2; x2++) q1[x2] += w * up1[base + x2];
            }
          }
          const r1 = rew1[c1][x1];
          const L2n = second ? a2.size[c2 + 1] : 0;
          for (let x2 = 0; x2 < L2; x2++) {
            const j = x1 * L2 + x2;
            let best = stay ? gamma * stay[j] : 0;
            best = Math.max(best, r1 + gamma * q1[x2]);
            if (second) {
              let q2 = 0;
              if (up2) {
                const [idx, p] = a2.row(c2, x2);
                for (let k = 0; k < idx.length; k++) q2 += p[k] * up2[x1 * L2n + idx[k]];
              }
              best = Math.max(best, rew2[c2][x2] + gamma * q2);
            }
            out[j] = best;
          }
        }
        cur.set(blockKey(c1, c2), out);
      }
    }
    next = cur;
  }
  return next.get(blockKey(0, 0))![0];
}
