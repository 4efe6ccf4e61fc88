// The bilevel designer under participation notions, refusals of notions a designer cannot
// enforce, and the notion recorded in saved mechanisms.
import { describe, expect, it } from "vitest";
import { UsageError } from "../../core/errors.js";
import {
  DEFAULT_PARTICIPATION,
  IR_NOTIONS,
  type Participation,
} from "../../mechanisms/participation.js";
import { evaluate } from "../../evaluation/evaluate.js";
import { buildMechanism } from "../../mechanisms/registry.js";
import { sgdaLossNotion } from "../inverse-game/participation.js";
import { loadMechanism, saveMechanism, savedParticipation } from "../../mechanisms/saved.js";
import { buildProblem } from "../../problems/registry.js";
import { handicapConfig } from "../handicap/handicap-designer.js";
import type { TabularState } from "../../mechanisms/tabular.js";
import { designBilevel } from "./bilevel.js";
import { designBilevelWithSearch, searchNotion } from "./relaxed-search.js";
import { bilevelConfig } from "./bilevel-types.js";

describe("bilevel designer with participation notions", () => {
  const problem = buildProblem("bandit-auction(horizon=2)");

  it("periodic + no subsidies and ex-post: the certificate holds what was asked", async () => {
    for (const ir of ["periodic", "ex-post"]) {
      const cfg = bilevelConfig(`bilevel(ir=${ir},subsidies=none,flips=5)`, 3);
      expect(cfg.participation).toEqual({ ir, subsidies: "none" });
      const res = await designBilevel(problem, cfg);
      const pa = res.certificate.participation!;
      expect(res.certificate.exploitability.value).toBeLessThan(1e-6);
      expect(pa.minContinuationUtility.value).toBeGreaterThan(-1e-6);
      expect(pa.maxPaymentToAgent.value).toBeLessThan(1e-6);
      expect(pa.exitExploitability.value).toBeLessThan(1e-6);
      if (ir === "ex-post") expect(pa.maxExPostExcess.value).toBeLessThan(1e-6);
      expect(pa.satisfies.subsidies).toBe("none");
      // Saved with its notion, and read back.
      const saved = saveMechanism(res.mechanism, problem, 0, cfg.participation);
      expect(savedParticipation(saved, "file")).toEqual(cfg.participation);
      expect(() => loadMechanism(JSON.stringify(saved), problem, "file")).not.toThrow();
    }
  });

  it("search=interim: the interim search's allocation, re-paid under periodic + no subsidies", async () => {
    const interim = await designBilevel(
      problem,
      bilevelConfig("bilevel(ir=interim,subsidies=allowed,flips=5)", 3),
    );
    const cfg = bilevelConfig("bilevel(flips=5)", 3);
    // The default notion is periodic + no subsidies, searched under interim IR (search=auto).
    expect(cfg.participation).toEqual({ ir: "periodic", subsidies: "none" });
    expect(searchNotion(cfg)).toBe("interim");
    const res = await designBilevelWithSearch(problem, cfg);
    expect(res.designer).toMatch(/ir=periodic,subsidies=none,search=interim\)$/);
    expect(res.history.at(-1)!.phase).toBe("tighten");
    const alloc = (m: typeof res.mechanism) =>
      (m.state!() as TabularState).entries.map(([key, a]) => [key, a]);
    expect(alloc(res.mechanism)).toEqual(alloc(interim.mechanism));
    // Same allocation, more constraints on the payments: never more revenue.
    expect(res.certificate.revenue.value).toBeLessThanOrEqual(
      interim.certificate.revenue.value + 1e-7,
    );
    const pa = res.certificate.participation!;
    expect(res.certificate.exploitability.value).toBeLessThan(1e-6);
    expect(pa.minContinuationUtility.value).toBeGreaterThan(-1e-6);
    expect(pa.maxPaymentToAgent.value).toBeLessThan(1e-6);
    expect(pa.exitExploitability.value).toBeLessThan(1e-6);
    expect(searchNotion(bilevelConfig("bilevel(ir=ex-post)", 1))).toBe("fractional");
  });

  it("search=interim with two goods: the relaxed search runs per good through the one per-good wrapper", async () => {
    const two = buildProblem("bandit-auction(items=2,horizon=2)");
    const cfg = bilevelConfig("bilevel(flips=5)", 3);
    const single = await designBilevelWithSearch(two.marginal!(0), cfg);
    const res = await designBilevelWithSearch(two, cfg);
    expect(res.perGood).toEqual({ marginal: two.marginal!(0).name, goods: 2 });
    expect(res.designer).toMatch(/goods=separate,ir=periodic,subsidies=none,search=interim\)$/);
    expect(res.history.at(-1)!.phase).toBe("tighten");
    // Certified on the whole problem: the two goods' revenues add, still exactly IC.
    expect(res.certificate.revenue.value).toBeCloseTo(2 * single.certificate.revenue.value, 9);
    expect(res.certificate.exploitability.value).toBeLessThan(1e-6);
    expect(res.certificate.participation!.maxPaymentToAgent.value).toBeLessThan(1e-6);
  });

  it("refuses notions it does not know, and the handicap designer those it cannot enforce", () => {
    expect(() => bilevelConfig("bilevel(ir=sometimes)", 1)).toThrow(/ir.*allowed: ex-ante/);
    expect(() => bilevelConfig("bilevel(subsidies=some)", 1)).toThrow(UsageError);
    expect(() => handicapConfig("handicap(ir=periodic)")).toThrow(
      /handicap cannot enforce ir=periodic; allowed: ex-ante, interim/,
    );
    expect(() => handicapConfig("handicap(subsidies=none)")).toThrow(
      /handicap cannot enforce subsidies=none; allowed: allowed/,
    );
    expect(handicapConfig("handicap(ir=interim)").scales.length).toBeGreaterThan(0);
  });

  it("SGDA designers: payments=fraction honours every notion, free only ex-ante and interim", () => {
    for (const ir of IR_NOTIONS)
      for (const subsidies of ["allowed", "none"] as const)
        expect(sgdaLossNotion("penalty", "fraction", { ir, subsidies })).toBe(
          ir === "ex-ante" ? "ex-ante" : "interim",
        );
    expect(sgdaLossNotion("penalty", "free", { ir: "ex-ante", subsidies: "allowed" })).toBe(
      "ex-ante",
    );
    expect(() =>
      sgdaLossNotion("penalty", "free", { ir: "periodic", subsidies: "allowed" }),
    ).toThrow(
      /--ir: designer penalty with --payments free cannot enforce ir=periodic; allowed: ex-ante, interim/,
    );
    expect(() =>
      sgdaLossNotion("lagrangian", "free", { ir: "interim", subsidies: "none" }),
    ).toThrow(
      /--subsidies: designer lagrangian with --payments free cannot enforce subsidies=none .*; allowed: allowed/,
    );
  });

  it("payments=fraction: never pays a buyer, never charges beyond report × allocation, any weights", () => {
    // The claim behind sgdaSupports("fraction"): exact certificate of untrained networks.
    const problem2 = buildProblem("bandit-auction(horizon=2)");
    for (const init of [0, 1, 2]) {
      const mech = buildMechanism(`neural(width=8,payments=fraction,init=${init})`, problem2);
      const pa = evaluate(problem2, mech, { mode: "exact" }).participation!;
      expect(pa.maxPaymentToAgent.value).toBe(0);
      expect(pa.maxExPostExcess.value).toBeLessThanOrEqual(1e-12);
      expect(pa.minContinuationUtility.value).toBeGreaterThanOrEqual(-1e-12);
      expect(pa.satisfies).toEqual({ ir: "ex-post", subsidies: "none" });
    }
  });

  it("old mechanism files default to interim with subsidies allowed; bad notions are refused", () => {
    const problem1 = buildProblem("bandit-auction(horizon=1)");
    const old = { ...saveMechanism({ name: "second-price", params: {} } as never, problem1) };
    expect(savedParticipation(old, "file")).toEqual(DEFAULT_PARTICIPATION);
    expect(() =>
      savedParticipation(
        { ...old, participation: { ir: "never", subsidies: "none" } as unknown as Participation },
        "f",
      ),
    ).toThrow(/f: participation.ir/);
  });
});
