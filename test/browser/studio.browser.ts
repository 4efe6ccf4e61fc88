// The studio in a real browser: the index lists a run, the comparison loads its report in a
// frame whose curves render, no console errors.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { serve } from "@hono/node-server";
import type { BrowserContext } from "playwright-core";
import { buildMechanism, buildProblem, evaluate, saveMechanism } from "../../src/index.js";
import { studioApp } from "../../src/studio/app.js";
import { launch, watch } from "./browser.js";

let browser: BrowserContext;
let server: ReturnType<typeof serve>;
let port = 0;
beforeAll(async () => {
  const root = mkdtempSync(join(tmpdir(), "mechlab-studio-"));
  const problem = buildProblem("bandit-auction(horizon=2)");
  for (const name of ["first-price", "second-price"]) {
    const mech = buildMechanism(name, problem);
    mkdirSync(join(root, name));
    const certificate = evaluate(problem, mech, { mode: "exact" });
    writeFileSync(
      join(root, name, "result.json"),
      JSON.stringify({ problem: problem.name, certificate }),
    );
    writeFileSync(join(root, name, "mechanism.json"), JSON.stringify(saveMechanism(mech, problem)));
    writeFileSync(join(root, name, "metrics.csv"), "step,revenue\n0,1\n1,2\n");
  }
  await new Promise<void>((resolve) => {
    server = serve({ fetch: studioApp(root).fetch, hostname: "127.0.0.1", port: 0 }, (info) => {
      port = (info as AddressInfo).port;
      resolve();
    });
  });
  browser = await launch();
});
afterAll(async () => {
  await browser?.close();
  server?.close();
});

describe("studio in chromium", () => {
  it("lists runs, compares two side by side with their reports, without errors", async () => {
    const page = await browser.newPage();
    const seen = watch(page);
    await page.goto(`http://127.0.0.1:${port}/`);
    expect(await page.locator("form table tr").count()).toBe(3);
    await page.check('input[value="first-price"]');
    await page.check('input[value="second-price"]');
    await page.click("button[type=submit]");
    await page.waitForURL(/\/compare\?/);
    const frames = page.locator("iframe");
    expect(await frames.count()).toBe(2);
    const first = page.frameLocator("iframe").first();
    await first.locator("#curves svg .mark-line path").first().waitFor({ timeout: 30_000 });
    const shots = process.env.MECHLAB_SCREENSHOTS;
    if (shots) await page.screenshot({ path: join(shots, "studio-test.png") });
    expect(seen.errors).toEqual([]);
    expect(seen.requests.filter((u) => !u.startsWith(`http://127.0.0.1:${port}/`))).toEqual([]);
    await page.close();
  });
});
