// Online resource allocation with posted prices (the abstract of the anonymous-pricing paper,
// docs/papers.md "AnonPricing"): m resources with supplies B, agents arriving one at a time,
// each with a request drawn from its own distribution; a request is a list of options
// {consumption ∈ [0,1]^m, value}, and the null option (take nothing) is always allowed.
import type { Rng } from "../engine/rng.js";

export interface PricingOption {
  value: number;
  consumption: Float64Array;
}

/** One realized request: its options (the null option is implicit). */
export interface Request {
  options: readonly PricingOption[];
}

/** A finite-support request distribution: requests with their probabilities. */
export interface SupportPoint {
  probability: number;
  request: Request;
}

/**
 * `count` identical agents (same distribution, independent draws). A class has a finite
 * `support` (exact benchmarks) or only a `sample` function (benchmarks by sampling).
 */
export interface AgentClass {
  count: number;
  support?: readonly SupportPoint[];
  sample?: (rng: Rng) => Request;
}

export interface PricingInstance {
  name: string;
  supplies: Float64Array;
  classes: readonly AgentClass[];
}

/** An agent of a realized run: its class, support index (−1 if sampled) and request. */
export interface RealizedAgent {
  cls: number;
  point: number;
  request: Request;
}

export const agentCount = (inst: PricingInstance): number =>
  inst.classes.reduce((s, c) => s + c.count, 0);

/** Class of every agent index 0..n−1 (agents of a class are consecutive, in file order). */
export function classOfAgents(inst: PricingInstance): Int32Array {
  const out = new Int32Array(agentCount(inst));
  let i = 0;
  inst.classes.forEach((c, k) => {
    for (let r = 0; r < c.count; r++) out[i++] = k;
  });
  return out;
}

/** One draw from a class's distribution. */
export function drawRequest(c: AgentClass, rng: Rng): { point: number; request: Request } {
  if (c.support) {
    const point = rng.categorical(c.support.map((s) => s.probability));
    return { point, request: c.support[point].request };
  }
  return { point: -1, request: c.sample!(rng) };
}

/** Realize every agent's request independently. */
export function realize(inst: PricingInstance, rng: Rng): RealizedAgent[] {
  const out: RealizedAgent[] = [];
  inst.classes.forEach((c, cls) => {
    for (let r = 0; r < c.count; r++) out.push({ cls, ...drawRequest(c, rng) });
  });
  return out;
}

export const isFinite = (inst: PricingInstance): boolean => inst.classes.every((c) => !!c.support);

/** Largest option value of a request (0 for a request with no options). */
export const maxValue = (r: Request): number => r.options.reduce((s, o) => Math.max(s, o.value), 0);
