// `mechlab pricing --out DIR`: a run directory whose report.html shows the benchmarks, the
// policy's ratios ± s.e. and the prices it posted; `mechlab report DIR` rebuilds it.
import { describe, expect, it } from "vitest";
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { cli } from "./cli-process.js";

const dir = mkdtempSync(join(tmpdir(), "mechlab-pricing-report-"));

describe("pricing --out", () => {
  it("a posted price of 1.5 on values 1, 2, 3 and two units: welfare 5, the optimum, price 1.5", async () => {
    const inst = join(dir, "tiny.json");
    writeFileSync(
      inst,
      JSON.stringify({
        supplies: [2],
        agents: [3, 2, 1].map((v) => ({ options: [{ value: v, consumption: [1] }] })),
      }),
    );
    const out = join(dir, "run");
    const args = ["pricing", "--instance", inst, "--algorithm", "fixed-price(price=1.5)"];
    const r = await cli(...args, "--order", "reversed", "--runs", "3", "--out", out);
    expect(r.code).toBe(0);
    expect(r.out).toContain(`run directory: ${out}`);
    expect(readdirSync(out).sort()).toEqual(["report.html", "result.json"]);
    const j = JSON.parse(readFileSync(join(out, "result.json"), "utf8"));
    expect(j.format).toBe("mechlab.pricing-result");
    expect(j.command).toContain("fixed-price(price=1.5)");
    // Value 1 arrives first and declines at 1.5; values 2 and 3 buy: welfare 5 = the optimum.
    expect(j.welfare).toEqual({ value: 5, exact: false, stderr: 0 });
    expect(j.meanPrice).toEqual([{ value: 1.5, exact: false, stderr: 0 }]);
    const html = readFileSync(join(out, "report.html"), "utf8");
    expect(html).toContain("<h2>Online pricing</h2>");
    expect(html).toMatch(/welfare \/ hindsight optimum \(IP\)<\/td><td>1\.0000 ± 0\.0000/);
    expect(html).toMatch(/ex-ante LP<\/td><td>5\.0000 <span class=tag>exact/);
    expect(html).toContain("<tr><td>0</td><td>1.5000 ± 0.0000 <span class=tag>sampled</span>");
    expect(html).not.toContain("<h2>Mechanism explorer</h2>");
    // Rebuilt from result.json alone.
    rmSync(join(out, "report.html"));
    expect((await cli("report", out)).code).toBe(0);
    expect(readFileSync(join(out, "report.html"), "utf8")).toContain("1.5000 ± 0.0000");
    // An existing run is not replaced without --force.
    const again = await cli(...args, "--out", out);
    expect(again.code).toBe(2);
    expect(again.err).toMatch(/--out: .* already holds a run/);
  }, 60_000);
});
