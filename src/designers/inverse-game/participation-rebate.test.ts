import { describe, expect, it } from "vitest";
import { UsageError } from "../../core/errors.js";
import { initEngine } from "../../engine/jax.js";
import { evaluate } from "../../evaluation/evaluate.js";
import { interimUtilityGrid } from "../../evaluation/interim-grid.js";
import { ResidualMechanism } from "../../mechanisms/neural/residual.js";
import { loadMechanism, saveMechanism } from "../../mechanisms/saved.js";
import {
  tinyContinuous,
  tinyHandicap,
  tinyWarmDesign,
  TINY_SAMPLED,
} from "./continuous.fixture.js";
import { participationRebate, REBATE_Z } from "./participation-rebate.js";
import { design, type DesignConfig } from "./run.js";
import { rebateOf } from "./sgda-entry.js";

const cont = tinyContinuous();
const { handicap, saved } = tinyHandicap(cont);

/** The residual at θ₀ with its payment head's bias raised by `fee`: every period charges more,
 * so the lowest types' interim utilities fall below zero. */
function overcharging(fee: number): ResidualMechanism {
  const m = new ResidualMechanism(cont, { width: 8, init: 2 }, handicap, saved);
  const k = m.net.shapes.findIndex((s) => s.name === "pay2.b");
  m.net.weights[k].fill(fee);
  return new ResidualMechanism(cont, m.params, handicap, saved, m.net.weights);
}

const QS = [0.001, 0.05, 0.5, 0.95];
const lowerBounds = (mech: ResidualMechanism, seed: number) =>
  interimUtilityGrid(cont, mech, { samples: 300, seed, quantiles: QS }).byAgent.map((pts) =>
    Math.min(...pts.map((p) => p.utility.value - REBATE_Z * p.utility.stderr!)),
  );

describe("participation rebate (participation-rebate.ts)", () => {
  it("pays r_i in period 0 only: revenue falls by exactly Σ r, the best deviation's gain is unchanged", async () => {
    await initEngine();
    const mech = overcharging(0.2);
    const r = [0.25, 0.1];
    const rebated = mech.withRebate(cont, r);
    const opts = { mode: "sampled" as const, samples: 400, seed: 9 };
    const [a, b] = [evaluate(cont, mech, opts), evaluate(cont, rebated, opts)];
    expect(a.revenue.value - b.revenue.value).toBeCloseTo(0.35, 10);
    // Every strategy's utility moves by r_i, the truthful one's too: the gains do not change.
    expect(b.exploitability.value).toBeCloseTo(a.exploitability.value, 10);
    a.agents.forEach((ag, i) =>
      expect(b.agents[i].utility.value - ag.utility.value).toBeCloseTo(r[i], 10),
    );
    // Period 0 only: a later period's payments are the unrebated ones.
    const reports = Float64Array.from([2.4, 2.6]);
    const h = [
      {
        reports,
        outcome: { alloc: Float64Array.from([0, 1, 0]), payments: Float64Array.from([0, 2]) },
        consumption: Float64Array.from([1, 0]),
      },
    ];
    expect(rebated.outcome(h, reports).payments).toEqual(mech.outcome(h, reports).payments);
    expect(Array.from(rebated.outcome([], reports).payments)).toEqual(
      Array.from(mech.outcome([], reports).payments, (p, i) => p - r[i]),
    );
  });

  it("lifts each agent's lowest 95 % lower bound on the grid to exactly zero (on the rebate's own draws)", async () => {
    await initEngine();
    const mech = overcharging(0.3);
    const before = lowerBounds(mech, 5);
    expect(Math.max(...before)).toBeLessThan(0); // the case is one that needs a rebate
    const res = participationRebate(cont, mech, { samples: 300, seed: 5, quantiles: QS })!;
    res.rebate.forEach((r, i) => expect(r).toBeCloseTo(-before[i], 10));
    lowerBounds(res.mechanism, 5).forEach((lb) => expect(lb).toBeCloseTo(0, 10));
    // Draws the rebate never saw: the bound is about zero, not by construction.
    const fresh = lowerBounds(res.mechanism, 77);
    fresh.forEach((lb) => expect(Math.abs(lb)).toBeLessThan(0.5));
  });

  it("pays nothing where the bound is already above zero", async () => {
    await initEngine();
    const res = participationRebate(cont, overcharging(-1), {
      samples: 300,
      seed: 5,
      quantiles: QS,
    })!;
    expect(res.rebate).toEqual([0, 0]);
  });

  it("saves and reloads with the mechanism; a malformed rebate is refused naming the state", async () => {
    await initEngine();
    const rebated = overcharging(0.2).withRebate(cont, [0.125, 0.5]);
    const text = JSON.stringify(saveMechanism(rebated, cont, 0));
    const again = loadMechanism(text, cont, "mechanism.json") as ResidualMechanism;
    expect(again.rebate).toEqual([0.125, 0.5]);
    const bad = JSON.parse(text) as { state: { rebate: unknown } };
    bad.state.rebate = [1];
    expect(() => loadMechanism(JSON.stringify(bad), cont, "mechanism.json")).toThrow(UsageError);
    expect(() => loadMechanism(JSON.stringify(bad), cont, "mechanism.json")).toThrow(/rebate/);
  });

  it("the designer parameter: on with start=handicap unless off; on without a start is refused", () => {
    expect(rebateOf(true, "auto")).toEqual({ rebate: true });
    expect(rebateOf(true, "on")).toEqual({ rebate: true });
    expect(rebateOf(true, "off")).toEqual({});
    expect(rebateOf(false, "auto")).toEqual({});
    expect(() => rebateOf(false, "on")).toThrow(/rebate.*start=handicap/s);
  });

  it("a design with the rebate certifies the same mechanism with revenue lower by exactly Σ r", async () => {
    const cfg: DesignConfig = {
      ...tinyWarmDesign(3),
      sampled: { ...TINY_SAMPLED, adversary: 0 },
    };
    const [plain, paid] = [await design(cont, cfg), await design(cont, { ...cfg, rebate: true })];
    expect(plain.designer).toBe("penalty(rho=20,start=handicap,rebate=off)");
    expect(paid.designer).toBe("penalty(rho=20,start=handicap)");
    expect(plain.rebate).toBeUndefined();
    const r = paid.rebate!.rebate;
    expect((paid.chosen.mechanism as ResidualMechanism).rebate).toEqual(r);
    const sum = r.reduce((a, b) => a + b, 0);
    expect(sum).toBeGreaterThan(0); // a rebate was paid: the comparison below is not vacuous
    expect(plain.chosen.report.revenue.value - paid.chosen.report.revenue.value).toBeCloseTo(
      sum,
      9,
    );
    expect(paid.chosen.report.minInterimUtility!.value).toBeGreaterThanOrEqual(
      plain.chosen.report.minInterimUtility!.value,
    );
  });

  it("with a signal (the CLI's path) the rebate and the certificate run on the thread: the same numbers; an abort in the rebate ends the run at once", async () => {
    const cfg: DesignConfig = {
      ...tinyWarmDesign(3),
      sampled: { ...TINY_SAMPLED, adversary: 0 },
      rebate: true,
    };
    const here = await design(cont, cfg);
    const thread = await design(cont, cfg, { signal: new AbortController().signal });
    expect(thread.rebate!.rebate).toEqual(here.rebate!.rebate);
    expect(thread.rebate!.lowest).toEqual(here.rebate!.lowest);
    expect(thread.chosen.report.revenue).toEqual(here.chosen.report.revenue);
    expect(thread.chosen.report.minInterimUtility).toEqual(here.chosen.report.minInterimUtility);
    expect((thread.chosen.mechanism as ResidualMechanism).rebate).toEqual(here.rebate!.rebate);

    // An abort in the rebate's first grid point, which is far too long to wait for.
    const ctrl = new AbortController();
    const slow: DesignConfig = { ...cfg, sampled: { ...cfg.sampled, interimSamples: 10_000_000 } };
    const t = performance.now();
    const stopped = design(cont, slow, {
      signal: ctrl.signal,
      // Training over, the thread starts the rebate's first grid point; abort half a second in.
      callbacks: [{ onEnd: () => void setTimeout(() => ctrl.abort(), 500) }],
    });
    await expect(stopped).rejects.toMatchObject({ phase: "certification" });
    expect(performance.now() - t).toBeLessThan(60_000);
  });
});
