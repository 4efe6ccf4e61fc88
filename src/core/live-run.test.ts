// Live progress folders: every step's metrics kept (even one that first appears late), and the
// folder gone when the run closes it.
import { describe, expect, it } from "vitest";
import { existsSync, mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { LIVE_METRICS, liveDirOf, liveRun, readLiveInfo } from "./live-run.js";

describe("liveRun", () => {
  it("keeps a metric that first appears at a later step, and close() removes the folder", () => {
    const out = join(mkdtempSync(join(tmpdir(), "mechlab-live-")), "run");
    const live = liveRun(out, "mechlab design --out run");
    const dir = liveDirOf(out);
    expect(readLiveInfo(dir)?.pid).toBe(process.pid);
    live.onStep!({ step: 1, phase: "adam", metrics: { revenue: 1.5 } }, undefined);
    live.onStep!({ step: 2, phase: "vertex search", metrics: { revenue: 2, moves: 3 } }, undefined);
    live.onStep!({ step: 3, metrics: { revenue: NaN, moves: 4 } }, undefined);
    const rows = readFileSync(join(dir, LIVE_METRICS), "utf8")
      .trim()
      .split("\n")
      .map((l) => JSON.parse(l) as unknown);
    expect(rows).toEqual([
      { step: 1, phase: "adam", revenue: 1.5 },
      { step: 2, phase: "vertex search", revenue: 2, moves: 3 },
      { step: 3, revenue: null, moves: 4 },
    ]);
    live.close();
    expect(existsSync(dir)).toBe(false);
  });
});
