// A progress bar on stderr for anything that takes more than a few seconds. Silent when
// stderr is not a terminal (CI, pipes) or when --json output is requested.
import cliProgress from "cli-progress";
import type { Callback, StepRecord } from "../core/callbacks.js";

export interface Progress {
  update(done: number, payload?: Record<string, string | number>): void;
  stop(): void;
}

export function progressBar(
  total: number,
  label: string,
  enabled = process.stderr.isTTY,
): Progress {
  if (!enabled) return { update() {}, stop() {} };
  const bar = new cliProgress.SingleBar(
    {
      format: `${label} [{bar}] {percentage}% | {value}/{total} | ETA {eta_formatted} {info}`,
      stream: process.stderr,
      hideCursor: true,
    },
    cliProgress.Presets.shades_classic,
  );
  bar.start(total, 0, { info: "" });
  return {
    update(done, payload) {
      const info = payload
        ? Object.entries(payload)
            .map(([k, v]) => `${k}=${v}`)
            .join(" ")
        : "";
      bar.update(done, { info });
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
