// Without a terminal, progress is a line every few seconds (stage, done/total, elapsed) unless
// --json; on a terminal the bar keeps its old switch.
import { afterEach, describe, expect, it } from "vitest";
import { progressBar, progressSettings } from "./progress.js";

const saved = { ...progressSettings };
afterEach(() => Object.assign(progressSettings, saved));

const capture = (opts: { tty: boolean; json: boolean; seconds: number }) => {
  const lines: string[] = [];
  Object.assign(progressSettings, {
    isTTY: () => opts.tty,
    json: opts.json,
    lineSeconds: opts.seconds,
    write: (s: string) => lines.push(s),
  });
  return lines;
};

describe("progress without a terminal", () => {
  it("prints stage, done/total, percent, elapsed and the payload; a last line on stop", () => {
    const lines = capture({ tty: false, json: false, seconds: 0 });
    // The callers' switch is `!json && isTTY`, false here: lines are printed anyway.
    const p = progressBar(40, "design", false);
    p.update(10, { stage: "adam", R: "1.5" });
    p.update(40, { stage: "vertex search" });
    p.stop();
    expect(lines).toHaveLength(3);
    expect(lines[0]).toMatch(/^design adam 10\/40 \(25%\) \d+s R=1\.5\n$/);
    expect(lines[2]).toMatch(/^design vertex search 40\/40 \(100%\) \d+s\n$/);
  });
  it("at most one line per interval", () => {
    const lines = capture({ tty: false, json: false, seconds: 3600 });
    const p = progressBar(1000, "x", false);
    for (let k = 0; k < 1000; k++) p.update(k);
    p.stop();
    expect(lines).toHaveLength(0);
  });
  it("nothing with --json, and nothing on a terminal when the caller disables the bar", () => {
    const a = capture({ tty: false, json: true, seconds: 0 });
    const p = progressBar(5, "x", false);
    p.update(1);
    p.stop();
    expect(a).toHaveLength(0);
    const b = capture({ tty: true, json: false, seconds: 0 });
    const q = progressBar(5, "x", false);
    q.update(1);
    q.stop();
    expect(b).toHaveLength(0);
  });
});
