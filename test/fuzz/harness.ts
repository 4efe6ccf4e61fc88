// Shared pieces of the fuzz suite (docs/testing.md): in-process CLI runs and the property every
// case must have — exit 0, or exit 2 with exactly one `mechlab: ` line on stderr — within a
// time bound, leaving no partial file.
import { readdirSync } from "node:fs";
import fc from "fast-check";
import { expect } from "vitest";
import { reportError, runCli, type CliIo } from "../../src/cli/run-cli.js";
import { progressSettings } from "../../src/cli/progress.js";
import { UsageError } from "../../src/core/errors.js";

/** Per case: generous, since the suite shares a loaded machine; the suite itself takes < 1 min. */
export const CASE_MS = 5000;

export interface Outcome {
  code: number;
  out: string;
  err: string;
  ms: number;
}

export async function cli(argv: string[]): Promise<Outcome> {
  const r = { out: "", err: "" };
  const io: CliIo = { stdout: (s) => (r.out += s), stderr: (s) => (r.err += s) };
  progressSettings.lineSeconds = 3600; // no progress lines inside the one-line check
  const t0 = performance.now();
  const code = await runCli(argv, io);
  return { code, ...r, ms: performance.now() - t0 };
}

/** The property of every case. */
export function expectClean(o: Outcome, what: string): void {
  const label = `${what}\n→ exit ${o.code}, stderr: ${o.err}`;
  expect([0, 2], label).toContain(o.code);
  if (o.code === 2) {
    expect(o.err.endsWith("\n") && o.err.split("\n").length === 2, label).toBe(true);
    expect(o.err.startsWith("mechlab: "), label).toBe(true);
  }
  expect(o.ms, label).toBeLessThan(CASE_MS);
}

/** A library entry point: returns, or throws a UsageError that the CLI prints in one line. */
export function expectUsageOrOk(f: () => unknown, what: string): "ok" | "usage" {
  try {
    f();
    return "ok";
  } catch (e) {
    expect(e, `${what}: ${String(e)}\n${(e as Error).stack}`).toBeInstanceOf(UsageError);
    let err = "";
    expect(reportError(e, { stdout: () => {}, stderr: (s) => (err += s) })).toBe(2);
    expectClean({ code: 2, out: "", err, ms: 0 }, what);
    return "usage";
  }
}

/** No temporary or partial files (`.x.partial`, `.x.old`, `*.partial`) left in a folder. */
export function expectNoPartial(dir: string): void {
  const left = readdirSync(dir).filter((f) => f.startsWith(".") || f.endsWith(".partial"));
  expect(left, dir).toEqual([]);
}

// ---- generators --------------------------------------------------------------------------

/** One edit of a string: insert, delete or replace a character. */
export const typo = (s: string): fc.Arbitrary<string> =>
  fc
    .tuple(fc.nat({ max: Math.max(0, s.length) }), fc.constantFrom(..."abcdefgxyz-_0123(),= "))
    .chain(([at, ch]) =>
      fc.constantFrom(
        s.slice(0, at) + ch + s.slice(at),
        s.slice(0, at) + s.slice(at + 1),
        s.slice(0, at) + ch + s.slice(at + 1),
      ),
    );

/** Strings that break parsers: separators, brackets, quotes, unicode, control characters. */
export const nasty = fc.oneof(
  fc.constantFrom("", " ", ",", "=", "(", ")", "()", "((", "a=b", ";", ";;", "\n", "\t", "'", '"'),
  fc.constantFrom("NaN", "Infinity", "-Infinity", "1e309", "-0", "0x10", "1_000", "١", "∞", "é"),
  fc.string({ maxLength: 12 }),
  fc.string({ unit: "grapheme", maxLength: 6 }),
);

/** Numbers near and past the edges of a range, and ordinary ones. */
export const edgeNumber = (min = 0, max = 10): fc.Arbitrary<string> =>
  fc
    .oneof(
      fc.constantFrom(min, max, min - 1, max + 1, min + 0.5, (min + max) / 2, -1, 0, 1, 2, 3),
      fc.integer({ min: -5, max: 20 }),
      fc.double({ min: -10, max: 10, noNaN: true }),
    )
    .map(String);
