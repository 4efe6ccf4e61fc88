// Run directories that cannot lie: existing runs refused unless --force, atomic replacement,
// interrupted runs marked, checkpoints gone after completion.
import { describe, expect, it } from "vitest";
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  writeFileSync,
} from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import {
  markInterrupted,
  prepareOutFile,
  prepareRunDir,
  removeCheckpoint,
  writeRunDir,
} from "../src/cli/run-dir.js";
import { runCli, type CliIo } from "../src/cli/run-cli.js";

const tmp = () => mkdtempSync(join(tmpdir(), "mechlab-rundir-"));
const quiet = () => {
  const io = { out: "", err: "" };
  const sink: CliIo = { stdout: (s) => (io.out += s), stderr: (s) => (io.err += s) };
  return { io, sink };
};

describe("run directories", () => {
  it("an existing run is refused (naming its problem) unless --force or --resume", () => {
    const dir = join(tmp(), "run");
    prepareRunDir(dir); // absent: fine
    writeRunDir(dir, { "result.json": JSON.stringify({ problem: "p(a=1)" }) });
    expect(() => prepareRunDir(dir)).toThrow(
      /--out: .* already holds a run \(problem p\(a=1\)\).*--force/,
    );
    expect(() => prepareRunDir(dir, { force: true })).not.toThrow();
    expect(() => prepareRunDir(dir, { resume: true })).not.toThrow();
    const empty = join(tmp(), "empty");
    mkdirSync(empty);
    expect(() => prepareRunDir(empty)).not.toThrow();
  });
  it("replacing a run is atomic: new files only, no temporary folders left", () => {
    const root = tmp();
    const dir = join(root, "run");
    writeRunDir(dir, { "a.txt": "old", "old-only.txt": "x" });
    writeRunDir(dir, { "a.txt": "new", "sub/b.txt": "b" });
    expect(readFileSync(join(dir, "a.txt"), "utf8")).toBe("new");
    expect(existsSync(join(dir, "old-only.txt"))).toBe(false);
    expect(readdirSync(root)).toEqual(["run"]);
  });
  it("a failed write leaves the old run in place", () => {
    const root = tmp();
    const dir = join(root, "run");
    writeRunDir(dir, { "a.txt": "old" });
    // A file whose parent is a file cannot be written.
    expect(() => writeRunDir(dir, { "x.txt": "1", "x.txt/y": "2" })).toThrow();
    expect(readFileSync(join(dir, "a.txt"), "utf8")).toBe("old");
    expect(readdirSync(root)).toEqual(["run"]);
  });
  it("an interrupted result says so first, with the reason", () => {
    const r = markInterrupted({ problem: "p", revenue: 1 }, "Ctrl-C");
    expect(Object.keys(r).slice(0, 2)).toEqual(["interrupted", "interruptedReason"]);
    expect(r).toMatchObject({ interrupted: true, interruptedReason: "Ctrl-C", revenue: 1 });
  });
  it("output files are refused when present unless --force; checkpoints are removed", () => {
    const f = join(tmp(), "r.json");
    prepareOutFile(f);
    writeFileSync(f, "{}");
    expect(() => prepareOutFile(f)).toThrow(/--out: .* exists; .*--force/);
    expect(() => prepareOutFile(f, { force: true })).not.toThrow();
    removeCheckpoint(f);
    expect(existsSync(f)).toBe(false);
  });
  it("design --out refuses an existing run before any work; --force replaces it and leaves no checkpoint", async () => {
    const dir = join(tmp(), "t3");
    writeRunDir(dir, { "result.json": JSON.stringify({ problem: "other" }) });
    const args = ["design", "--problem", "bandit-auction(horizon=2,discount=1)", "--budget", "2"];
    const a = quiet();
    expect(await runCli([...args, "--out", dir], a.sink)).toBe(2);
    expect(a.io.err).toMatch(/already holds a run \(problem other\)/);
    const b = quiet();
    expect(await runCli([...args, "--out", dir, "--force", "--json"], b.sink)).toBe(0);
    expect(JSON.parse(readFileSync(join(dir, "result.json"), "utf8")).interrupted).toBeUndefined();
    expect(existsSync(`${dir}.checkpoint.json`)).toBe(false);
  });
});
