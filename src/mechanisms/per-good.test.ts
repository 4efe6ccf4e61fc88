import { describe, expect, it } from "vitest";
import { designBilevel } from "../designers/exact-game/bilevel.js";
import { bilevelConfig } from "../designers/exact-game/bilevel-types.js";
import { Rng } from "../engine/rng.js";
import { evaluate } from "../evaluation/evaluate.js";
import { buildProblem } from "../problems/registry.js";
import type { PeriodRecord } from "../problems/types.js";
import { PerGoodMechanism } from "./per-good.js";
import { buildMechanism } from "./registry.js";
import { loadMechanism, saveMechanism } from "./saved.js";

describe("per-good mechanism (independent goods)", () => {
  it("second price run good by good is the two-good second-price auction, on random histories", () => {
    const two = buildProblem("bandit-auction(items=2,agents=3,horizon=4)");
    const one = two.marginal!(0);
    expect(one.goods).toBe(1);
    const composed = new PerGoodMechanism(3, [
      buildMechanism("second-price(reserve=1.5)", one),
      buildMechanism("second-price(reserve=1.5)", one),
    ]);
    const direct = buildMechanism("second-price(reserve=1.5)", two);
    const rng = new Rng(5);
    const draw = () => Float64Array.from({ length: 6 }, () => 1 + Math.floor(3 * rng.uniform()));
    const history: PeriodRecord[] = [];
    for (let t = 0; t < 4; t++) {
      const reports = draw();
      const a = composed.outcome(history, reports);
      const b = direct.outcome(history, reports);
      expect(Array.from(a.alloc)).toEqual(Array.from(b.alloc));
      for (let i = 0; i < 3; i++) expect(a.payments[i]).toBeCloseTo(b.payments[i], 12);
      history.push({ reports, outcome: a, consumption: two.sampleRealization(a, rng) });
    }
  });

  it("composing a designed single-good table: exactly IC, revenue and interim utilities add up", async () => {
    const two = buildProblem("bandit-auction(items=2,horizon=2)");
    const one = two.marginal!(0);
    const single = await designBilevel(one, bilevelConfig("bilevel(flips=20)", 5));
    const res = await designBilevel(two, bilevelConfig("bilevel(flips=20)", 5));
    expect(res.perGood).toEqual({ marginal: one.name, goods: 2 });
    const rep = res.certificate;
    expect(rep.exploitabilityNote).toMatch(/good by good/);
    expect(rep.exploitability.value).toBeLessThanOrEqual(1e-6);
    expect(rep.revenue.value).toBeCloseTo(2 * single.certificate.revenue.value, 9);
    // Interim utility of initial values (v1, v2) = u(v1) + u(v2) of the single-good design.
    const u1 = new Map(
      single.certificate.agents[0].utilityByInitialType!.map((t) => [t.type[0], t.utility.value]),
    );
    for (const t of rep.agents[0].utilityByInitialType!)
      expect(t.utility.value).toBeCloseTo(u1.get(t.type[0])! + u1.get(t.type[1])!, 9);
    // The good-by-good certificate is the joint exact evaluator's number, not a shortcut.
    const joint = evaluate(two, res.mechanism, { mode: "exact", joint: true });
    expect(joint.exploitabilityNote).not.toMatch(/good by good/);
    expect(joint.exploitability.value).toBeLessThanOrEqual(1e-6);
    expect(joint.revenue.value).toBeCloseTo(rep.revenue.value, 9);
    // Saved and loaded through the registry, the same numbers.
    const text = JSON.stringify(saveMechanism(res.mechanism, two, 0));
    const again = evaluate(two, loadMechanism(text, two, "mechanism.json"), { mode: "exact" });
    expect(again.revenue.value).toBe(rep.revenue.value);
  });

  it("good-by-good exact evaluation equals the joint one, also where deviations pay", () => {
    // First price is not IC: each good's best deviation gains, and the gains must add.
    const two = buildProblem("bandit-auction(items=2,horizon=2)");
    const one = two.marginal!(0);
    const mech = new PerGoodMechanism(2, [
      buildMechanism("first-price", one),
      buildMechanism("second-price(reserve=2)", one),
    ]);
    const byGood = evaluate(two, mech, { mode: "exact" });
    const joint = evaluate(two, mech, { mode: "exact", joint: true });
    expect(byGood.exploitabilityNote).toMatch(/good by good/);
    expect(byGood.exploitability.value).toBeGreaterThan(0.01);
    for (const key of ["revenue", "welfare", "exploitability", "minInterimUtility"] as const)
      expect(byGood[key]!.value).toBeCloseTo(joint[key]!.value, 9);
    for (let i = 0; i < 2; i++) {
      expect(byGood.agents[i].exploitability.value).toBeCloseTo(
        joint.agents[i].exploitability.value,
        9,
      );
      const jointByType = new Map(
        joint.agents[i].utilityByInitialType!.map((t) => [t.type.join(","), t]),
      );
      expect(byGood.agents[i].utilityByInitialType!.length).toBe(jointByType.size);
      for (const t of byGood.agents[i].utilityByInitialType!) {
        const u = jointByType.get(t.type.join(","))!;
        expect(t.probability).toBeCloseTo(u.probability!, 12);
        expect(t.utility.value).toBeCloseTo(u.utility.value, 9);
        expect(t.exploitability!.value).toBeCloseTo(u.exploitability!.value, 9);
      }
    }
  });

  it("refuses to load without state, or with the wrong number of goods", () => {
    const two = buildProblem("bandit-auction(items=2,horizon=2)");
    expect(() => buildMechanism("per-good", two)).toThrow(/per-good needs saved state/);
    const one = two.marginal!(0);
    const saved = saveMechanism(new PerGoodMechanism(2, [buildMechanism("myerson", one)]), two);
    expect(() => loadMechanism(JSON.stringify(saved), two, "f.json")).toThrow(/1 goods/);
  });
});
