// `mechlab design` refuses a participation notion the designer cannot honour: exit 2 and one
// message naming the designer, the notion and what is allowed, before any work.
import { describe, expect, it } from "vitest";
import { cli } from "./cli-process.js";

describe("participation notions on the command line", () => {
  it("refuses notions a designer cannot honour (exit 2, designer, notion and allowed named)", async () => {
    const [sgda, handicap] = await Promise.all([
      cli(
        "design",
        ...["--problem", "bandit-auction(horizon=2)", "--designer", "penalty"],
        ...["--payments", "free", "--ir", "periodic", "--budget", "1"],
      ),
      cli(
        "design",
        ...["--problem", "bandit-auction(values=continuous)", "--designer", "handicap"],
        ...["--subsidies", "none"],
      ),
    ]);
    expect(sgda.code).toBe(2);
    expect(sgda.err).toMatch(
      /mechlab: --ir: designer penalty with --payments free cannot enforce ir=periodic; allowed: ex-ante, interim/,
    );
    expect(handicap.code).toBe(2);
    expect(handicap.err).toMatch(/handicap cannot enforce subsidies=none; allowed: allowed/);
  }, 180_000);
});
