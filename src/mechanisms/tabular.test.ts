import { describe, expect, it } from "vitest";
import { UsageError } from "../core/errors.js";
import { evaluate } from "../evaluation/evaluate.js";
import { buildProblem } from "../problems/registry.js";
import type { PublicHistory } from "../problems/types.js";
import { buildMechanism } from "./registry.js";
import { loadMechanism, saveMechanism } from "./saved.js";
import {
  publicHistoryKey,
  TabularMechanism,
  tabularKey,
  type TabularEntry,
  type TabularState,
} from "./tabular.js";
import type { Mechanism } from "./types.js";

/** Wraps a mechanism and records every (public history, reports) → outcome it is asked for. */
function recorder(inner: Mechanism): { mech: Mechanism; entries: Map<string, TabularEntry> } {
  const entries = new Map<string, TabularEntry>();
  const mech: Mechanism = {
    name: inner.name,
    params: inner.params,
    outcome(history: PublicHistory, reports: Float64Array) {
      const o = inner.outcome(history, reports);
      const key = tabularKey(publicHistoryKey(history), reports);
      entries.set(key, [key, Array.from(o.alloc), Array.from(o.payments)]);
      return o;
    },
  };
  return { mech, entries };
}

describe("tabular mechanism", () => {
  const p2 = buildProblem("bandit-auction(horizon=2,discount=1)");

  it("a table copied from another mechanism on every history evaluates identically", () => {
    // The exact evaluator visits every public history a truthful or deviating agent can reach;
    // recording the first-price auction there and replaying it from the table must reproduce
    // every number, including exploitability (which first-price has, so deviations are visited).
    const { mech, entries } = recorder(buildMechanism("first-price", p2));
    const original = evaluate(p2, mech, { mode: "exact" });
    const table = new TabularMechanism(p2.agents, p2.goods, entries.values());
    const replay = evaluate(p2, table, { mode: "exact" });
    expect(original.exploitability.value).toBeGreaterThan(0.1);
    expect(replay.revenue.value).toBe(original.revenue.value);
    expect(replay.exploitability.value).toBe(original.exploitability.value);
    expect(replay.agents.map((a) => a.utilityByInitialType!.map((t) => t.utility.value))).toEqual(
      original.agents.map((a) => a.utilityByInitialType!.map((t) => t.utility.value)),
    );
  });

  it("histories missing from the table get no allocation and no payment", () => {
    const table = new TabularMechanism(2, 1, [["|3,1", [1, 0, 0], [2, 0]]]);
    expect(table.outcome([], Float64Array.of(3, 1))).toEqual({
      alloc: Float64Array.of(1, 0, 0),
      payments: Float64Array.of(2, 0),
    });
    expect(table.outcome([], Float64Array.of(1, 3))).toEqual({
      alloc: Float64Array.of(0, 0, 1),
      payments: Float64Array.of(0, 0),
    });
    // An empty table sells nothing: revenue 0, nobody can gain.
    const r = evaluate(p2, new TabularMechanism(2, 1), { mode: "exact" });
    expect(r.revenue.value).toBe(0);
    expect(r.exploitability.value).toBe(0);
    // By name alone the table would be empty: refused, naming the flag.
    expect(() => buildMechanism("tabular", p2)).toThrow(/--mechanism: tabular needs its table/);
  });

  it("save/load round trip through the registry keeps every entry", () => {
    const { mech, entries } = recorder(buildMechanism("second-price(reserve=2)", p2));
    const before = evaluate(p2, mech, { mode: "exact" });
    const table = new TabularMechanism(p2.agents, p2.goods, entries.values());
    const text = JSON.stringify(saveMechanism(table, p2, 11));
    const back = loadMechanism(text, p2, "m.json");
    expect(back.name).toBe("tabular");
    expect((back.state!() as TabularState).entries).toEqual(table.state().entries);
    const after = evaluate(p2, back, { mode: "exact" });
    expect(after.revenue.value).toBe(before.revenue.value);
    expect(after.exploitability.value).toBe(before.exploitability.value);
  });

  const good = (): TabularState =>
    new TabularMechanism(2, 1, [["|1,1", [0, 0, 1], [0, 0]]]).state();
  it.each([
    [{ ...good(), version: 99 }, /version 99/],
    [{ ...good(), agents: 3 }, /3 agents/],
    [{ ...good(), entries: [["|1,1", [0.5, 0, 0], [0, 0]]] }, /summing to 1/],
    [{ ...good(), entries: [["|1,1", [0, 0, 1], [0]]] }, /payments needs 2/],
    [{ ...good(), entries: [["|1,1", [0, 0, 1], [0, Number.NaN]]] }, /finite/],
    [{ ...good(), entries: [42] }, /\[key, alloc\[\], payments\[\]\]/],
    [{ kind: "neural" }, /expected/],
    [{ ...good(), memory: "everything" }, /memory.*allowed: full, initial-last/],
  ])("rejects bad saved tables with a clear message (%#)", (state, msg) => {
    const text = JSON.stringify({ ...saveMechanism(new TabularMechanism(2, 1), p2), state });
    expect(() => loadMechanism(text, p2, "m.json")).toThrow(UsageError);
    expect(() => loadMechanism(text, p2, "m.json")).toThrow(msg);
  });

  it("memory: initial-last keys on (τ, first reports, last reports, consumption counts)", () => {
    const rec = (r: number[], c: number[]) => ({
      reports: Float64Array.from(r),
      consumption: Float64Array.from(c),
      outcome: { alloc: new Float64Array(3), payments: new Float64Array(2) },
    });
    const a = [rec([1, 2], [0, 1]), rec([3, 3], [1, 0]), rec([2, 3], [0, 1])];
    const b = [rec([1, 2], [1, 0]), rec([1, 1], [0, 1]), rec([2, 3], [0, 1])];
    const t = new TabularMechanism(2, 1, [], "initial-last");
    // Same first and last reports and the same counts (1, 2): the table cannot tell them apart.
    expect(t.historyKey(a)).toBe(t.historyKey(b));
    expect(t.historyKey(a)).toBe("3:1,2:2,3:1,2");
    expect(new TabularMechanism(2, 1).historyKey(a)).not.toBe(
      new TabularMechanism(2, 1).historyKey(b),
    );
    // Saved with its memory; version-1 files (no memory) load as full-history tables.
    const saved = JSON.stringify(saveMechanism(t, p2, 0));
    expect((loadMechanism(saved, p2, "m.json") as TabularMechanism).memory).toBe("initial-last");
    const v1 = { ...good(), version: 1, memory: undefined };
    const text = JSON.stringify({ ...saveMechanism(new TabularMechanism(2, 1), p2), state: v1 });
    expect((loadMechanism(text, p2, "m.json") as TabularMechanism).memory).toBe("full");
  });
});
