// `npm run test:browser`: pages in a real browser (Debian's chromium driven by playwright-core).
// Separate from `npm test` so that a machine without chromium still runs the main suite;
// .ci/run installs chromium and runs both.
import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["test/**/*.browser.ts"],
    testTimeout: 120_000,
    hookTimeout: 60_000,
    setupFiles: ["./src/engine/polyfill.ts"],
    pool: "forks",
  },
});
