// A progress bar on stderr for anything that takes more than a few seconds. Silent when
// stderr is not a terminal (CI, pipes) or when --json output is requested.
import cliProgress from "cli-progress";

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
