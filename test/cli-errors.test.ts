// The one error path: user errors are one `mechlab:` line with exit 2, internal errors a short
// message with where to report (exit 1), stack traces only with --debug; typos get the
// closest known names.
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
