import { describe, expect, it } from "vitest";
import { UsageError } from "../../core/errors.js";
import { evaluate } from "../../evaluation/evaluate.js";
import { buildMechanism } from "../../mechanisms/registry.js";
import { buildProblem } from "../../problems/registry.js";
import { pstRelaxedDiscrete } from "../../benchmarks/discrete.js";
import { designers } from "../registry.js";
import { compileGame } from "../compiled-game/compiled-game.js";
import { optimalPayments } from "../exact-game/payment-lp.js";
import { toMechanism } from "../exact-game/table-params.js";
import { initialReports, startAllocation } from "../start-allocation.js";
import { startPayments } from "./start-allocation.js";

const problem = buildProblem("bandit-auction(horizon=2,discount=1)");

describe("the table designers' starting allocation (bilevel, npg-*)", () => {
  for (const memory of ["full", "initial-last"] as const) {
    const g = compileGame(problem, memory);
    const row = (key: string) => g.rowKeys.indexOf(key);

    it(`${memory}: initial reports are read off every row key`, () => {
      const first = memory === "full" ? "3,1>1,0|2,2" : "1:3,1:3,1:1,0|2,2";
      expect(row(first)).toBeGreaterThanOrEqual(0);
      expect(initialReports(memory, first)).toEqual([3, 1]);
      expect(initialReports(memory, memory === "full" ? "|1,3" : "0|1,3")).toEqual([1, 3]);
    });

    it(`${memory}: handicap ties = second price on every row, a tie to the higher initial report`, () => {
      const split = startAllocation(problem, g, "second-price", "split");
      const x = startAllocation(problem, g, "second-price", "handicap");
      const w = g.n + 1;
      let ties = 0;
      g.rowKeys.forEach((key, r) => {
        const cur = key
          .slice(key.lastIndexOf("|") + 1)
          .split(",")
          .map(Number);
        const init = initialReports(memory, key);
        const got = Array.from(x.subarray(r * w, r * w + w));
        if (cur[0] !== cur[1]) {
          expect(got).toEqual(Array.from(split.subarray(r * w, r * w + w)));
          expect(got[cur[0] > cur[1] ? 0 : 1]).toBe(1);
        } else {
          ties++;
          // uniform prior on 1;2;3: η = 2, 0.5, 0 — the higher initial report, then agent 0
          expect(got).toEqual(init[1] > init[0] ? [0, 1, 0] : [1, 0, 0]);
        }
      });
      expect(ties).toBeGreaterThan(10);
      // a hand-checked row: tie 2,2 in period 1 after initial reports 1,3 goes to agent 1
      const k = memory === "full" ? "1,3>0,1|2,2" : "1:1,3:1,3:0,1|2,2";
      expect(Array.from(x.subarray(row(k) * w, row(k) * w + w))).toEqual([0, 1, 0]);
    });

    it(`${memory}: its payment LP reaches the PST relaxed bound at T = 2 (split and first do not)`, async () => {
      const cap = async (ties: "split" | "first" | "handicap") =>
        (await optimalPayments(g, startAllocation(problem, g, "second-price", ties))).revenue;
      const bound = pstRelaxedDiscrete(problem);
      expect(await cap("handicap")).toBeCloseTo(bound, 6);
      expect(await cap("split")).toBeLessThan(bound - 0.1);
      expect(await cap("first")).toBeLessThan(bound - 0.1);
    });
  }

  it("payments=start: the split table with the start's prices IS the start mechanism (exact evaluation)", () => {
    const g = compileGame(problem, "initial-last");
    for (const start of ["second-price", "first-price", "myerson"]) {
      const x = startAllocation(problem, g, start, "split");
      const table = evaluate(
        problem,
        toMechanism(g, { x, p: startPayments(problem, g, start, x) }),
        {
          mode: "exact",
        },
      );
      const direct = evaluate(problem, buildMechanism(start, problem), { mode: "exact" });
      expect(table.revenue.value).toBeCloseTo(direct.revenue.value, 10);
      expect(table.exploitability.value).toBeCloseTo(direct.exploitability.value, 10);
      expect(table.revenue.value).toBeGreaterThan(1);
    }
  });

  it("payments=start with handicap ties: the tie's winner pays the whole price, the loser nothing", () => {
    const g = compileGame(problem, "initial-last");
    const x = startAllocation(problem, g, "second-price", "handicap");
    const p = startPayments(problem, g, "second-price", x);
    const r = g.rowKeys.indexOf("1:1,3:1,3:0,1|2,2");
    expect([p[2 * r], p[2 * r + 1]]).toEqual([0, 2]);
    const s = g.rowKeys.indexOf("1:1,3:1,3:0,1|3,1");
    expect([p[2 * s], p[2 * s + 1]]).toEqual([1, 0]);
  });

  it("the designer starts there: its first recorded revenue is the start table's", async () => {
    const g = compileGame(problem, "full");
    const x = startAllocation(problem, g, "second-price", "handicap");
    const table = toMechanism(g, { x, p: startPayments(problem, g, "second-price", x) });
    const want = evaluate(problem, table, { mode: "exact" }).revenue.value;
    for (const [spec, revenue] of [
      ["npg-penalty(ties=handicap,payments=start)", want],
      ["npg-penalty(ties=handicap)", 0], // zero payments
    ] as const) {
      const run = await designers
        .build(spec, "--designer")
        .value.design(problem, { seed: 0, budget: 1 });
      expect((run.history[0] as { revenue: number }).revenue).toBeCloseTo(revenue, 10);
    }
    expect(want).toBeGreaterThan(1);
  });

  it("refuses unknown starts and tie rules by name", () => {
    expect(() => designers.build("npg-penalty(start=vcg)", "--designer")).toThrow(/start/);
    expect(() => designers.build("npg-acceptance(ties=random)", "--designer")).toThrow(/ties/);
    const g = compileGame(problem, "initial-last");
    expect(() => startAllocation(problem, g, "vcg", "split")).toThrow(UsageError);
  });

  it("refuses handicap ties on a table of several goods (each good's ties need that good's reports)", () => {
    const two = buildProblem("bandit-auction(items=2,horizon=1)");
    const g = compileGame(two, "full");
    expect(() => startAllocation(two, g, "second-price", "handicap")).toThrow(/2 goods/);
    expect(startAllocation(two, g, "second-price", "first").length).toBe(g.rowKeys.length * 6);
  });
});
