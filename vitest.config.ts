import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["src/**/*.test.ts", "test/**/*.test.ts"],
    testTimeout: 120_000,
    setupFiles: ["./src/engine/polyfill.ts"],
    pool: "forks",
  },
});
