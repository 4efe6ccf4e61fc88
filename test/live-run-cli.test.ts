// A design run's live folder (<out>.running/) goes when the run is stopped by a signal: Ctrl-C on
// a designer without checkpoints (whose loop is synchronous: the default SIGINT ends the
// process at once) and SIGTERM on one with checkpoints (its checkpoint stays for --resume).
import { describe, expect, it } from "vitest";
import { spawn } from "node:child_process";
import { existsSync, mkdtempSync, readdirSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function until(cond: () => boolean, ms: number): Promise<boolean> {
  for (const t0 = Date.now(); Date.now() - t0 < ms; await sleep(50)) if (cond()) return true;
  return cond();
}

/** Start `mechlab design … --out DIR`, wait for `afterRows` live rows, send `signal`. */
async function stopDesign(args: string[], signal: NodeJS.Signals, afterRows: number) {
  const base = mkdtempSync(join(tmpdir(), "mechlab-signal-"));
  const out = join(base, "run");
  const child = spawn(process.execPath, [
    "--import",
    "tsx",
    "src/cli/main.ts",
    "design",
    ...args,
    "--out",
    out,
  ]);
  let err = "";
  child.stderr.setEncoding("utf8").on("data", (d: string) => (err += d));
  const ended = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((r) =>
    child.on("exit", (code, s) => r({ code, signal: s })),
  );
  const metrics = join(`${out}.running`, "metrics.jsonl");
  const rows = () => {
    try {
      return readFileSync(metrics, "utf8").split("\n").length - 1;
    } catch {
      return 0; // not yet written
    }
  };
  const started = await until(() => rows() >= afterRows, 60_000);
  child.kill(signal);
  const exit = await ended;
  const gone = await until(() => !existsSync(`${out}.running`), 5_000);
  return { started, exit, gone, files: readdirSync(base), err };
}

describe("design --out stopped by a signal", () => {
  it("Ctrl-C on a designer without checkpoints: killed by SIGINT, nothing left", async () => {
    const r = await stopDesign(
      [
        "--problem",
        "bandit-auction(horizon=1)",
        "--designer",
        "random-search",
        "--budget",
        "1000000",
      ],
      "SIGINT",
      1,
    );
    expect(r.started).toBe(true);
    expect(r.exit).toEqual({ code: null, signal: "SIGINT" }); // a shell reports 130
    expect(r.gone).toBe(true);
    expect(r.files).toEqual([]);
  }, 90_000);

  it("SIGTERM on a designer with checkpoints: killed by SIGTERM, only the checkpoint left", async () => {
    const r = await stopDesign(
      ["--problem", "bandit-auction(horizon=1)", "--designer", "bilevel", "--budget", "100000"],
      "SIGTERM",
      12, // past the first checkpoint (every 10 steps)
    );
    expect(r.started).toBe(true);
    expect(r.exit).toEqual({ code: null, signal: "SIGTERM" }); // a shell reports 143
    expect(r.gone).toBe(true);
    expect(r.files).toEqual(["run.checkpoint.json"]);
  }, 90_000);
});
