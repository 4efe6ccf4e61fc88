// The `mechlab` command as a real process, for the CLI tests. Asynchronous: a test blocked on a
// synchronous spawn stops its vitest worker from reporting, which times out under load.
import { spawn } from "node:child_process";
import { existsSync, mkdtempSync, readdirSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

export interface CliResult {
  code: number | null;
  out: string;
  err: string;
}

export const cli = (...args: string[]): Promise<CliResult> =>
  new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ["--import", "tsx", "src/cli/main.ts", ...args]);
    let out = "";
    let err = "";
    child.stdout.setEncoding("utf8").on("data", (d: string) => (out += d));
    child.stderr.setEncoding("utf8").on("data", (d: string) => (err += d));
    child.on("error", reject);
    child.on("close", (code) => resolve({ code, out, err }));
  });

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Poll `cond` every 50 ms for up to `ms`: whether it held. */
export async function until(cond: () => boolean, ms: number): Promise<boolean> {
  for (const t0 = Date.now(); Date.now() - t0 < ms; await sleep(50)) if (cond()) return true;
  return cond();
}

/**
 * Start `mechlab design … --out DIR`, wait until its live metrics (`DIR.running/metrics.jsonl`)
 * satisfy `ready`, send `signal`; how it ended, how long the exit took, whether the live folder
 * went, and what is left in DIR's parent.
 */
export async function stopDesign(
  args: string[],
  signal: NodeJS.Signals,
  ready: (metrics: string) => boolean,
) {
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
  const metrics = () => {
    try {
      return readFileSync(join(`${out}.running`, "metrics.jsonl"), "utf8");
    } catch {
      return ""; // not yet written
    }
  };
  const started = await until(() => ready(metrics()), 120_000);
  child.kill(signal);
  const t0 = Date.now();
  const exit = await ended;
  const seconds = (Date.now() - t0) / 1000;
  // Generous for a loaded machine: returns as soon as the folder is gone.
  const gone = await until(() => !existsSync(`${out}.running`), 30_000);
  return { started, exit, seconds, gone, base, files: readdirSync(base), err };
}
