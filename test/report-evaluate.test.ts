// `mechlab evaluate --out-dir DIR`: a run directory whose report.html shows the certificate.
import { describe, expect, it } from "vitest";
import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { cli } from "./cli-process.js";
import { buildMechanism, buildProblem, saveMechanism } from "../src/index.js";

describe("evaluate --out-dir", () => {
  it("first price, one period: result.json and a report with certificate, participation and explorer", async () => {
    const dir = join(mkdtempSync(join(tmpdir(), "mechlab-")), "run");
    const r = await cli(
      "evaluate",
      "--problem",
      "bandit-auction(horizon=1)",
      "--mechanism",
      "first-price",
      "--out-dir",
      dir,
    );
    expect(r.code).toBe(0);
    expect(readdirSync(dir).sort()).toEqual(["report.html", "result.json"]);
    const result = JSON.parse(readFileSync(join(dir, "result.json"), "utf8"));
    // Values uniform on {1,2,3}, truthful: revenue E[max] = (1·1 + 2·3 + 3·5)/9 = 22/9. Best
    // responses (value 2 bids 1, gain 1/6; value 3 bids 2, gain 1/2): 2/9 per agent, summed
    // over the two agents 4/9.
    expect(result.revenue.value).toBeCloseTo(22 / 9, 10);
    expect(result.exploitability.value).toBeCloseTo(4 / 9, 10);
    const html = readFileSync(join(dir, "report.html"), "utf8");
    const cert = html.slice(
      html.indexOf("<h2>Certificate</h2>"),
      html.indexOf("<h2>Participation"),
    );
    expect(cert).toContain("<tr><td>revenue</td><td>2.4444 <span class=tag>exact</span>");
    expect(cert).toContain("<tr><td>exploitability</td><td>0.4444 <span class=tag>exact</span>");
    expect(cert).toContain("<tr><td>information model</td><td>exact best response");
    expect(cert).toContain("<h3>Interim utilities (per initial type)</h3>");
    // Value 3's interim best-deviation gain is 1/2.
    expect(cert).toContain(
      "<tr><td>1</td><td>3</td><td>0.3333</td><td>0.0000 <span class=tag>exact</span></td><td>0.5000",
    );
    expect(html).toContain("<h2>Participation</h2>");
    expect(html).toContain("<p><b>Mechanism</b> <code>first-price(reserve=0)</code></p>");
    expect(html).toContain("<h2>Where the best response deviates most</h2>");
    expect(html).toContain('id="explorer-data"');
  }, 60_000);

  it("a saved mechanism is copied as mechanism.json and explored", async () => {
    const dir = mkdtempSync(join(tmpdir(), "mechlab-"));
    const problem = buildProblem("bandit-auction(horizon=1)");
    const file = join(dir, "sp.json");
    const text = JSON.stringify(saveMechanism(buildMechanism("second-price", problem), problem));
    writeFileSync(file, text);
    const out = join(dir, "run");
    const r = await cli(
      "evaluate",
      "--problem",
      problem.name,
      "--mechanism",
      file,
      "--out-dir",
      out,
    );
    expect(r.code).toBe(0);
    expect(readFileSync(join(out, "mechanism.json"), "utf8")).toBe(text);
    const html = readFileSync(join(out, "report.html"), "utf8");
    // Second price is truthful: exploitability 0 (up to rounding), and the explorer is there.
    expect(html).toMatch(/<tr><td>exploitability<\/td><td>0\.0000 <span class=tag>exact/);
    expect(html).toContain('id="explorer-data"');
  }, 60_000);

  it("refuses an existing run directory without --force, naming --out-dir", async () => {
    const dir = mkdtempSync(join(tmpdir(), "mechlab-"));
    const args = ["evaluate", "--problem", "bandit-auction(horizon=1)", "--mechanism", "myerson"];
    expect((await cli(...args, "--out-dir", join(dir, "run"))).code).toBe(0);
    const again = await cli(...args, "--out-dir", join(dir, "run"));
    expect(again.code).toBe(2);
    expect(again.err).toMatch(/^mechlab: --out-dir: .* already holds a run/);
  }, 60_000);
});
