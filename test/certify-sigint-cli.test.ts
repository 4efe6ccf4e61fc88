// Ctrl-C in the certification that follows training (minutes for a T = 5 candidate) stops the
// run at once, as Ctrl-C in training does: exit 130, nothing written, the live folder gone, and
// the checkpoint of the trained state kept, so that --resume certifies without training again.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { stopDesign } from "./cli-process.js";

describe("design: Ctrl-C during certification", () => {
  it("exits 130 within seconds, writes nothing, keeps the trained checkpoint", async () => {
    // A sampled certificate (continuous types) takes a minute or more here; training 3 steps.
    const args = ["--problem", "bandit-auction(values=continuous,horizon=2)"];
    const { started, exit, seconds, gone, base, files, err } = await stopDesign(
      [...args, "--designer", "penalty", "--budget", "3"],
      "SIGINT",
      (metrics) => metrics.includes('"phase":"certify 1/1'),
    );
    expect(started).toBe(true);
    expect(exit).toEqual({ code: 130, signal: null });
    // Certifying the candidate alone takes over a minute here: 30 s still tells prompt from not.
    expect(seconds).toBeLessThan(30);
    expect(err).toMatch(
      /mechlab: interrupted \(Ctrl-C\) in certification \(training done: 3 steps\); nothing written; checkpoint .*run\.checkpoint\.json; continue with the same command plus --resume/,
    );
    expect(gone).toBe(true);
    expect(files).toEqual(["run.checkpoint.json"]);
    const ckpt = JSON.parse(readFileSync(join(base, "run.checkpoint.json"), "utf8"));
    expect(ckpt.trained).toBe(true);
    expect(ckpt.nextStep).toBe(4);
  }, 180_000);
});
