import { describe, expect, it } from "vitest";
import { StopWhen, type StepRecord } from "../../core/callbacks.js";
import { buildProblem } from "../../problems/registry.js";
import {
  bestRow,
  keepBestRow,
  rowRecord,
  expandDesigner,
  gridCombinations,
  gridCsv,
  gridSearch,
  type GridRow,
} from "./grid-search.js";
import { DEFAULT_DESIGN } from "./run.js";

const row = (designer: string, revenue: number, exploitability: number, admissible: boolean) =>
  ({
    designer,
    lrTheta: 1e-3,
    lrW: 1e-2,
    seed: 0,
    revenue,
    exploitability,
    minInterimUtility: 0,
    trainingRevenue: revenue,
    trainingRegret: 0,
    seconds: 1,
    admissible,
  }) satisfies GridRow;

describe("design grid search (Inverse Games App. D.5)", () => {
  it("expands | alternatives into the cross product, in order", () => {
    expect(expandDesigner("penalty")).toEqual(["penalty"]);
    expect(expandDesigner("acceptance(alpha=10|20,beta=1|2)")).toEqual([
      "acceptance(alpha=10,beta=1)",
      "acceptance(alpha=10,beta=2)",
      "acceptance(alpha=20,beta=1)",
      "acceptance(alpha=20,beta=2)",
    ]);
    const combos = gridCombinations({
      designers: ["penalty(rho=5|20)", "lagrangian"],
      lrTheta: [1e-3, 2e-3],
      lrW: [1e-2],
      seeds: [0, 1],
    });
    expect(combos).toHaveLength(3 * 2 * 1 * 2);
    expect(combos[0]).toEqual({ designer: "penalty(rho=5)", lrTheta: 1e-3, lrW: 1e-2, seed: 0 });
    expect(combos.at(-1)).toEqual({ designer: "lagrangian", lrTheta: 2e-3, lrW: 1e-2, seed: 1 });
  });

  it("refuses bad grids before running anything, naming the flag", () => {
    const spec = { designers: ["penalty"], lrTheta: [1e-3], lrW: [1e-2], seeds: [0] };
    expect(() => gridCombinations({ ...spec, designers: ["bilevel"] })).toThrow(/designer/);
    expect(() => gridCombinations({ ...spec, designers: ["penalty(rho=5|)"] })).toThrow(
      /--designers/,
    );
    expect(() => gridCombinations({ ...spec, lrW: [0] })).toThrow(/--lr-w/);
    expect(() => gridCombinations({ ...spec, seeds: [] })).toThrow(/--seeds/);
  });

  it("chooses the highest certified revenue among admissible rows only", () => {
    const rows = [
      row("a", 5, 0.5, false),
      row("b", 3, 0.001, true),
      row("c", 3, 0.0001, true),
      row("d", 2, 0, true),
    ];
    expect(bestRow(rows)!.designer).toBe("c");
    expect(bestRow([row("a", 5, 0.5, false)])).toBeUndefined();
    expect(gridCsv(rows).split("\n")).toHaveLength(5);
  });

  it("runs every combination, certifies each and reproduces with the same seeds", async () => {
    const problem = buildProblem("bandit-auction(horizon=2,discount=0.9)");
    const spec = { designers: ["penalty"], lrTheta: [5e-4, 5e-3], lrW: [1e-2], seeds: [3] };
    const base = {
      ...DEFAULT_DESIGN,
      budget: 45,
      mechanism: { width: 8, payments: "fraction" as const },
      // Short adversary cycles so that θ has moved by the last fresh candidate (step 44).
      sgda: { ...DEFAULT_DESIGN.sgda, restartEvery: 20, warmup: 5 },
    };
    const a = await gridSearch(problem, spec, base);
    expect(a.map((r) => [r.lrTheta, r.seed])).toEqual([
      [5e-4, 3],
      [5e-3, 3],
    ]);
    // The learning rate reached the run: the two certified mechanisms differ.
    expect(a[0].revenue).not.toBe(a[1].revenue);
    for (const r of a) {
      expect(r.minInterimUtility).toBeGreaterThanOrEqual(0); // fraction payments: IR by construction
      expect(r.admissible).toBe(r.exploitability <= base.tolerance.regret);
    }
    const b = await gridSearch(problem, spec, base);
    expect(b.map((r) => r.revenue)).toEqual(a.map((r) => r.revenue));
  }, 120_000);

  it("reports each finished run to the shared callbacks; a stop skips the remaining runs", async () => {
    const problem = buildProblem("bandit-auction(horizon=2,discount=0.9)");
    const spec = { designers: ["penalty"], lrTheta: [5e-4, 5e-3], lrW: [1e-2], seeds: [1] };
    const base = {
      ...DEFAULT_DESIGN,
      budget: 2,
      mechanism: { width: 8, payments: "free" as const },
    };
    const seen: StepRecord[] = [];
    const keep = keepBestRow();
    const rows = await gridSearch(problem, spec, base, [
      { onStep: (r) => void seen.push(r) },
      keep,
      new StopWhen("test", () => seen.length >= 1),
    ]);
    expect(rows).toHaveLength(1);
    expect(seen).toEqual([rowRecord(rows[0], 1, 2)]);
    expect(seen[0].metrics.revenue).toBe(rows[0].revenue);
    expect(keep.best?.snapshot).toBe(bestRow(rows));
  });
});
