import { describe, expect, it } from "vitest";
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { cli } from "./cli-process.js";

const dir = mkdtempSync(join(tmpdir(), "mechlab-clock-"));
const file = (name: string, obj: unknown) => {
  const p = join(dir, name);
  writeFileSync(p, JSON.stringify(obj));
  return p;
};
const knap = "knapsack(capacity=10,sizes=10;5;5;3;2)";

describe("mechlab clock", async () => {
  it("one instance: --json gives winners, prices, welfare, optimum, ratio, rounds", async () => {
    // Advice {1,2} is optimal (weight 10 = OPT); the learning-augmented auction keeps it.
    const f = file("one.json", { values: [9, 5, 5, 3, 2], constraint: knap, advice: [1, 2] });
    const t = join(dir, "t.json");
    const r = await cli(
      "clock",
      "--instance",
      f,
      "--auction",
      "learning-augmented(epsilon=0.1)",
      "--json",
      "--transcript",
      t,
    );
    expect(r.code).toBe(0);
    const j = JSON.parse(r.out);
    expect(Object.keys(j).sort()).toEqual([
      "optimum",
      "prices",
      "ratio",
      "rounds",
      "welfare",
      "winners",
    ]);
    expect(j.optimum).toBe(10);
    expect(j.welfare).toBeGreaterThanOrEqual(10 / 1.1);
    expect(j.ratio).toBeCloseTo(j.optimum / j.welfare, 12);
    expect(j.prices[0]).toBe(0);
    expect(JSON.parse(readFileSync(t, "utf8")).rounds).toHaveLength(j.rounds);
  });

  it("an array of instances gives an array; --advice overrides the files' advice", async () => {
    const f = file("two.json", [
      { values: [1, 2, 3, 4], constraint: "k-uniform(k=2)" },
      { values: [1.2, 1, 0.5, 0.25], constraint: "one-vs-group" },
    ]);
    const r = await cli("clock", "--instance", f, "--auction", "no-advice", "--json");
    expect(r.code).toBe(0);
    const j = JSON.parse(r.out);
    expect(j).toHaveLength(2);
    expect(j[0].winners).toEqual([2, 3]);
    expect(j[1].winners).toEqual([0]); // the harmonic group's price weight never passes 1.2
    // Advising bidder 1 protects her block, and her group (OPT = 1.75) wins instead.
    const a = await cli(
      "clock",
      "--instance",
      f,
      "--auction",
      "learning-augmented",
      "--advice",
      "1",
      "--json",
    );
    expect(a.code).toBe(0);
    expect(JSON.parse(a.out)[1].winners).toEqual([1, 2, 3]);
  });

  it("bad input: exit 2, the field named, nothing written", async () => {
    const t = join(dir, "never.json");
    const cases: [unknown, string[], RegExp][] = [
      [
        { values: [9, 5, 5, 3, 2], constraint: knap, advice: [0, 1] },
        [],
        /advice: \{0,1\} is not feasible/,
      ],
      [
        { values: [1, 2], constraint: "matroid(k=1)" },
        [],
        /constraint: unknown constraint "matroid"/,
      ],
      [
        { values: [1, 2, 3], constraint: knap },
        [],
        /sizes: knapsack has 5 sizes but there are 3 values/,
      ],
      [{ values: [1, -2], constraint: "k-uniform" }, [], /values: values\[1\] = -2/],
    ];
    // The four runs at once (independent files), so the test takes one CLI start-up.
    const runs = await Promise.all(
      cases.map(([obj, extra], k) =>
        cli("clock", "--instance", file(`bad${k}.json`, obj), "--transcript", t, ...extra),
      ),
    );
    runs.forEach((r, k) => {
      expect(r.code).toBe(2);
      expect(r.err).toMatch(cases[k][2]);
    });
    expect(existsSync(t)).toBe(false);
  });

  it("mechlab list shows every clock auction and constraint family", async () => {
    const r = await cli("list");
    expect(r.code).toBe(0);
    const clock = r.out.slice(r.out.indexOf("CLOCK AUCTIONS"));
    for (const name of [
      "no-advice",
      "learning-augmented",
      "error-tolerant",
      "advice-weighted",
      "greedy-da",
      "ascending-uniform",
      "k-uniform",
      "knapsack",
      "interval-scheduling",
      "interference-graph",
      "explicit",
      "one-vs-group",
    ])
      expect(clock).toContain(`${name} — `);
  });
});
