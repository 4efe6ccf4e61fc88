// The two ways a learner may touch the agents' distributions, as types. Sample access hands
// over a full fresh request (values included). A pricing query posts λ to a fresh request of
// agent i and returns only the consumption of the option it would choose (chooseOption, with
// no supply limit) — never a value. Both hold the instance in a true private field, so a
// learner given a QueryAccess cannot reach values, and both count every use.
import type { Rng } from "../engine/rng.js";
import { chooseOption } from "./choice.js";
import { classOfAgents, drawRequest, type PricingInstance, type Request } from "./model.js";

/** What every learner may know: supplies, number of agents, and each agent's class label. */
export interface PublicInfo {
  supplies: Float64Array;
  agents: number;
  classOfAgent: Int32Array;
}

export function publicInfo(inst: PricingInstance): PublicInfo {
  const classOfAgent = classOfAgents(inst);
  return { supplies: inst.supplies.slice(), agents: classOfAgent.length, classOfAgent };
}

export class SampleAccess {
  readonly #inst: PricingInstance;
  readonly #classOf: Int32Array;
  readonly #rng: Rng;
  #count = 0;

  constructor(inst: PricingInstance, rng: Rng) {
    this.#inst = inst;
    this.#classOf = classOfAgents(inst);
    this.#rng = rng;
  }

  /** A fresh independent request of agent i (options with values). */
  sample(agent: number): Request {
    this.#count++;
    return drawRequest(this.#inst.classes[this.#classOf[agent]], this.#rng).request;
  }

  get samples(): number {
    return this.#count;
  }
}

export class QueryAccess {
  readonly #inst: PricingInstance;
  readonly #classOf: Int32Array;
  readonly #rng: Rng;
  #count = 0;

  constructor(inst: PricingInstance, rng: Rng) {
    this.#inst = inst;
    this.#classOf = classOfAgents(inst);
    this.#rng = rng;
  }

  /** Consumption of the option a fresh request of agent i chooses at prices λ (zeros: null). */
  query(agent: number, prices: ArrayLike<number>): Float64Array {
    this.#count++;
    const req = drawRequest(this.#inst.classes[this.#classOf[agent]], this.#rng).request;
    const k = chooseOption(req, prices);
    return k < 0
      ? new Float64Array(this.#inst.supplies.length)
      : req.options[k].consumption.slice();
  }

  get queries(): number {
    return this.#count;
  }
}
