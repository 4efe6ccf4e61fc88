// Progress on stderr for anything that takes more than a few seconds. On a terminal: a bar.
// Without one (CI, nohup, pipes, notebooks): a line every few seconds with the stage,
// done/total and the elapsed time, so that logs show life. Nothing with --json (runCli sets
// `progressSettings.json`) or when a caller disables it on a terminal.
import type CliProgress from "cli-progress";
import { createRequire } from "node:module";
import type { Callback, StepRecord } from "../core/callbacks.js";

// Loaded when a bar is first drawn: every command imports this module, few draw a bar.
const requireCjs = createRequire(import.meta.url);
const cliProgress = () => requireCjs("cli-progress") as typeof CliProgress;

export interface Progress {
  update(done: number, payload?: Record<string, string | number>): void;
  stop(): void;
}

export const progressSettings = {
  /** --json was given: no progress at all (set by runCli). */
  json: false,
  /** Seconds between progress lines without a terminal. */
  lineSeconds: 5,
  /** Where lines go (stderr; tests replace it). */
  write: (s: string) => void process.stderr.write(s),
  /** Whether stderr is a terminal (tests replace it). */
  isTTY: () => process.stderr.isTTY === true,
};

/**
 * A progress display for `total` units. `enabled` keeps its old meaning (callers pass
 * `!json && isTTY`): the bar on a terminal; without a terminal, lines are printed whenever
 * --json was not given.
 */
export function progressBar(
  total: number,
  label: string,
  enabled = process.stderr.isTTY,
): Progress {
  if (!progressSettings.isTTY())
    return progressSettings.json ? silent : progressLines(total, label);
  if (!enabled) return silent;
  const { SingleBar, Presets } = cliProgress();
  const bar = new SingleBar(
    {
      format: `${label} [{bar}] {percentage}% | {value}/{total} | ETA {eta_formatted} {info}`,
      stream: process.stderr,
      hideCursor: true,
    },
    Presets.shades_classic,
  );
  bar.start(total, 0, { info: "" });
  return {
    update(done, payload) {
      bar.update(done, { info: info(payload) });
    },
    stop() {
      bar.stop();
    },
  };
}

/**
 * A progress bar driven by a loop's StepRecords (src/core/callbacks.ts): the bar restarts when
 * the record's total changes or its step goes back (a new stage), and shows the record's phase
 * and metrics.
 */
export function progressCallback(
  label: string,
  enabled = process.stderr.isTTY,
): Callback & { stop(): void } {
  let bar: Progress | undefined;
  let total = 0;
  let last = 0;
  const stop = () => {
    bar?.stop();
    bar = undefined;
  };
  return {
    onStep(r: StepRecord) {
      const t = r.total ?? r.step;
      if (!bar || t !== total || r.step < last) {
        stop();
        total = t;
        bar = progressBar(t, label, enabled);
      }
      last = r.step;
      const shown: Record<string, string> = r.phase ? { phase: r.phase } : {};
      for (const [k, v] of Object.entries(r.metrics)) shown[k] = v.toPrecision(4);
      bar.update(Math.min(r.step, t), shown);
    },
    onEnd: stop,
    stop,
  };
}

const silent: Progress = { update() {}, stop() {} };

const info = (payload?: Record<string, string | number>) =>
  payload
    ? Object.entries(payload)
        .map(([k, v]) => `${k}=${v}`)
        .join(" ")
    : "";

/**
 * Lines for logs: `<label> <stage> <done>/<total> (<pct>%) <elapsed>s <info>`, at most one per
 * `lineSeconds`, checked on update (no timer, so nothing keeps the process alive), plus one
 * final line on stop if any line was printed before.
 */
export function progressLines(total: number, label: string): Progress {
  const t0 = performance.now();
  let last = t0;
  let printed = false;
  let latest = { done: 0, payload: undefined as Record<string, string | number> | undefined };
  const line = () => {
    const { done, payload } = latest;
    const { stage, ...rest } = payload ?? {};
    const pct = total > 0 ? ` (${Math.floor((100 * done) / total)}%)` : "";
    const secs = ((performance.now() - t0) / 1000).toFixed(0);
    const parts = [label, stage === undefined ? "" : String(stage), `${done}/${total}${pct}`];
    parts.push(`${secs}s`, info(rest));
    progressSettings.write(parts.filter(Boolean).join(" ") + "\n");
    printed = true;
  };
  return {
    update(done, payload) {
      latest = { done, payload };
      const now = performance.now();
      if (now - last >= progressSettings.lineSeconds * 1000) {
        last = now;
        line();
      }
    },
    stop() {
      if (printed) line();
    },
  };
}
