// A mechanism run good by good: good j's allocation and a share of the payments come from a
// single-good mechanism that sees only good j's public history (each agent's reports for good
// j and who consumed good j). For problems whose goods are independent and whose utilities are
// additive (DynamicProblem.marginal), an agent's utility is a sum over goods of terms that
// depend on its reports for that good only, and what it learns about one good says nothing
// about another; so its best deviation is a deviation good by good, and the exploitability of
// the whole is the sum of the per-good mechanisms' exploitabilities (0 if each is IC), while
// interim utilities add up. The exact evaluator checks this on the composed mechanism
// (tests), it is not taken on trust.
import { UsageError } from "../core/errors.js";
import { formatName, resolveParams, type ParamSpecs, type ParamValue } from "../core/spec.js";
import type { DynamicProblem, Outcome, PeriodRecord, PublicHistory } from "../problems/types.js";
import type { Mechanism, MechanismFactory } from "./types.js";

export const perGoodParams: ParamSpecs = {};

/** Format of `state()`; bump when the layout changes. */
export const PER_GOOD_STATE_VERSION = 1;

export interface PerGoodState {
  kind: "per-good";
  version: number;
  /** One saved single-good mechanism per good: registry name, parameters, state. */
  goods: { mechanism: string; params: Record<string, ParamValue>; state: unknown }[];
}

/** Good j's part of one period: reports and consumption of good j, its allocation row. */
function projectPeriod(r: PeriodRecord, n: number, m: number, j: number): PeriodRecord {
  const reports = new Float64Array(n);
  const consumption = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    reports[i] = r.reports[i * m + j];
    consumption[i] = r.consumption[i * m + j];
  }
  const alloc = r.outcome.alloc.slice(j * (n + 1), (j + 1) * (n + 1));
  // Per-good payments are not recorded in the composed history; single-good mechanisms used
  // here must not read past payments (tabular and neural mechanisms do not).
  return { reports, consumption, outcome: { alloc, payments: new Float64Array(n) } };
}

export class PerGoodMechanism implements Mechanism {
  readonly name = formatName("per-good", {});
  readonly params = {};

  constructor(
    private readonly agents: number,
    readonly inner: Mechanism[],
  ) {}

  private project(history: PublicHistory, j: number): PeriodRecord[] {
    const n = this.agents;
    const m = this.inner.length;
    return history.map((r) => projectPeriod(r, n, m, j));
  }

  outcome(history: PublicHistory, reports: Float64Array): Outcome {
    const n = this.agents;
    const m = this.inner.length;
    const alloc = new Float64Array(m * (n + 1));
    const payments = new Float64Array(n);
    for (let j = 0; j < m; j++) {
      const own = new Float64Array(n);
      for (let i = 0; i < n; i++) own[i] = reports[i * m + j];
      const o = this.inner[j].outcome(this.project(history, j), own);
      alloc.set(o.alloc, j * (n + 1));
      for (let i = 0; i < n; i++) payments[i] += o.payments[i];
    }
    return { alloc, payments };
  }

  goodsDecomposition(): readonly Mechanism[] {
    return this.inner;
  }

  /** Defined when every good's mechanism has one: the tuple of their keys. */
  get historyKey(): ((history: PublicHistory) => string) | undefined {
    if (!this.inner.every((mech) => mech.historyKey)) return undefined;
    return (history) =>
      this.inner.map((mech, j) => mech.historyKey!(this.project(history, j))).join("#");
  }

  state(): PerGoodState {
    return {
      kind: "per-good",
      version: PER_GOOD_STATE_VERSION,
      goods: this.inner.map((mech) => ({
        mechanism: mech.name.replace(/\(.*$/s, ""),
        params: mech.params,
        state: mech.state ? mech.state() : null,
      })),
    };
  }
}

/**
 * Registry factory; needs saved state (which mechanism runs each good). `lookup` is the
 * mechanism registry, passed in to avoid an import cycle.
 */
export function perGoodFactory(
  lookup: (name: string) => { params: ParamSpecs; create: MechanismFactory },
): MechanismFactory {
  return (problem: DynamicProblem, _params, saved?: unknown) => {
    const bad = (msg: string) => new UsageError("mechanism state", msg);
    if (!problem.marginal)
      throw new UsageError("--mechanism", `per-good needs a problem with independent goods`);
    const s = saved as Partial<PerGoodState> | null | undefined;
    if (!s || s.kind !== "per-good" || !Array.isArray(s.goods))
      throw bad(
        `per-good needs saved state {"kind": "per-good", "goods": [...]} (design one with mechlab design)`,
      );
    if (s.version !== PER_GOOD_STATE_VERSION)
      throw bad(
        `per-good state version ${String(s.version)}; this mechlab reads ${PER_GOOD_STATE_VERSION}`,
      );
    if (s.goods.length !== problem.goods)
      throw bad(`per-good state has ${s.goods.length} goods; the problem has ${problem.goods}`);
    const inner = s.goods.map((g, j) => {
      const entry = lookup(g.mechanism);
      const marginal = problem.marginal!(j);
      return entry.create(marginal, resolveParams(g.mechanism, entry.params, g.params), g.state);
    });
    return new PerGoodMechanism(problem.agents, inner);
  };
}
