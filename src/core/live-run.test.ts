// Live progress folders: every step's metrics kept (even one that first appears late), and the
// folder gone however the run ends — close(), or the process killed outright.
import { describe, expect, it } from "vitest";
import { spawn } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, readdirSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { LIVE_METRICS, liveDirOf, liveRun, readLiveInfo } from "./live-run.js";

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function until(cond: () => boolean, ms: number): Promise<boolean> {
  for (const t0 = Date.now(); Date.now() - t0 < ms; await sleep(50)) if (cond()) return true;
  return cond();
}

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

  it("after close(), its watchdog leaves a new folder of the same name alone", async () => {
    const out = join(mkdtempSync(join(tmpdir(), "mechlab-live-")), "run");
    liveRun(out, "first").close();
    const again = liveRun(out, "second");
    await sleep(300);
    expect(readLiveInfo(liveDirOf(out))?.command).toBe("second");
    again.close();
  });

  it.skipIf(process.platform === "win32")(
    "is removed when its process is killed (SIGKILL: no JavaScript runs)",
    async () => {
      const base = mkdtempSync(join(tmpdir(), "mechlab-live-"));
      const out = join(base, "run");
      const code = `import { liveRun } from "./src/core/live-run.ts";
liveRun(${JSON.stringify(out)}, "test"); setInterval(() => {}, 1000);`;
      const child = spawn(process.execPath, ["--import", "tsx", "--input-type=module", "-e", code]);
      const dir = liveDirOf(out);
      expect(await until(() => existsSync(join(dir, "live.json")), 20_000)).toBe(true);
      const exited = new Promise<NodeJS.Signals | null>((r) => child.on("exit", (_, s) => r(s)));
      child.kill("SIGKILL");
      expect(await exited).toBe("SIGKILL");
      expect(await until(() => !existsSync(dir), 5_000)).toBe(true);
      expect(readdirSync(base)).toEqual([]);
    },
    30_000,
  );
});
