// `mechlab spm --out DIR`: result.json holds each policy's decisions by public state and
// report.html tables them.
import { describe, expect, it } from "vitest";
import { mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { cli } from "./cli-process.js";

interface State {
  round: number;
  visited: number[];
  itemsLeft: number[];
  reach: number;
  agent: Record<string, number>;
  prices: (number | null)[];
}

describe("spm --out: learned price and agent choice by state", () => {
  it("inventory(agents=3,items=2): states consistent with the rules and tabled in the report", async () => {
    const out = join(mkdtempSync(join(tmpdir(), "mechlab-spm-report-")), "run");
    const r = await cli(
      ...["spm", "--setting", "inventory(agents=3,items=2)", "--statistic", "items-agents"],
      ...["--baselines", "none", "--steps", "60", "--batch", "8", "--no-optimal"],
      ...["--eval-episodes", "10", "--final-episodes", "10", "--json", "--out", out],
    );
    expect(r.code).toBe(0);
    const saved = JSON.parse(readFileSync(join(out, "result.json"), "utf8"));
    const run = saved.result.learned[0].runs[0];
    const states: State[] = run.policyByState;
    // Round 0: nobody visited, both items left, every episode; then every round's reach sums
    // to 1, the agent offered is one not yet visited, and a class with no item has no price.
    expect(states[0]).toMatchObject({ round: 0, visited: [], itemsLeft: [0, 1], reach: 1 });
    expect(states[0].agent).toEqual({ [run.firstRound.agent]: 1 });
    expect(states[0].prices[0]).toBeCloseTo(run.firstRound.prices[0], 12);
    for (const t of [0, 1, 2]) {
      const at = states.filter((s) => s.round === t);
      expect(at.reduce((a, s) => a + s.reach, 0)).toBeCloseTo(1, 12);
      for (const s of at) {
        expect(s.visited).toHaveLength(t);
        for (const a of Object.keys(s.agent)) expect(s.visited).not.toContain(Number(a));
        expect(Object.values(s.agent).reduce((a, b) => a + b, 0)).toBeCloseTo(1, 12);
        expect(s.prices[0] === null).toBe(s.itemsLeft.length === 0);
      }
    }
    const html = readFileSync(join(out, "report.html"), "utf8");
    const from = html.indexOf("<h2>Learned prices and agent choice by state</h2>");
    expect(from).toBeGreaterThan(0);
    const section = html.slice(from, html.indexOf("</table>", from));
    expect(section).toContain(`<h3>items-agents (seed ${run.seed})</h3>`);
    const rows = section.split("\n").filter((l) => l.startsWith("<tr><td>"));
    expect(rows).toHaveLength(states.length);
    expect(rows[0]).toBe(
      `<tr><td>0</td><td>{}</td><td>{0, 1}</td><td>1.0000</td><td>${run.firstRound.agent}</td><td>${states[0].prices[0]!.toFixed(4)}</td></tr>`,
    );
    expect(html).not.toContain("<h2>Mechanism explorer</h2>");
  }, 60_000);
});
