import { describe, expect, it } from "vitest";
import { UsageError } from "../../core/errors.js";
import { PerGoodMechanism } from "../../mechanisms/per-good.js";
import { loadMechanism, saveMechanism } from "../../mechanisms/saved.js";
import { buildProblem } from "../../problems/registry.js";
import { designHandicap, handicapConfig } from "./handicap-designer.js";
import { handicapResultJson } from "./report.js";

const TINY =
  "handicap(scales=0.8;1.2,nodes=5,fee-samples=300,level-samples=2000,interim-samples=300,samples=500,adversary=2)";

describe("handicap designer (continuous types)", () => {
  it("tiny end-to-end run: keeps the best scale, certifies by sampling, states interim IR per type", () => {
    const p = buildProblem("bandit-auction(values=continuous,horizon=2)");
    const res = designHandicap(p, handicapConfig(TINY), 3);
    expect(res.candidates.map((c) => c.scale)).toEqual([0.8, 1.2]);
    const best = Math.max(...res.candidates.map((c) => c.profit.value));
    expect(res.candidates[res.chosen].profit.value).toBe(best);
    expect(res.certificate.mode).toBe("sampled");
    expect(res.certificate.exploitability.lowerBound).toBe(true);
    expect(res.certificate.exploitabilityNote).toMatch(/trained from scratch/);
    expect(res.interim).toHaveLength(2);
    for (const byType of res.interim) {
      expect(byType.map((t) => t.quantile)).toHaveLength(9);
      expect(byType.every((t) => t.utility.stderr! > 0)).toBe(true);
    }
    const json = handicapResultJson(res, p.name, 3, {}, []) as Record<string, unknown>;
    expect(json.minInterimUtility).toEqual(res.minInterimUtility);
    // Same seed, same numbers.
    const again = designHandicap(p, handicapConfig(TINY), 3);
    expect(again.certificate.revenue).toEqual(res.certificate.revenue);
  });

  it("certify-update=npg trains the certificate's fresh adversary with natural-gradient steps", () => {
    const p = buildProblem("bandit-auction(values=continuous,horizon=2)");
    const cfg = handicapConfig(TINY.replace("adversary=2", "adversary=2,certify-update=npg"));
    const res = designHandicap(p, cfg, 3);
    expect(res.certificate.exploitabilityNote).toMatch(/REINFORCE with natural-gradient steps/);
    expect(res.designer).toMatch(/,certify-update=npg\)$/);
    expect(handicapConfig(TINY)).not.toHaveProperty("certifyUpdate");
    expect(() => handicapConfig("handicap(certify-update=sgd)")).toThrow(
      /certify-update.*adam, npg/,
    );
  });

  it("two goods: one design run per good, saved and loaded as a per-good mechanism", () => {
    const p = buildProblem("bandit-auction(values=continuous,horizon=2,items=2)");
    const res = designHandicap(p, handicapConfig(TINY.replace("adversary=2", "adversary=0")), 1);
    expect(res.perGood?.goods).toBe(2);
    expect(res.mechanism).toBeInstanceOf(PerGoodMechanism);
    const back = loadMechanism(JSON.stringify(saveMechanism(res.mechanism, p, 1)), p, "m.json");
    const r = Float64Array.of(2.4, 2.6, 2.55, 2.45);
    expect(Array.from(back.outcome([], r).payments)).toEqual(
      Array.from(res.mechanism.outcome([], r).payments),
    );
  });

  it("with a unit cost it keeps the best profit, not the best revenue", () => {
    // No handicap sells more (revenue) but gives units to buyers worth less than their cost.
    const p = buildProblem("bandit-auction(values=continuous,horizon=3,cost=2.3)");
    const cfg = handicapConfig(
      "handicap(scales=0;1,nodes=9,fee-samples=1000,level-samples=4000,interim-samples=200,samples=4000,adversary=0)",
    );
    const res = designHandicap(p, cfg, 2);
    const [none, pst] = res.candidates;
    expect(none.revenue.value).toBeGreaterThan(pst.revenue.value);
    expect(pst.profit.value).toBeGreaterThan(none.profit.value);
    expect(res.chosen).toBe(1);
  });

  it("refuses bad settings and discrete problems by name", () => {
    expect(() => handicapConfig("handicap(scales=a)")).toThrow(UsageError);
    expect(() => handicapConfig("handicap(scales=-1)")).toThrow(/scales/);
    expect(() => handicapConfig("handicap(nodes=2)")).toThrow(/nodes/);
    expect(() => designHandicap(buildProblem("bandit-auction"), handicapConfig(TINY), 0)).toThrow(
      /continuous/,
    );
  });
});
