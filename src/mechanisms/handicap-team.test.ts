import { describe, expect, it } from "vitest";
import type { ReportingStrategy } from "../agents/strategy.js";
import { truthful } from "../agents/strategy.js";
import { UsageError } from "../core/errors.js";
import { meanStderr } from "../core/measured.js";
import { evaluateTruthfulSampled } from "../evaluation/sampled.js";
import { simulate, trajectorySeed } from "../evaluation/simulate.js";
import { buildProblem } from "../problems/registry.js";
import type { DynamicProblem, PeriodRecord } from "../problems/types.js";
import { Rng } from "../engine/rng.js";
import {
  computeHandicapTeam,
  handicapOf,
  HandicapTeamMechanism,
  handicapTeamParams,
} from "./handicap-team.js";
import { feeAt } from "./handicap-fees.js";
import { normalCdf, normalPdf } from "../core/normal.js";
import { buildMechanism } from "./registry.js";
import { loadMechanism, saveMechanism } from "./saved.js";
import { resolveParams } from "../core/spec.js";
import type { Mechanism } from "./types.js";

const small = (p: DynamicProblem, extra: Record<string, number> = {}) =>
  computeHandicapTeam(
    p,
    resolveParams("handicap-team", handicapTeamParams, { nodes: 21, samples: 3000, ...extra }),
    { seed: 1 },
  );

/** Report the initial value shifted by δ in period 0, the truth afterwards. */
const initialLie = (delta: number): ReportingStrategy => ({
  name: `initial${delta}`,
  report: (ctx) =>
    ctx.tau === 0 ? Float64Array.from(ctx.state.values, (v) => v + delta) : truthful.report(ctx),
});

function pairedGain(p: DynamicProblem, mech: Mechanism, dev: ReportingStrategy, samples: number) {
  const d = new Float64Array(samples);
  for (let k = 0; k < samples; k++) {
    const s = trajectorySeed(9, k);
    d[k] =
      simulate(p, mech, [dev, truthful], s).utility[0] -
      simulate(p, mech, [truthful, truthful], s).utility[0];
  }
  return meanStderr(d);
}

describe("handicap team mechanism", () => {
  const p = buildProblem("bandit-auction(values=continuous,horizon=3)");

  it("team transfers: each agent's flow utility (fee aside) is the handicapped surplus", () => {
    const mech = small(p);
    const rng = new Rng(3);
    const history: PeriodRecord[] = [];
    const h = (x: number) => (1 - normalCdf((x - 2.5) / 0.1)) / (normalPdf((x - 2.5) / 0.1) / 0.1);
    for (let t = 0; t < 3; t++) {
      const reports = Float64Array.from({ length: 2 }, () => 2.3 + 0.4 * rng.uniform());
      const o = mech.outcome(history, reports);
      expect(o.alloc.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 12);
      const init = history.length ? history[0].reports : reports;
      const phi = [0, 1].map((j) => reports[j] - h(init[j]));
      const surplus = phi[0] * o.alloc[0] + phi[1] * o.alloc[1];
      expect(surplus).toBeCloseTo(Math.max(0, ...phi), 12);
      for (const i of [0, 1]) {
        const pay = o.payments[i] - (t === 0 ? feeAt(mech.schedule, i, init[i]) : 0);
        expect(reports[i] * o.alloc[i] - pay).toBeCloseTo(surplus, 10);
      }
      history.push({ reports, outcome: o, consumption: p.sampleRealization(o, rng) });
    }
  });

  it("T = 1: allocation and revenue are Myerson's (paired, same draws)", () => {
    const one = buildProblem("bandit-auction(values=continuous,horizon=1)");
    const ours = evaluateTruthfulSampled(one, small(one), 20000, 4);
    const mye = evaluateTruthfulSampled(one, buildMechanism("myerson", one), 20000, 4);
    expect(Math.abs(ours.welfare.value - mye.welfare.value)).toBeLessThan(1e-9);
    const se = Math.hypot(ours.revenue.stderr!, mye.revenue.stderr!);
    expect(Math.abs(ours.revenue.value - mye.revenue.value)).toBeLessThan(4 * se);
  });

  it("the entry fees make the initial report truthful; flat fees do not", () => {
    const mech = small(p);
    for (const d of [-0.1, -0.03, 0.03, 0.1]) {
      const g = pairedGain(p, mech, initialLie(d), 4000);
      expect(g.value).toBeLessThan(3 * g.stderr! + 1e-3);
    }
    const st = mech.state();
    const flat = new HandicapTeamMechanism(p, mech.params, handicapOf(p, 1, 1e-4).handicap, {
      lo: st.lo,
      hi: st.hi,
      fees: st.fees.map((f) => f.map(() => f[0])),
    });
    const g = pairedGain(p, flat, initialLie(0.1), 4000);
    expect(g.value).toBeGreaterThan(0.05);
    expect(g.value).toBeGreaterThan(6 * g.stderr!);
  });

  it("team transfers make later reports truthful: shading after period 0 does not gain", () => {
    const mech = small(p);
    for (const f of [0.9, 1.1]) {
      const later: ReportingStrategy = {
        name: `later${f}`,
        report: (ctx) =>
          ctx.tau === 0 ? truthful.report(ctx) : Float64Array.from(ctx.state.values, (v) => f * v),
      };
      const g = pairedGain(p, mech, later, 4000);
      expect(g.value).toBeLessThan(3 * g.stderr! + 1e-3);
      // It loses: the allocation it distorts is the surplus it is paid.
      expect(g.value).toBeLessThan(0);
    }
  });

  it("saves and loads (same outcomes); bad state and bad problems are refused by name", () => {
    const mech = small(p);
    const saved = JSON.parse(JSON.stringify(saveMechanism(mech, p, 1)));
    const back = loadMechanism(JSON.stringify(saved), p, "m.json");
    const r = Float64Array.of(2.45, 2.6);
    expect(Array.from(back.outcome([], r).payments)).toEqual(
      Array.from(mech.outcome([], r).payments),
    );
    saved.state.fees = [[1, 2]];
    expect(() => loadMechanism(JSON.stringify(saved), p, "m.json")).toThrow(/mechanism state/);
    expect(() => buildMechanism("handicap-team", buildProblem("bandit-auction"))).toThrow(
      UsageError,
    );
    expect(() =>
      buildMechanism("handicap-team", buildProblem("bandit-auction(values=continuous,items=2)")),
    ).toThrow(/one good/);
  });
});
