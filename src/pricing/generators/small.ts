// Small hand-checkable instances.
import type { Entry } from "../../core/registry.js";
import type { PricingInstance, Request } from "../model.js";

export const single = (value: number, consumption: number[]): Request => ({
  options: [{ value, consumption: Float64Array.from(consumption) }],
});

/**
 * One resource with supply 2 and three deterministic agents of values 3, 2, 1 (one unit
 * each): hindsight optimum 5; first-come-first-served gets 5 in the given order and 3
 * reversed; any price in [1, 2) gets 5 in every order.
 */
export const tiny: Entry<PricingInstance> = {
  name: "tiny",
  summary: "1 resource, supply 2, agents of value 3, 2, 1: OPT = 5 (hand-checkable)",
  params: {},
  create: () => ({
    name: "tiny",
    supplies: Float64Array.of(2),
    classes: [3, 2, 1].map((v) => ({
      count: 1,
      support: [{ probability: 1, request: single(v, [1]) }],
    })),
  }),
};

/**
 * The tie instance: one resource with supply (1 + fraction)·k, k agents of value `high` and k
 * of value 1, one unit each. Ex-ante LP = k·high + fraction·k, its dual price is exactly 1
 * (the low agents tie with the null option), so a deterministic price serves either all low
 * agents (oversubscribed: with the low ones first the high ones are shut out) or none; with
 * the tie rule (no purchase at zero utility) dual prices get k·high, a ratio of
 * high / (high + fraction) in every order: 0.8 at the defaults.
 */
export const tie: Entry<PricingInstance> = {
  name: "tie",
  summary: "k high + k low agents, supply (1+fraction)k: dual prices lose high/(high+fraction)",
  params: {
    k: {
      type: "number",
      default: 200,
      min: 1,
      max: 1e6,
      integer: true,
      doc: "agents of each value",
    },
    high: {
      type: "number",
      default: 2,
      min: 1,
      minExclusive: true,
      max: 1e6,
      doc: "value of the high agents",
    },
    fraction: {
      type: "number",
      default: 0.5,
      min: 0,
      minExclusive: true,
      max: 1,
      maxExclusive: true,
      doc: "share of low agents the LP serves",
    },
  },
  create: (p) => {
    const k = p.k as number;
    return {
      name: `tie(k=${k})`,
      supplies: Float64Array.of((1 + (p.fraction as number)) * k),
      classes: [
        { count: k, support: [{ probability: 1, request: single(p.high as number, [1]) }] },
        { count: k, support: [{ probability: 1, request: single(1, [1]) }] },
      ],
    };
  },
};
