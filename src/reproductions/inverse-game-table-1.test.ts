import { describe, expect, it } from "vitest";
import { UsageError } from "../core/errors.js";
import { loadSweep } from "../sweep/sweep-file.js";
import {
  runTable1,
  table1Cells,
  table1Methods,
  TABLE_1_METHODS,
  TABLE_1_ROWS,
  type Table1Row,
} from "./inverse-game-table-1.js";

describe("inverse-game-table-1 methods", () => {
  it("runs bilevel and handicap by default and refuses an unknown method, naming the allowed ones", () => {
    expect(table1Methods()).toEqual(["bilevel", "handicap"]);
    expect(table1Methods(["npg-penalty"])).toEqual(["npg-penalty"]);
    let err: unknown;
    try {
      table1Methods(["bilevel", "npg-penalti"]);
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(UsageError);
    expect((err as UsageError).field).toBe("--methods");
    expect((err as Error).message).toMatch(/"npg-penalti" is not allowed.*npg-penalty/);
  });

  it("every cell of the table names a known method and an explicit designer spec; the paper's method is on the single-good rows", () => {
    const paper = table1Cells(TABLE_1_ROWS, {
      methods: ["npg-penalty", "npg-acceptance", "penalty", "acceptance"],
    });
    expect(paper.map((c) => [c.index + 1, c.cell.method])).toEqual([
      [1, "npg-penalty"],
      [1, "npg-acceptance"],
      [3, "penalty"],
      [3, "acceptance"],
    ]);
    for (const { cell } of paper) {
      expect(cell.designer.startsWith(`${cell.method}(`)).toBe(true);
      expect(cell.budget).toBeGreaterThan(0);
    }
    expect(table1Cells(TABLE_1_ROWS, { rows: [2] }).map((c) => c.cell.method)).toEqual(["bilevel"]);
  });

  it("the sweep form has one design job per cell of every method, with the cell's problem, designer and budget", () => {
    const all = table1Cells(TABLE_1_ROWS, { methods: Object.keys(TABLE_1_METHODS) });
    const s = loadSweep("inverse-game-table-1");
    expect(s.kind).toBe("design");
    expect(s.jobs.map((j) => j.spec.params)).toEqual(
      all.map(({ row, cell }) =>
        expect.objectContaining({
          problem: row.problem,
          designer: cell.designer,
          seed: 0,
          ...(cell.budget !== undefined ? { budget: cell.budget } : {}),
        }),
      ),
    );
  });
});

describe("inverse-game-table-1 on a tiny instance", () => {
  const tiny: Table1Row[] = [
    {
      setting: "tiny discrete",
      problem: "bandit-auction(horizon=2)",
      paper: { irLoss: 0, exploitability: 0, profit: 1 },
      cells: [
        { method: "bilevel", designer: "bilevel(flips=0)", budget: 2 },
        { method: "npg-penalty", designer: "npg-penalty(alpha=20,beta=20,certify=1)", budget: 4 },
      ],
    },
    {
      setting: "tiny two goods",
      problem: "bandit-auction(horizon=2,items=2)",
      paper: { irLoss: 0, exploitability: 0, profit: 1 },
      cells: [{ method: "bilevel", designer: "bilevel(flips=0)", budget: 2 }],
      paperNotRun: "single-good rows only",
    },
  ];

  it("each row carries the designer spec and budget it ran, with exact certificates, and says which rows did not run", async () => {
    const res = await runTable1({ seed: 0, methods: ["npg-penalty"] }, tiny);
    const json = res.json as Record<string, unknown>[];
    expect(json).toHaveLength(2);
    const [cell, skipped] = json;
    expect(cell.method).toBe("npg-penalty");
    expect(cell.designerSpec).toBe("npg-penalty(alpha=20,beta=20,certify=1)");
    expect(cell.designer).toMatch(/^npg-penalty\(alpha=20,beta=20,memory=full,.*certify=1/);
    expect(cell.budget).toBe(4);
    expect(cell.revenue).toMatchObject({ exact: true });
    expect(cell.exploitability).toMatchObject({ exact: true });
    expect(cell.minInterimUtility).toMatchObject({ exact: true });
    expect(skipped).toMatchObject({ setting: "tiny two goods", notRun: "single-good rows only" });
    const lines = res.text.split("\n").filter((l) => l.startsWith("| tiny"));
    expect(lines).toHaveLength(2);
    expect(lines[0]).toContain("npg-penalty: penalty");
    expect(lines[0]).toContain(`\`${cell.designer as string}\`, budget 4`);
    expect(lines[0]).toMatch(/\(exact\)/);
    expect(lines[1]).toContain("not run: single-good rows only");
  }, 60_000);

  it("by default runs the bilevel cell of every row, with its budget", async () => {
    const res = await runTable1({ seed: 0 }, tiny);
    const json = res.json as Record<string, unknown>[];
    expect(json.map((r) => [r.method, r.designerSpec, r.budget])).toEqual([
      ["bilevel", "bilevel(flips=0)", 2],
      ["bilevel", "bilevel(flips=0)", 2],
    ]);
    expect(json[1].problem).toMatch(/items=2/);
    expect(res.text).not.toContain("not run");
  }, 60_000);
});
