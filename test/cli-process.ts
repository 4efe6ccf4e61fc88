// The `mechlab` command as a real process, for the CLI tests. Asynchronous: a test blocked on a
// synchronous spawn stops its vitest worker from reporting, which times out under load.
import { spawn } from "node:child_process";

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
