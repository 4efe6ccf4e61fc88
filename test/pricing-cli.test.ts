import { describe, expect, it } from "vitest";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { cli } from "./cli-process.js";

const dir = mkdtempSync(join(tmpdir(), "mechlab-pricing-"));
const file = (name: string, doc: unknown) => {
  const p = join(dir, name);
  writeFileSync(p, JSON.stringify(doc));
  return p;
};

describe("mechlab pricing", () => {
  it("prints the documented JSON fields for a hand-checkable file instance", async () => {
    const inst = file("tiny.json", {
      supplies: [2],
      agents: [3, 2, 1].map((v) => ({ options: [{ value: v, consumption: [1] }] })),
    });
    const r = await cli(
      "pricing",
      "--instance",
      inst,
      "--algorithm",
      "first-come-first-served",
      "--order",
      "reversed",
      "--runs",
      "2",
      "--json",
    );
    expect(r.code).toBe(0);
    const j = JSON.parse(r.out);
    for (const k of [
      "welfare",
      "exAnteLp",
      "hindsightOptimum",
      "samples",
      "queries",
      "priceSpread",
    ])
      expect(j).toHaveProperty(k);
    expect(j.welfare.value).toBe(3); // values 1 then 2 take the two units
    expect(j.welfare.stderr).toBe(0);
    expect(j.hindsightOptimum.value).toBeCloseTo(5, 9);
    expect(j.exAnteLp.value).toBeCloseTo(5, 9);
    expect(j.samples).toBe(0);
    expect(j.queries).toBe(0);
    const q = await cli(
      "pricing",
      "--instance",
      "tie(k=20)",
      "--algorithm",
      "anonymous-random(queries=2000)",
      "--runs",
      "1",
      "--json",
    );
    expect(q.code).toBe(0);
    expect(JSON.parse(q.out).queries).toBe(2000);
  });

  it("rejects bad instances and names with exit 2 and the field", async () => {
    // (every field error is unit-tested in src/pricing/pricing.test.ts; here the exit code)
    const r = await cli(
      "pricing",
      "--instance",
      file("bad.json", { supplies: [-1], agents: [{ options: [] }] }),
    );
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/supplies\[0\]: must be a finite number ≥ 0/);
    const u = await cli("pricing", "--instance", "tiny", "--algorithm", "dual-prices(samples=0)");
    expect(u.code).toBe(2);
    expect(u.err).toMatch(/samples/);
  });

  it("lists the pricing algorithms", async () => {
    const r = await cli("list");
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/PRICING ALGORITHMS/);
    for (const n of [
      "dual-prices",
      "anonymous-random",
      "exponential-pricing",
      "fixed-price",
      "first-come-first-served",
    ])
      expect(r.out).toContain(n);
  });
});
