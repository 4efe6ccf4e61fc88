// Deployment: agents arrive in the given order; each faces the prices its policy posts,
// takes its best option among those that still fit (chooseOption), pays λ·a. Supplies are
// never exceeded because an option that does not fit is never taken.
import type { Rng } from "../engine/rng.js";
import { chooseOption, payment } from "./choice.js";
import type { PricingInstance, RealizedAgent } from "./model.js";

export interface PricePolicy {
  /** True when every agent's price vector is drawn from one fixed distribution. */
  anonymous: boolean;
  /** Called once per deployment with the arrival order (only order-aware policies use it). */
  begin?(order: Int32Array): void;
  /** Prices the t-th arrival (agent `agent`) faces, given the consumption so far. */
  prices(t: number, agent: number, used: Float64Array, rng: Rng): ArrayLike<number>;
}

export interface Deployment {
  welfare: number;
  revenue: number;
  /** Option each agent took (−1: null), by agent index. */
  chosen: Int32Array;
  /** Price vector each agent faced, by agent index (n × m). */
  faced: Float64Array;
  used: Float64Array;
}

export function deploy(
  inst: PricingInstance,
  agents: readonly RealizedAgent[],
  order: Int32Array,
  policy: PricePolicy,
  rng: Rng,
): Deployment {
  const m = inst.supplies.length;
  const n = agents.length;
  const used = new Float64Array(m);
  const remaining = inst.supplies.slice();
  const chosen = new Int32Array(n).fill(-1);
  const faced = new Float64Array(n * m);
  let welfare = 0;
  let revenue = 0;
  policy.begin?.(order);
  for (let t = 0; t < order.length; t++) {
    const i = order[t];
    const lambda = policy.prices(t, i, used, rng);
    for (let j = 0; j < m; j++) faced[i * m + j] = lambda[j];
    const req = agents[i].request;
    const k = chooseOption(req, lambda, remaining);
    chosen[i] = k;
    if (k < 0) continue;
    const a = req.options[k].consumption;
    for (let j = 0; j < m; j++) {
      used[j] += a[j];
      remaining[j] -= a[j];
    }
    welfare += req.options[k].value;
    revenue += payment(lambda, a);
  }
  return { welfare, revenue, chosen, faced, used };
}
