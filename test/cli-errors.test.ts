// The one error path: user errors are one `mechlab:` line with exit 2, internal errors a short
// message with where to report (exit 1), stack traces only with --debug; typos get the
// closest known names.
import { spawnSync } from "node:child_process";
import { describe, expect, it } from "vitest";
import { closestNames, editDistance } from "../src/core/suggest.js";
import { reportError, runCli, type CliIo } from "../src/cli/run-cli.js";

const capture = () => {
  const io = { out: "", err: "" };
  const sink: CliIo = { stdout: (s) => (io.out += s), stderr: (s) => (io.err += s) };
  return { io, sink };
};
const run = async (...argv: string[]) => {
  const { io, sink } = capture();
  const code = await runCli(argv, sink);
  return { code, ...io };
};
const oneLine = (s: string) => s.trimEnd().split("\n").length === 1 && s.startsWith("mechlab: ");

describe("suggestions", () => {
  it("edit distance counts insertions, deletions and substitutions", () => {
    expect(editDistance("bilevl", "bilevel")).toBe(1);
    expect(editDistance("kitten", "sitting")).toBe(3);
    expect(editDistance("", "abc")).toBe(3);
  });
  it("the closest names come first; far names are not suggested", () => {
    const known = ["acceptance", "penalty", "lagrangian", "bilevel", "handicap"];
    expect(closestNames("bilevl", known)).toEqual(["bilevel"]);
    expect(closestNames("penalti", known)[0]).toBe("penalty");
    expect(closestNames("zzzzzz", known)).toEqual([]);
  });
});

describe("runCli error path", () => {
  it("a designer typo suggests bilevel, one line, exit 2", async () => {
    const r = await run("design", "--designer", "bilevl");
    expect(r.code).toBe(2);
    expect(oneLine(r.err)).toBe(true);
    expect(r.err).toMatch(/did you mean "bilevel"/);
  });
  it("problem, mechanism, parameter and choice typos suggest the registry's names", async () => {
    const cases: [string[], RegExp][] = [
      [["evaluate", "--problem", "bandit-auctoin", "--mechanism", "myerson"], /"bandit-auction"/],
      [["evaluate", "--mechanism", "myersn"], /did you mean "myerson"/],
      [["evaluate", "--mechanism", "second-price(reserv=1)"], /did you mean "reserve"/],
      [
        ["evaluate", "--mechanism", "myerson", "--mode", "exct"],
        /"exct" is not allowed; did you mean "exact"\? allowed: auto, exact, sampled/,
      ],
      [["reproduce", "ama-tabel-1"], /did you mean "ama-table-1"/],
    ];
    for (const [argv, re] of cases) {
      const r = await run(...argv);
      expect(r.code, argv.join(" ")).toBe(2);
      expect(oneLine(r.err), r.err).toBe(true);
      expect(r.err).toMatch(re);
    }
  });
  it("commander's own errors are one mechlab line with exit 2", async () => {
    for (const argv of [["nosuch"], ["evaluate"], ["evaluate", "--mechanism", "x", "--bogus"]]) {
      const r = await run(...argv);
      expect(r.code).toBe(2);
      expect(oneLine(r.err), r.err).toBe(true);
    }
    const v = await run("--version");
    expect(v.code).toBe(0);
    expect(v.out).toMatch(/\d+\.\d+/);
  });
  it("--mode exact on continuous types is a user error, not a stack trace", async () => {
    const r = await run(
      "evaluate",
      "--problem",
      "bandit-auction(values=continuous)",
      "--mechanism",
      "myerson",
      "--mode",
      "exact",
    );
    expect(r.code).toBe(2);
    expect(oneLine(r.err)).toBe(true);
    expect(r.err).toMatch(/--mode: exact evaluation needs a discrete problem/);
    expect(r.err).not.toMatch(/ at /);
  });
  it("fixed fuzz finds: output paths through a file, and file-system refusals, are user errors", async () => {
    const r = await run(
      "evaluate",
      "--problem",
      "bandit-auction(horizon=1)",
      "--mechanism",
      "myerson",
      "--out",
      "package.json/x.json",
    );
    expect(r.code).toBe(2);
    expect(r.err).toMatch(
      /^mechlab: --out: cannot write package.json\/x.json: .*package.json is a file/,
    );
    const d = await run("design", "--out", "package.json/run");
    expect(d.code).toBe(2);
    const e = Object.assign(new Error("EACCES: permission denied"), {
      code: "EACCES",
      path: "/x/y",
      syscall: "open",
    });
    const c = capture();
    expect(reportError(e, c.sink)).toBe(2);
    expect(c.io.err).toBe("mechlab: /x/y: cannot open (EACCES)\n");
  });
  it("an internal error: short message, where to report, exit 1; the stack only with --debug", () => {
    const e = new TypeError("x is undefined");
    const a = capture();
    expect(reportError(e, a.sink)).toBe(1);
    expect(a.io.err).toMatch(/^mechlab: internal error: TypeError: x is undefined\n.*report/);
    expect(a.io.err).not.toMatch(/\n\s+at /);
    const b = capture();
    expect(reportError(e, b.sink, true)).toBe(1);
    expect(b.io.err).toMatch(/\n\s+at /);
  });
});

describe("spawned (the real process: exit codes and streams)", () => {
  const spawn = (...args: string[]) => {
    const r = spawnSync(process.execPath, ["--import", "tsx", "src/cli/main.ts", ...args], {
      encoding: "utf8",
    });
    return { code: r.status, out: r.stdout, err: r.stderr };
  };
  it("user errors exit 2 with one line; the exact-size refusal comes at once", () => {
    const cases: [string[], RegExp][] = [
      [["evaluate", "--mechanism", "myerson", "--bogus"], /^mechlab: unknown option '--bogus'\n$/],
      [["design", "--designer", "bilevl"], /did you mean "bilevel"/],
      [
        [
          "evaluate",
          "--problem",
          "bandit-auction(agents=8,horizon=50)",
          "--mechanism",
          "myerson",
          "--mode",
          "exact",
        ],
        /^mechlab: --mode: exact evaluation is too large: about .* \(limit 5\.0e\+8\); use --mode sampled/,
      ],
      [["evaluate", "--mechanism", "tabular"], /--mechanism: tabular needs its table/],
    ];
    for (const [argv, re] of cases) {
      const r = spawn(...argv);
      expect(r.code, argv.join(" ")).toBe(2);
      expect(r.err).toMatch(re);
      expect(r.err.split("\n")).toHaveLength(2);
      expect(r.out).toBe("");
    }
  });
});
