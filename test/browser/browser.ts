// Launch Debian's chromium for page tests: headless, no sandbox (containers), nothing that
// reaches the network on its own, and a fresh empty profile.
import { existsSync, mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { chromium, type BrowserContext, type Page } from "playwright-core";

export const CHROMIUM = process.env.MECHLAB_CHROMIUM ?? "/usr/bin/chromium";

/** A browser context on a fresh, empty profile (playwright passes it as --user-data-dir). */
export async function launch(): Promise<BrowserContext> {
  if (!existsSync(CHROMIUM))
    throw new Error(`${CHROMIUM} not found: install it with \`apt-get install -y chromium\``);
  const profile = mkdtempSync(join(tmpdir(), "mechlab-chromium-"));
  return chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM,
    headless: true,
    viewport: { width: 1200, height: 900 },
    args: [
      "--headless",
      "--no-sandbox",
      "--disable-gpu",
      "--disable-quic",
      "--no-first-run",
      "--disable-background-networking",
      "--disable-component-update",
      "--disable-sync",
    ],
  });
}

/** Console errors, uncaught page errors and requests that left the machine, as they happen. */
export function watch(page: Page): { errors: string[]; requests: string[] } {
  const errors: string[] = [];
  const requests: string[] = [];
  page.on("console", (m) => {
    if (m.type() === "error") errors.push(m.text());
  });
  page.on("pageerror", (e) => errors.push(e.message));
  page.on("request", (r) => {
    if (!/^(file|data|about|blob):/.test(r.url())) requests.push(r.url());
  });
  return { errors, requests };
}
