// report.html in a real browser: the curves render, the explorer opens nodes and jumps to a
// best-response deviation, no console errors, no network requests.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import type { BrowserContext } from "playwright-core";
import { buildMechanism, buildProblem, evaluate, saveMechanism } from "../../src/index.js";
import { runReportHtml } from "../../src/report/html/run-report.js";
import { launch, watch } from "./browser.js";

let browser: BrowserContext;
beforeAll(async () => {
  browser = await launch();
});
afterAll(async () => {
  await browser?.close();
});

describe("report.html in chromium", () => {
  it("renders curves, expands the explorer and finds the deviation, without errors", async () => {
    const problem = buildProblem("bandit-auction(horizon=2)");
    const mech = buildMechanism("first-price", problem);
    const certificate = evaluate(problem, mech, { mode: "exact" });
    const files = {
      "result.json": JSON.stringify({ problem: problem.name, certificate }),
      "mechanism.json": JSON.stringify(saveMechanism(mech, problem)),
      "metrics.csv": "step,revenue,phase\n0,1,adam\n1,1.5,adam\n2,1.7,flip\n",
    };
    const dir = mkdtempSync(join(tmpdir(), "mechlab-report-"));
    const file = join(dir, "report.html");
    writeFileSync(file, runReportHtml(files, "first-price"));

    const page = await browser.newPage();
    const seen = watch(page);
    await page.goto(pathToFileURL(file).href);
    // vega-embed draws the curves as SVG with one path per line.
    await page.waitForSelector("#curves svg path.mark-line, #curves svg .mark-line path", {
      timeout: 30_000,
    });
    expect(await page.locator("#curves svg path").count()).toBeGreaterThan(0);

    // Open the root: its table lists all 9 report profiles, with nested child nodes.
    await page.click("#explorer details.node > summary");
    const rows = page.locator("#explorer details.node[open] > .node-body > table tr");
    // The body is filled by the toggle handler: wait for it (count() does not wait).
    await rows.first().waitFor({ timeout: 10_000 });
    expect(await rows.count()).toBe(10);
    expect(await page.locator("#explorer details.node[open] details.node").count()).toBeGreaterThan(
      0,
    );

    // The first deviation link opens the path to its node and marks it.
    await page.click("#explorer ol.devs a");
    await page.locator("#explorer details.flash[open] p.dev").first().waitFor({ timeout: 10_000 });
    expect(await page.locator("#explorer details.flash[open] p.dev").count()).toBeGreaterThan(0);

    const shots = process.env.MECHLAB_SCREENSHOTS;
    if (shots) {
      mkdirSync(shots, { recursive: true });
      await page.screenshot({ path: join(shots, "report-test.png"), fullPage: false });
    }
    expect(seen.errors).toEqual([]);
    expect(seen.requests).toEqual([]);
    await page.close();
  });
});
