// A tabular mechanism for small discrete problems: one outcome per public history. The key of
// a table entry is the public history — each earlier period's reports and realized
// consumption — plus the current reports. Designers that enumerate public
// histories (the LP optimum, src/designers/lp-optimum.ts) return their mechanism in this
// form, and it is the ground truth the neural mechanisms are compared with.
//
// Histories missing from the table get the DEFAULT outcome: no good is allocated (every good
// goes to "nobody") and nobody pays. It depends on no report, so a deviator cannot gain from
// reaching such a history, and it gives every agent utility 0 (interim IR is kept).
// Designers leave out histories their mechanism reaches with probability 0.
import { UsageError } from "../core/errors.js";
import { formatName, type ParamSpecs } from "../core/spec.js";
import type { DynamicProblem, Outcome, PublicHistory } from "../problems/types.js";
import type { Mechanism, MechanismFactory } from "./types.js";
import { memoryKey, parseMemory, type MemoryKind } from "./history-memory.js";

export const tabularParams: ParamSpecs = {};

/** Format of `state()`; bump when the layout changes. Version 1 had no `memory` (= "full"). */
export const TABULAR_STATE_VERSION = 2;

/** One table row: key, allocation (layout of `Outcome.alloc`) and payments. */
export type TabularEntry = [key: string, alloc: number[], payments: number[]];

export interface TabularState {
  kind: "tabular";
  version: number;
  agents: number;
  goods: number;
  /** What of the public history the keys hold (history-memory.ts). */
  memory: MemoryKind;
  /** What the mechanism does on histories missing from the table. */
  default: "no-allocation-no-payment";
  entries: TabularEntry[];
}

/** Key of one past period: its reports and its realized consumption (both public). */
export const periodKey = (reports: ArrayLike<number>, consumption: ArrayLike<number>): string =>
  `${Array.from(reports).join(",")}>${Array.from(consumption).join(",")}`;

/** Key of a public history; outcomes are left out since the table itself determines them. */
export const publicHistoryKey = (history: PublicHistory): string =>
  history.map((r) => periodKey(r.reports, r.consumption)).join(";");

/** Key of a table entry: the public history plus the current reports. */
export const tabularKey = (historyKey: string, reports: ArrayLike<number>): string =>
  `${historyKey}|${Array.from(reports).join(",")}`;

export class TabularMechanism implements Mechanism {
  readonly name = formatName("tabular", {});
  readonly params = {};
  private readonly table = new Map<string, Outcome>();

  constructor(
    private readonly agents: number,
    private readonly goods: number,
    entries: Iterable<TabularEntry> = [],
    readonly memory: MemoryKind = "full",
  ) {
    for (const e of entries) this.set(e);
  }

  /** Number of histories with an explicit outcome. */
  get size(): number {
    return this.table.size;
  }

  /** Add or replace one entry; the allocation is checked (per good, a distribution). */
  set(entry: TabularEntry): void {
    if (!Array.isArray(entry) || entry.length !== 3 || typeof entry[0] !== "string")
      throw new UsageError("mechanism state", "each entry must be [key, alloc[], payments[]]");
    const [key, alloc, payments] = entry;
    const n = this.agents;
    const m = this.goods;
    const bad = (msg: string) => new UsageError("mechanism state", `entry "${key}": ${msg}`);
    if (!Array.isArray(alloc) || alloc.length !== m * (n + 1))
      throw bad(`alloc needs ${m * (n + 1)} numbers (goods × (agents + nobody))`);
    if (!Array.isArray(payments) || payments.length !== n)
      throw bad(`payments needs ${n} numbers (one per agent)`);
    if (![...alloc, ...payments].every((x) => typeof x === "number" && Number.isFinite(x)))
      throw bad("alloc and payments must be finite numbers");
    for (let j = 0; j < m; j++) {
      const row = alloc.slice(j * (n + 1), (j + 1) * (n + 1));
      if (row.some((x) => x < -1e-9) || Math.abs(row.reduce((a, b) => a + b, 0) - 1) > 1e-6)
        throw bad(`alloc of good ${j} must be probabilities summing to 1`);
    }
    this.table.set(key, { alloc: Float64Array.from(alloc), payments: Float64Array.from(payments) });
  }

  outcome(history: PublicHistory, reports: Float64Array): Outcome {
    const hit = this.table.get(tabularKey(this.historyKey(history), reports));
    if (hit) return { alloc: hit.alloc.slice(), payments: hit.payments.slice() };
    const n = this.agents;
    const alloc = new Float64Array(this.goods * (n + 1));
    for (let j = 0; j < this.goods; j++) alloc[j * (n + 1) + n] = 1;
    return { alloc, payments: new Float64Array(n) };
  }

  /** The table's outcomes depend on the history only through its memory key. */
  historyKey(history: PublicHistory): string {
    return this.memory === "full" ? publicHistoryKey(history) : memoryKey(this.memory, history);
  }

  state(): TabularState {
    return {
      kind: "tabular",
      version: TABULAR_STATE_VERSION,
      agents: this.agents,
      goods: this.goods,
      memory: this.memory,
      default: "no-allocation-no-payment",
      entries: [...this.table].map(([k, o]) => [k, Array.from(o.alloc), Array.from(o.payments)]),
    };
  }
}

/** Registry factory: an empty table (never sells) unless saved state is given. */
export const tabular: MechanismFactory = (problem: DynamicProblem, _params, saved?: unknown) => {
  const n = problem.agents;
  const m = problem.goods;
  // A table is state, not parameters: built by name alone it would be empty and sell nothing
  // (revenue 0 that looks like a result). It comes from a saved mechanism file.
  if (saved === undefined || saved === null)
    throw new UsageError(
      "--mechanism",
      "tabular needs its table: give a saved mechanism .json (e.g. mechanism.json of a `mechlab design` run directory), not the bare name",
    );
  const s = saved as Partial<TabularState>;
  if (typeof s !== "object" || s.kind !== "tabular" || !Array.isArray(s.entries))
    throw new UsageError("mechanism state", `expected {"kind": "tabular", "entries": [...]}`);
  if (s.version !== TABULAR_STATE_VERSION && s.version !== 1)
    throw new UsageError(
      "mechanism state",
      `tabular state version ${String(s.version)}; this mechlab reads versions 1 and ${TABULAR_STATE_VERSION}`,
    );
  if (s.agents !== n || s.goods !== m)
    throw new UsageError(
      "mechanism state",
      `table is for ${String(s.agents)} agents × ${String(s.goods)} goods; the problem has ${n} × ${m}`,
    );
  const memory = s.version === 1 ? "full" : parseMemory("mechanism state.memory", s.memory);
  return new TabularMechanism(n, m, s.entries, memory);
};
