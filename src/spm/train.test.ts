import { describe, expect, it } from "vitest";
import { initEngine } from "../engine/jax.js";
import { policyGroups } from "../rl/policy.js";
import { PpoLearner, defaultPpoConfig } from "../rl/ppo.js";
import { SpmRlEnv } from "./rl-env.js";
import { additive } from "./settings/additive.js";
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

  it("per-class prices: the price head has one (μ, log σ) per item class", async () => {
    await initEngine();
    const stat = statistics.build("items-agents", "s").value;
    for (const [setting, prices, K] of [
      [inventory(), "per-class", 1],
      [inventory(), "per-item", 10],
      [additive(), "per-class", 2],
    ] as const) {
      const env = new SpmRlEnv(setting, stat, 4, "welfare", false, prices);
      const learner = new PpoLearner(env, { ...defaultPpoConfig, seed: 1, iterations: 1 });
      const { actor, logStd } = policyGroups(learner.params);
      expect(actor.priceHead[0].shape, `${setting.name} ${prices}`).toEqual([64, K]);
      expect(actor.priceHead[1].shape).toEqual([K]); // the bias: μ ≈ it at the start
      expect(logStd.shape).toEqual([K]);
      learner.dispose();
    }
  });

  it("per-class run: same seed ⇒ same numbers; one price for all identical items", async () => {
    const run = (prices: "per-class" | "per-item") =>
      trainSpm({
        setting: inventory(4, 3),
        statistic: statistics.build("price-allocation", "s").value,
        prices,
        seed: 3,
        steps: 800,
        batch: 32,
        evalEvery: 2,
        evalEpisodes: 100,
        finalEpisodes: 200,
      });
    const a = await run("per-class");
    const b = await run("per-class");
    expect(a.prices).toBe("per-class");
    expect(b.curve).toEqual(a.curve);
    expect(b.final).toEqual(a.final);
    expect(b.firstRound).toEqual(a.firstRound);
    // The environment receives the class's price on each of the 3 identical items.
    expect(a.firstRound.prices).toHaveLength(3);
    expect(new Set(a.firstRound.prices).size).toBe(1);
    const c = await run("per-item");
    expect(c.prices).toBe("per-item");
    expect(new Set(c.firstRound.prices).size).toBe(3);
  });
});
