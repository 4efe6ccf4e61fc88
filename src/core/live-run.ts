// Live progress of a run still going. Run directories are written atomically at the end, so a
// running run keeps its progress beside the future directory, in `<out>.running/`:
// `live.json` (who writes it: pid, command, start time) and `metrics.jsonl` (one JSON object
// per step, appended as the loop reports it: a metric that first appears late, e.g. in a later
// phase, is kept; a CSV's columns would be fixed by the first step). The studio follows it by
// server-sent events.
//
// The folder goes when the run ends, however it ends: `close()` after the run directory is
// written, an "exit" handler for errors and process.exit, and a watchdog for signals (Ctrl-C
// on a designer without checkpoints, SIGTERM, SIGKILL). A JavaScript signal handler cannot do
// it: several designers' loops and every certification are synchronous, so the handler would
// run only when they end and Ctrl-C would stop nothing. The watchdog is a detached `sh` that
// reads a pipe from this process: the operating system closes the pipe when the process dies,
// however it dies, and the watchdog then removes the folder; `close()` writes a line instead,
// which ends it without removing anything. Where there is no `sh` (Windows) a folder left by a
// killed process names a pid that is gone: the studio lists it as stopped, never as a run (it
// holds no result.json).
import { spawn } from "node:child_process";
import { appendFileSync, mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import type { Callback, StepRecord } from "./callbacks.js";

export const LIVE_SUFFIX = ".running";
export const LIVE_INFO = "live.json";
export const LIVE_METRICS = "metrics.jsonl";

export interface LiveInfo {
  pid: number;
  command: string;
  /** ISO time the run started. */
  started: string;
  /** The run directory it will become, as given to the command. */
  out: string;
}

export const liveDirOf = (out: string) => `${out.replace(/[\\/]+$/, "")}${LIVE_SUFFIX}`;

/**
 * A callback that appends each step's record to `<out>.running/metrics.jsonl`. `close()`
 * removes the folder; so does the end of the process, by whatever means.
 */
export function liveRun(out: string, command: string): Callback & { close(): void } {
  const dir = liveDirOf(out);
  rmSync(dir, { recursive: true, force: true }); // a stale one from a killed run
  mkdirSync(dir, { recursive: true });
  // The watchdog first: a process killed after live.json appears (which is how the studio and
  // the tests see a live run) must already have one.
  const watchdog = removeWhenProcessDies(dir);
  const info: LiveInfo = { pid: process.pid, command, started: new Date().toISOString(), out };
  writeFileSync(join(dir, LIVE_INFO), JSON.stringify(info) + "\n");
  const file = join(dir, LIVE_METRICS);
  // Removed on every way out that runs JavaScript, a thrown error included.
  const remove = () => rmSync(dir, { recursive: true, force: true });
  process.once("exit", remove);
  return {
    onStep(r: StepRecord) {
      const row: Record<string, number | string | null> = { step: r.step };
      if (r.phase) row.phase = r.phase;
      for (const [k, v] of Object.entries(r.metrics)) row[k] = Number.isFinite(v) ? v : null;
      appendFileSync(file, JSON.stringify(row) + "\n");
    },
    close() {
      process.off("exit", remove);
      watchdog.release();
      remove();
    },
  };
}

/** A detached `sh` that removes `dir` when this process ends without `release()`. */
function removeWhenProcessDies(dir: string): { release(): void } {
  if (process.platform === "win32") return { release() {} };
  const child = spawn("sh", ["-c", 'if ! read -r _; then rm -rf -- "$1"; fi', "sh", dir], {
    detached: true, // its own process group: the terminal's Ctrl-C does not reach it
    stdio: ["pipe", "ignore", "ignore"],
  });
  child.on("error", () => {}); // no sh: the folder is listed as stopped instead
  child.stdin!.on("error", () => {}); // the watchdog gone already
  child.unref();
  (child.stdin as unknown as { unref(): void }).unref(); // it must not keep this process alive
  return { release: () => void child.stdin!.end("\n") };
}

/** The live.json of a `.running` folder, or undefined when it is not one. */
export function readLiveInfo(dir: string): LiveInfo | undefined {
  if (!dir.endsWith(LIVE_SUFFIX)) return undefined;
  try {
    const o = JSON.parse(readFileSync(join(dir, LIVE_INFO), "utf8")) as LiveInfo;
    return typeof o.pid === "number" ? o : undefined;
  } catch {
    return undefined;
  }
}

/** Whether the process that writes a live run still exists (on this machine). */
export function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === "EPERM";
  }
}
