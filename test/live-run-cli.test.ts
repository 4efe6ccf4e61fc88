// A design run's live folder (<out>.running/) goes when the run is stopped by a signal: Ctrl-C on
// a designer without checkpoints (whose loop is synchronous: the default SIGINT ends the
// process at once) and SIGTERM on one with checkpoints (its checkpoint stays for --resume).
import { describe, expect, it } from "vitest";
import { stopDesign } from "./cli-process.js";

/** Live rows written so far (one JSON line each). */
const rows = (n: number) => (metrics: string) => metrics.split("\n").length - 1 >= n;

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
      rows(1),
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
      rows(12), // past the first checkpoint (every 10 steps)
    );
    expect(r.started).toBe(true);
    expect(r.exit).toEqual({ code: null, signal: "SIGTERM" }); // a shell reports 143
    expect(r.gone).toBe(true);
    expect(r.files).toEqual(["run.checkpoint.json"]);
  }, 90_000);
});
