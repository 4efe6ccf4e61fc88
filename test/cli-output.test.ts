// Output a researcher reads cold: the designer's internals only with --verbose, and a payment
// summary under the certificate that adds up.
import { describe, expect, it } from "vitest";
import { existsSync, mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { cli } from "./cli-process.js";

describe("design output", () => {
  it("prints internals only with --verbose and says how large the payments are", async () => {
    const args = ["design", "--problem", "bandit-auction(horizon=2,discount=1)"];
    const tiny = ["--designer", "bilevel(flips=2)", "--budget", "3"];
    const out = join(mkdtempSync(join(tmpdir(), "mechlab-")), "run");
    const [plain, verbose] = await Promise.all([
      cli(...args, ...tiny, "--out", out),
      cli(...args, ...tiny, "--verbose"),
    ]);
    // The live progress folder for the studio is gone once the run directory is written.
    expect(existsSync(join(out, "result.json"))).toBe(true);
    expect(existsSync(`${out}.running`)).toBe(false);
    expect(plain.code).toBe(0);
    expect(verbose.code).toBe(0);
    expect(plain.out).not.toMatch(/payment LPs|outer step|LP \d+ columns/);
    expect(verbose.out).toMatch(/payment LPs in .* s \(table \d+ rows; LP \d+ columns/);
    expect(verbose.out).toMatch(/chosen: outer step \d+/);
    expect(plain.out).not.toMatch(/-0\.0+\b/);
    // "payments: N entries … from a to b; k of them sit at …; m entries can be played …"
    const m =
      /payments: ([\d,]+) payment entries .*: from (-?[\d.]+) to (-?[\d.]+); ([\d,]+) of them .* ([\d,]+) entries can be played .* range from (-?[\d.]+) to (-?[\d.]+), mean (-?[\d.]+)/.exec(
        plain.out,
      );
    expect(m).not.toBeNull();
    const [entries, min, max, extremes, onPath, onMin, onMax, mean] = m!
      .slice(1)
      .map((x) => Number(x.replace(/,/g, "")));
    // Two agents, one payment each per (node, report profile): 9 profiles at the root alone.
    expect(entries % 2).toBe(0);
    expect(entries).toBeGreaterThanOrEqual(18);
    expect(extremes).toBeLessThanOrEqual(entries);
    expect(onPath).toBeLessThanOrEqual(entries);
    expect(min).toBeLessThanOrEqual(onMin);
    expect(onMax).toBeLessThanOrEqual(max);
    expect(mean).toBeGreaterThanOrEqual(onMin);
    expect(mean).toBeLessThanOrEqual(onMax);
  });
});
