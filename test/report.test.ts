import { describe, expect, it } from "vitest";
import { bestResponseExact, buildMechanism, buildProblem, saveMechanism } from "../src/index.js";
import { explorerData } from "../src/report/html/explorer-data.js";
import { mechanismCsv } from "../src/report/html/mechanism-csv.js";
import { runReportHtml } from "../src/report/html/run-report.js";

describe("mechanism explorer data", () => {
  it("first price, one period: outcomes, truthful probabilities and the hand-derived deviations", () => {
    // Values uniform on {1,2,3}; first price with ties split. A buyer of value 2 gets 0 by
    // bidding 2 and (2−1)·½·⅓ = 1/6 by bidding 1; a buyer of value 3 gets 0 by bidding 3 and
    // (3−2)·⅓ + (3−2)·½·⅓ = 1/2 by bidding 2 (bidding 1 gives only 1/3).
    const problem = buildProblem("bandit-auction(horizon=1)");
    const mech = buildMechanism("first-price", problem);
    const br = [0, 1].map((i) => bestResponseExact(problem, mech, i));
    const d = explorerData(problem, mech, br);
    expect(d.nodes).toHaveLength(1);
    const root = d.nodes[0];
    expect(root.reach).toBe(1);
    expect(root.rows).toHaveLength(9);
    for (const r of root.rows) {
      expect(r.truthful).toBeCloseTo(1 / 9, 7);
      expect(r.alloc.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 12);
      expect(r.edges.every((e) => e.node === null)).toBe(true);
    }
    const row21 = root.rows.find((r) => r.reports.join() === "2,1")!;
    expect(row21.alloc).toEqual([1, 0, 0]);
    expect(row21.payments).toEqual([2, 0]);
    const devs = root.deviations.map((x) => [x.agent, x.ownValues[0], x.bestReport[0], x.gain]);
    for (const agent of [0, 1]) {
      const mine = devs.filter((x) => x[0] === agent).sort((a, b) => a[1] - b[1]);
      expect(mine.map((x) => x.slice(1, 3))).toEqual([
        [2, 1],
        [3, 2],
      ]);
      expect(mine[0][3]).toBeCloseTo(1 / 6, 12);
      expect(mine[1][3]).toBeCloseTo(1 / 2, 12);
    }
    expect(d.unplaced).toEqual([]);
    expect(root.deviations.every((x) => x.firstDeparture)).toBe(true);
  });

  it("two periods: reach sums to one per period and profile probabilities to one per node", () => {
    const problem = buildProblem("bandit-auction(horizon=3)");
    const mech = buildMechanism("myerson", problem);
    const d = explorerData(problem, mech, []);
    for (let t = 0; t < 3; t++) {
      const layer = d.nodes.filter((x) => x.period === t);
      expect(layer.reduce((a, x) => a + x.reach, 0)).toBeCloseTo(1, 6);
      for (const x of layer)
        if (x.reach > 0) expect(x.rows.reduce((a, r) => a + r.truthful, 0)).toBeCloseTo(1, 6);
    }
    // Every edge probability out of one row sums to one.
    for (const x of d.nodes)
      for (const r of x.rows) expect(r.edges.reduce((a, e) => a + e.q, 0)).toBeCloseTo(1, 9);
    const csv = mechanismCsv(d).trim().split("\n");
    expect(csv.length - 1).toBe(d.nodes.reduce((a, x) => a + x.rows.length, 0));
  });
});

describe("report.html", () => {
  it("is one file with its scripts and data inline, and places the deviations", () => {
    const problem = buildProblem("bandit-auction(horizon=2)");
    const mech = buildMechanism("first-price", problem);
    const files = {
      "result.json": JSON.stringify({ problem: problem.name, revenue: { value: 1, exact: true } }),
      "mechanism.json": JSON.stringify(saveMechanism(mech, problem)),
      "metrics.csv": "step,revenue\n0,1\n1,2\n",
    };
    const html = runReportHtml(files, "test-run");
    expect(html).not.toMatch(/<script[^>]+src=/);
    expect(html).not.toMatch(/<link[^>]+href=/);
    expect(html).toContain('id="explorer-data"');
    expect(html).toContain('id="curves-spec"');
    expect(html).toContain("vegaEmbed");
    const data = JSON.parse(/id="explorer-data">(.*?)<\/script>/s.exec(html)![1]);
    expect(data[0].data.nodes[0].deviations.length).toBeGreaterThan(0);
    expect(data.map((x: { mechanism: string }) => x.mechanism)).toContain(
      "baseline: first-price(reserve=0)",
    );
  });

  it("renders a sampled certificate whose interim utilities are on a quantile grid (continuous types)", () => {
    const m = (value: number) => ({ value, exact: false, stderr: 0.01 });
    const result = {
      problem: "bandit-auction(values=continuous)",
      certificate: {
        revenue: m(9.5),
        exploitability: { ...m(0.004), lowerBound: true },
        minInterimUtility: m(0.003),
        agents: [
          { agent: 0, utilityByInitialType: [{ type: [2.4], quantile: 0.1, utility: m(0.003) }] },
        ],
      },
    };
    const html = runReportHtml({ "result.json": JSON.stringify(result) }, "continuous");
    expect(html).toContain("quantile 0.1");
    expect(html).toContain("Interim utilities (per initial type)");
  });
});
