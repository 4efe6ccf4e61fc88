// Ctrl-C in the certification that follows training (minutes for a T = 5 candidate) stops the
// run at once, as Ctrl-C in training does: exit 130, nothing written, the live folder gone, and
// the checkpoint of the trained state kept, so that --resume certifies without training again.
import { spawn } from "node:child_process";
import { existsSync, mkdtempSync, readdirSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function until(cond: () => boolean, ms: number): Promise<boolean> {
  for (const t0 = Date.now(); Date.now() - t0 < ms; await sleep(50)) if (cond()) return true;
  return cond();
}

describe("design: Ctrl-C during certification", () => {
  it("exits 130 within seconds, writes nothing, keeps the trained checkpoint", async () => {
    const base = mkdtempSync(join(tmpdir(), "mechlab-certify-sigint-"));
    const out = join(base, "run");
    // A sampled certificate (continuous types) takes a minute or more here; training 3 steps.
    const child = spawn(process.execPath, [
      "--import",
      "tsx",
      "src/cli/main.ts",
      "design",
      "--problem",
      "bandit-auction(values=continuous,horizon=2)",
      "--designer",
      "penalty",
      "--budget",
      "3",
      "--out",
      out,
    ]);
    let err = "";
    child.stderr.setEncoding("utf8").on("data", (d: string) => (err += d));
    const ended = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((r) =>
      child.on("exit", (code, s) => r({ code, signal: s })),
    );
    const certifying = () => {
      try {
        return readFileSync(join(`${out}.running`, "metrics.jsonl"), "utf8").includes(
          '"phase":"certify 1/1',
        );
      } catch {
        return false; // not yet written
      }
    };
    expect(await until(certifying, 120_000)).toBe(true);
    child.kill("SIGINT");
    const t0 = Date.now();
    const exit = await ended;
    const seconds = (Date.now() - t0) / 1000;
    expect(exit).toEqual({ code: 130, signal: null });
    // Certifying the candidate alone takes over a minute here: 30 s still tells prompt from not.
    expect(seconds).toBeLessThan(30);
    expect(err).toMatch(
      /mechlab: interrupted \(Ctrl-C\) in certification \(training done: 3 steps\); nothing written; checkpoint .*run\.checkpoint\.json; continue with the same command plus --resume/,
    );
    expect(await until(() => !existsSync(`${out}.running`), 30_000)).toBe(true);
    expect(readdirSync(base)).toEqual(["run.checkpoint.json"]);
    const ckpt = JSON.parse(readFileSync(join(base, "run.checkpoint.json"), "utf8"));
    expect(ckpt.trained).toBe(true);
    expect(ckpt.nextStep).toBe(4);
  }, 180_000);
});
