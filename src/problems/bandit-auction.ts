// Bandit auctions (Inverse Games App. D.2 and Table 2): a seller sells m non-storable goods to n buyers
// in each of T periods; a buyer's value for a good evolves when she receives it.
//
// Two allocation semantics (see docs/problems.md):
// - `realized`: good j goes to one buyer or nobody with probabilities x_·j; the winner is
//   public; a value moves by R_α only when its owner consumes, α = ½ × consumptions so far
//   (this one included). This is the model the Pavan–Segal–Toikka benchmark assumes.
// - `fractional`: Table 2 / D.2 as written: x is a probability mixing the transition,
//   v' ~ x·R_α(·|v) + (1−x)·δ_v, α = ½ × the cumulative allocation up to and including the
//   period just played.
import { UsageError } from "../core/errors.js";
import { parseNumberList, type ParamSpecs, type ParamValue, formatName } from "../core/spec.js";
import type { Rng } from "../engine/rng.js";
import { normalCdf, normalPdf } from "../core/normal.js";
import { product } from "../core/product.js";
import type {
  AgentState,
  Marginal,
  DynamicProblem,
  Outcome,
  Semantics,
  TypeSpace,
  Weighted,
} from "./types.js";

export const banditAuctionParams: ParamSpecs = {
  values: {
    type: "enum",
    default: "discrete",
    values: ["discrete", "continuous"],
    doc: "type space: value grid or box [0, upper]",
  },
  agents: { type: "number", default: 2, min: 1, max: 8, integer: true, doc: "number of buyers n" },
  items: {
    type: "number",
    default: 1,
    min: 1,
    max: 4,
    integer: true,
    doc: "number of goods m sold each period",
  },
  horizon: {
    type: "number",
    default: 5,
    min: 1,
    max: 50,
    integer: true,
    doc: "number of periods T",
  },
  discount: {
    type: "number",
    default: 0.85,
    min: 0,
    max: 1,
    minExclusive: true,
    doc: "discount factor γ in (0, 1]",
  },
  cost: { type: "number", default: 0, min: 0, doc: "seller's cost c_ij of each unit allocated" },
  semantics: {
    type: "enum",
    default: "realized",
    values: ["realized", "fractional"],
    doc: "how allocation probabilities act (docs/problems.md)",
  },
  grid: {
    type: "list",
    default: "1;2;3",
    doc: "discrete value grid, e.g. 1;2;3",
    onlyWith: { values: "discrete" },
  },
  prior: {
    type: "list",
    default: "uniform",
    doc: "discrete initial weights per grid value, e.g. 1;1;2, or uniform",
    onlyWith: { values: "discrete" },
  },
  mean: {
    type: "number",
    default: 2.5,
    doc: "continuous: mean of the initial normal",
    onlyWith: { values: "continuous" },
  },
  sd: {
    type: "number",
    default: 0.1,
    min: 0,
    minExclusive: true,
    doc: "continuous: sd of the initial normal",
    onlyWith: { values: "continuous" },
  },
  upper: {
    type: "number",
    default: 5,
    min: 0,
    minExclusive: true,
    doc: "continuous: values lie in (0, upper)",
    onlyWith: { values: "continuous" },
  },
  drift: {
    type: "number",
    default: 0.01,
    min: 0,
    doc: "continuous: logit-step sd σ_no when the good is not consumed",
    onlyWith: { values: "continuous" },
  },
};

export class BanditAuction implements DynamicProblem {
  readonly name: string;
  readonly agents: number;
  readonly goods: number;
  readonly horizon: number;
  readonly discount: number;
  readonly semantics: Semantics;
  readonly kind: "discrete" | "continuous";
  readonly grid: number[];
  readonly prior: number[];
  private readonly unitCost: number;
  private readonly mean: number;
  private readonly sd: number;
  private readonly upper: number;
  private readonly drift: number;
  /** R_α(·|v) rows cached by (count, grid index). */
  private readonly kernelCache = new Map<string, Float64Array>();

  constructor(readonly params: Record<string, ParamValue>) {
    this.kind = params.values as "discrete" | "continuous";
    this.agents = params.agents as number;
    this.goods = params.items as number;
    this.horizon = params.horizon as number;
    this.discount = params.discount as number;
    this.semantics = params.semantics as Semantics;
    this.unitCost = params.cost as number;
    this.mean = params.mean as number;
    this.sd = params.sd as number;
    this.upper = params.upper as number;
    this.drift = params.drift as number;
    this.grid = parseNumberList("grid", params.grid as string);
    for (let k = 1; k < this.grid.length; k++) {
      if (!(this.grid[k] > this.grid[k - 1])) {
        throw new UsageError("grid", "values must be strictly increasing, e.g. 1;2;3");
      }
    }
    const weights =
      params.prior === "uniform"
        ? this.grid.map(() => 1)
        : parseNumberList("prior", params.prior as string);
    if (weights.length !== this.grid.length) {
      throw new UsageError(
        "prior",
        `needs ${this.grid.length} weights (one per grid value), got ${weights.length}`,
      );
    }
    if (weights.some((w) => w < 0) || weights.reduce((a, b) => a + b, 0) <= 0) {
      throw new UsageError("prior", "weights must be ≥ 0 with a positive sum");
    }
    const total = weights.reduce((a, b) => a + b, 0);
    this.prior = weights.map((w) => w / total);
    this.name = formatName("bandit-auction", params, banditAuctionParams);
  }

  /** Goods are i.i.d., evolve with their own consumption only, and values add up. */
  marginal(_good: number): BanditAuction {
    return new BanditAuction({ ...this.params, items: 1 });
  }

  typeSpace(_i: number): TypeSpace {
    return this.kind === "discrete"
      ? { kind: "discrete", grid: this.grid }
      : { kind: "box", lo: 0, hi: this.upper };
  }

  initialMarginal(_i: number): Marginal {
    if (this.kind === "discrete") return { kind: "discrete", grid: this.grid, probs: this.prior };
    const { mean, sd } = this;
    // The initial normal, clipped into (0, upper) as sampleInitial does; the clipped mass is
    // negligible for the default N(2.5, 0.1²) on (0, 5).
    return {
      kind: "continuous",
      lo: 0,
      hi: this.upper,
      cdf: (v) => normalCdf((v - mean) / sd),
      pdf: (v) => normalPdf((v - mean) / sd) / sd,
    };
  }

  cost(_i: number, _j: number): number {
    return this.unitCost;
  }

  // ---- exact distributions (discrete values) ----

  initialStates(_i: number): Weighted<AgentState>[] {
    this.requireDiscrete();
    const m = this.goods;
    const perGood = Array.from({ length: m }, () =>
      this.grid.map((v, k) => ({ p: this.prior[k], value: v })).filter((w) => w.p > 0),
    );
    return product(perGood).map((w) => ({
      p: w.p,
      value: { values: Float64Array.from(w.value), consumed: new Float64Array(m) },
    }));
  }

  transitionStates(
    _i: number,
    state: AgentState,
    consumption: ArrayLike<number>,
  ): Weighted<AgentState>[] {
    this.requireDiscrete();
    const m = this.goods;
    // Per good: a list of (next value, prob), then the product over goods.
    const perGood: Weighted<number>[][] = [];
    const consumed = new Float64Array(m);
    for (let j = 0; j < m; j++) {
      const x = consumption[j];
      consumed[j] = state.consumed[j] + x;
      const v = state.values[j];
      if (x <= 0) {
        perGood.push([{ p: 1, value: v }]);
        continue;
      }
      const row = this.kernel(consumed[j], v);
      const opts: Weighted<number>[] = [];
      for (let k = 0; k < this.grid.length; k++) {
        // v' ~ x·R_α(·|v) + (1−x)·δ_v ; under `realized` x ∈ {0,1}.
        const p = x * row[k] + (this.grid[k] === v ? 1 - x : 0);
        if (p > 0) opts.push({ p, value: this.grid[k] });
      }
      perGood.push(opts);
    }
    return product(perGood).map((w) => ({
      p: w.p,
      value: { values: Float64Array.from(w.value), consumed: Float64Array.from(consumed) },
    }));
  }

  /** R_α(v'|v) ∝ exp(−α|v' − v|) over the grid, α = ½ × cumulative consumption (Table 2). */
  private kernel(count: number, v: number): Float64Array {
    const key = `${count}|${v}`;
    let row = this.kernelCache.get(key);
    if (!row) {
      const alpha = 0.5 * count;
      row = Float64Array.from(this.grid, (g) => Math.exp(-alpha * Math.abs(g - v)));
      const s = row.reduce((a, b) => a + b, 0);
      for (let k = 0; k < row.length; k++) row[k] /= s;
      this.kernelCache.set(key, row);
    }
    return row;
  }

  // ---- sampling (both value kinds) ----

  sampleInitial(_i: number, rng: Rng): AgentState {
    const m = this.goods;
    const values = new Float64Array(m);
    for (let j = 0; j < m; j++) {
      if (this.kind === "discrete") values[j] = this.grid[rng.categorical(this.prior)];
      else {
        const v = this.mean + this.sd * rng.normal();
        const eps = 1e-6 * this.upper;
        values[j] = Math.min(this.upper - eps, Math.max(eps, v));
      }
    }
    return { values, consumed: new Float64Array(m) };
  }

  sampleTransition(
    _i: number,
    state: AgentState,
    consumption: ArrayLike<number>,
    rng: Rng,
  ): AgentState {
    const m = this.goods;
    const values = new Float64Array(m);
    const consumed = new Float64Array(m);
    for (let j = 0; j < m; j++) {
      const x = consumption[j];
      consumed[j] = state.consumed[j] + x;
      const v = state.values[j];
      if (this.kind === "discrete") {
        values[j] =
          x > 0 && rng.uniform() < x ? this.grid[rng.categorical(this.kernel(consumed[j], v))] : v;
      } else {
        // Table 2, continuous: s = logit(v/upper); s' ~ N(s, σ), σ = (1−x)σ_no + x/(1+α).
        const alpha = 0.5 * consumed[j];
        const sigma = (1 - x) * this.drift + x / (1 + alpha);
        const q = v / this.upper;
        const s = Math.log(q / (1 - q)) + sigma * rng.normal();
        const eps = 1e-9;
        values[j] = this.upper * Math.min(1 - eps, Math.max(eps, 1 / (1 + Math.exp(-s))));
      }
    }
    return { values, consumed };
  }

  // ---- how an outcome acts ----

  realizations(outcome: Outcome): Weighted<Float64Array>[] {
    const n = this.agents;
    const m = this.goods;
    if (this.semantics === "fractional")
      return [{ p: 1, value: this.fractionalConsumption(outcome) }];
    const out: Weighted<Float64Array>[] = [];
    const idx = new Array<number>(m).fill(0);
    for (;;) {
      let p = 1;
      for (let j = 0; j < m; j++) p *= outcome.alloc[j * (n + 1) + idx[j]];
      if (p > 0) {
        const c = new Float64Array(n * m);
        for (let j = 0; j < m; j++) if (idx[j] < n) c[idx[j] * m + j] = 1;
        out.push({ p, value: c });
      }
      let j = 0;
      while (j < m && ++idx[j] === n + 1) idx[j++] = 0;
      if (j === m) break;
    }
    return out;
  }

  sampleRealization(outcome: Outcome, rng: Rng): Float64Array {
    const n = this.agents;
    const m = this.goods;
    if (this.semantics === "fractional") return this.fractionalConsumption(outcome);
    const c = new Float64Array(n * m);
    for (let j = 0; j < m; j++) {
      const w = rng.categorical(outcome.alloc.subarray(j * (n + 1), (j + 1) * (n + 1)));
      if (w < n) c[w * m + j] = 1;
    }
    return c;
  }

  private fractionalConsumption(outcome: Outcome): Float64Array {
    const n = this.agents;
    const m = this.goods;
    const c = new Float64Array(n * m);
    for (let i = 0; i < n; i++)
      for (let j = 0; j < m; j++) c[i * m + j] = outcome.alloc[j * (n + 1) + i];
    return c;
  }

  private requireDiscrete(): void {
    if (this.kind !== "discrete") throw new Error("exact distributions need values=discrete");
  }
}
