import { describe, expect, it } from "vitest";
import { cli } from "./cli-process.js";

describe("mechlab design with an NPG designer", () => {
  it("refuses an unknown start or tie rule with exit 2, naming the parameter", async () => {
    const problem = "bandit-auction(horizon=2,discount=1)";
    for (const [designer, field] of [
      ["npg-penalty(start=vcg)", "start"],
      ["npg-acceptance(ties=random)", "ties"],
    ]) {
      const r = await cli("design", "--problem", problem, "--designer", designer, "--budget", "5");
      expect(r.code).toBe(2);
      expect(r.err).toMatch(new RegExp(`mechlab: .*${field}`));
      expect(r.err).toMatch(/handicap|second-price/);
    }
  });
});
