// The screenshots in docs/report.md, from a run directory (the default design run:
// `mechlab design --designer "bilevel(flips=60)" --budget 40 --out DIR`, as `npm start` designs):
//   npx tsx test/browser/screenshots.ts DIR
// writes docs/img/report-deviations.png (the report's "Where the best response deviates most")
// and docs/img/studio.png (the studio over a folder with DIR and a live run going).
import { cpSync, mkdtempSync } from "node:fs";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { serve } from "@hono/node-server";
import { liveRun } from "../../src/core/live-run.js";
import { studioApp } from "../../src/studio/app.js";
import { launch } from "./browser.js";

const run = process.argv[2];
if (!run) throw new Error("usage: npx tsx test/browser/screenshots.ts RUN_DIR");
const img = resolve(import.meta.dirname, "..", "..", "docs", "img");
const root = mkdtempSync(join(tmpdir(), "mechlab-shots-"));
cpSync(run, join(root, "default-design"), { recursive: true });
const live = liveRun(
  join(root, "longer-design"),
  "mechlab design --budget 400 --out longer-design",
);
for (let step = 1; step <= 12; step++)
  live.onStep!({ step, phase: "adam", metrics: { revenue: 7 + step / 100 } }, undefined);

const server = await new Promise<ReturnType<typeof serve>>((done) => {
  const s = serve({ fetch: studioApp(root, 200).fetch, hostname: "127.0.0.1", port: 0 }, () =>
    done(s),
  );
});
const port = (server.address() as AddressInfo).port;
const browser = await launch();
try {
  const page = await browser.newPage();
  await page.goto(`http://127.0.0.1:${port}/`);
  await page.waitForFunction(() => document.body.textContent!.includes("steps, last"));
  await page.screenshot({ path: join(img, "studio.png") });
  await page.goto(`http://127.0.0.1:${port}/runs/default-design/report.html`);
  const section = page.locator("h2", { hasText: "Where the best response deviates most" });
  await section.scrollIntoViewIfNeeded();
  await page.evaluate(() => {
    const h = [...document.querySelectorAll("h2")].find((e) =>
      e.textContent!.startsWith("Where the best response"),
    )!;
    window.scrollTo(0, h.getBoundingClientRect().top + window.scrollY - 10);
  });
  await page.screenshot({ path: join(img, "report-deviations.png") });
} finally {
  await browser.close();
  server.close();
  live.close();
}
process.stdout.write(
  `wrote ${join(img, "studio.png")} and ${join(img, "report-deviations.png")}\n`,
);
