import { describe, expect, it } from "vitest";
import { inventory } from "./settings/inventory.js";
import { OptimalSpm } from "./optimal-spm.js";
import { statistics } from "./statistics.js";
import { trainSpm } from "./train.js";

const agents = statistics.build("agents", "statistic").value;

describe("PPO on SPMs", () => {
  it.each(["clipped-gaussian", "logit-normal"] as const)(
    "smoke (%s prices): learns the optimal SPM of inventory(2 agents, 1 item)",
    async (actionDist) => {
      // Values i.i.d. on {½, 1}. Optimum 0.875 (price in (½,1) to the first agent, then below
      // ½); every anonymous static price gives 0.75 — so > 0.85 needs personalized prices.
      const setting = inventory(2, 1);
      const opt = new OptimalSpm(setting).value();
      expect(opt).toBeCloseTo(0.875, 12);
      const r = await trainSpm({
        setting,
        statistic: agents,
        seed: 1,
        steps: 5000,
        batch: 64,
        evalEvery: 10,
        evalEpisodes: 200,
        finalEpisodes: 4000,
        ppo: { lr: 5e-3, actionDist },
      });
      expect(r.final.value).toBeGreaterThan(0.85);
      expect(r.final.value).toBeLessThan(opt + 4 * r.final.stderr!);
    },
  );

  it("same seed ⇒ same numbers; another seed ⇒ different numbers", async () => {
    const run = (seed: number) =>
      trainSpm({
        setting: inventory(3, 2),
        statistic: statistics.build("price-allocation", "s").value,
        seed,
        steps: 600,
        batch: 32,
        evalEvery: 2,
        evalEpisodes: 100,
        finalEpisodes: 200,
      });
    const a = await run(5);
    const b = await run(5);
    const c = await run(6);
    expect(b.curve).toEqual(a.curve);
    expect(b.final).toEqual(a.final);
    expect(b.firstRound).toEqual(a.firstRound);
    expect(c.firstRound).not.toEqual(a.firstRound);
  });
});
