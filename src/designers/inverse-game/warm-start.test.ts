import { describe, expect, it } from "vitest";
import { UsageError } from "../../core/errors.js";
import { initEngine } from "../../engine/jax.js";
import { Rng } from "../../engine/rng.js";
import { evaluate } from "../../evaluation/evaluate.js";
import {
  allocCotangent,
  combineOutcome,
  ResidualMechanism,
} from "../../mechanisms/neural/residual.js";
import { loadMechanism, saveMechanism } from "../../mechanisms/saved.js";
import { buildProblem } from "../../problems/registry.js";
import type { PeriodRecord } from "../../problems/types.js";
import { buildSampledTree } from "../compiled-game/sampled-tree.js";
import { designers } from "../registry.js";
import { MechanismBatch } from "./mechanism-batch.js";
import { toTensors, disposeAll } from "./params.js";
import { design, type DesignConfig } from "./run.js";
import { tinyContinuous, tinyHandicap, tinyWarmDesign, TINY_START } from "./continuous.fixture.js";
import { designHandicap, type HandicapConfig } from "../handicap/handicap-designer.js";
import { Interrupted } from "../designer.js";
import { handicapStart } from "./handicap-start.js";

const cont = tinyContinuous();
const { handicap, saved } = tinyHandicap(cont);
const residual = (init: number) => new ResidualMechanism(cont, { width: 8, init }, handicap, saved);

describe("start=handicap: the network as a residual on the handicap mechanism", () => {
  it("at θ₀ the residual mechanism's outcomes are the handicap mechanism's on sampled histories", () => {
    const mech = residual(5);
    const rng = new Rng(11);
    let paid = 0;
    for (let s = 0; s < 40; s++) {
      const history: PeriodRecord[] = [];
      const values = [0, 1].map((i) => cont.sampleInitial(i, rng));
      for (let tau = 0; tau < cont.horizon; tau++) {
        const reports = Float64Array.from(values, (v) => v.values[0]);
        const want = handicap.outcome(history, reports);
        const got = mech.outcome(history, reports);
        expect(got.alloc).toEqual(want.alloc);
        expect(got.payments).toEqual(want.payments);
        paid += Math.abs(want.payments[0]);
        const winner = rng.int(3); // any realized consumption: the equality holds on every history
        const consumption = Float64Array.from([0, 1], (i) => (i === winner ? 1 : 0));
        history.push({ reports, outcome: want, consumption });
        values.forEach(
          (v, i) => (values[i] = cont.sampleTransition(i, v, consumption.subarray(i, i + 1), rng)),
        );
      }
    }
    expect(paid).toBeGreaterThan(0); // the entry fee and transfers are there to be matched
    // The residual is live: a payment bias moves the payments by exactly that (times the scale).
    const moved = residual(5);
    moved.net.weights[moved.net.shapes.findIndex((s) => s.name === "pay2.b")].fill(0.25);
    const r = Float64Array.of(1, 2);
    const d = moved.net.layout.scale * 0.25;
    expect(moved.outcome([], r).payments[0]).toBeCloseTo(
      handicap.outcome([], r).payments[0] + d,
      5,
    );
  });

  it("at θ₀ the training path (batched network on a sampled tree) gives the handicap outcomes", async () => {
    await initEngine();
    const mech = residual(2);
    const tree = buildSampledTree(
      cont,
      mech.net.layout,
      { scenarios: 8, bins: 4, seed: 4 },
      null,
      undefined,
      handicap,
    );
    const net = new MechanismBatch(mech.net.layout, mech.net.arch);
    const theta = toTensors(mech.net.weights, mech.net.shapes);
    const up = net.upload(tree.mech);
    const out = net.forward(theta, up);
    const x = { alloc: new Float64Array(out.alloc.length), pay: new Float64Array(out.pay.length) };
    for (let c = 0; c < tree.size; c++)
      combineOutcome(
        {
          alloc: tree.base!.alloc.subarray(3 * c, 3 * c + 3),
          payments: tree.base!.pay.subarray(2 * c, 2 * c + 2),
        },
        out.alloc,
        out.pay,
        2,
        1,
        x,
        3 * c,
        2 * c,
      );
    expect(x.alloc).toEqual(tree.base!.alloc);
    expect(x.pay).toEqual(tree.base!.pay);
    MechanismBatch.release(up);
    disposeAll(theta);
    net.dispose();
  });

  it("the allocation cotangent is the derivative of x ∝ x̄·q (finite differences)", () => {
    const xb = [0.2, 0.5, 0.3];
    const q = [0.1, 0.6, 0.3];
    const ca = [0.7, -1.3, 0.4];
    const loss = (qq: number[]) => {
      const out = { alloc: new Float64Array(3), pay: new Float64Array(2) };
      combineOutcome({ alloc: xb, payments: [0, 0] }, qq, [0, 0], 2, 1, out);
      return out.alloc.reduce((a, v, k) => a + v * ca[k], 0);
    };
    const x = { alloc: new Float64Array(3), pay: new Float64Array(2) };
    combineOutcome({ alloc: xb, payments: [0, 0] }, q, [0, 0], 2, 1, x);
    const g = allocCotangent(xb, q, x.alloc, ca, 1, 2, 1);
    for (let l = 0; l < 3; l++) {
      const h = 1e-6;
      const up = q.map((v, k) => (k === l ? v + h : v));
      const dn = q.map((v, k) => (k === l ? v - h : v));
      expect(g[l]).toBeCloseTo((loss(up) - loss(dn)) / (2 * h), 5);
    }
  });

  it("refuses a bad start, naming the field", async () => {
    expect(() => designers.build("penalty(start=warm)", "--designer")).toThrow(UsageError);
    expect(() => designers.build("penalty(start=warm)", "--designer")).toThrow(/start/);
    const discrete = buildProblem("bandit-auction(horizon=2)");
    const run = designers.build("penalty(start=handicap)", "--designer").value;
    await expect(run.design(discrete, { seed: 0, budget: 1 })).rejects.toThrow(/start.*continuous/);
    await expect(
      run.design(cont, { seed: 0, budget: 1, flags: { payments: "fraction" } }),
    ).rejects.toThrow(/--payments/);
  });

  it("same seed, same numbers; the saved residual reloads to its certificate", async () => {
    const cfg: DesignConfig = { ...tinyWarmDesign(4), rebate: true };
    const [a, b] = [await design(cont, cfg), await design(cont, cfg)];
    expect(a.designer).toBe("penalty(rho=20,start=handicap)");
    for (const key of ["revenue", "regret", "loss"] as const)
      expect(a.history.map((r) => r[key])).toEqual(b.history.map((r) => r[key]));
    expect(a.chosen.report.revenue.value).toBe(b.chosen.report.revenue.value);
    expect(a.start!.revenue.value).toBe(b.start!.revenue.value);
    // The chosen mechanism has moved off the start (its residual heads are not all zero), so
    // the reload below is not a comparison of the handicap design with itself.
    const net = (a.chosen.mechanism as ResidualMechanism).net;
    const heads = net.shapes
      .map((s, k) => ({ name: s.name, w: net.weights[k] }))
      .filter((h) => h.name.startsWith("allocHead") || h.name.startsWith("pay2"));
    expect(heads.some((h) => h.w.some((v) => v !== 0))).toBe(true);
    const text = JSON.stringify(saveMechanism(a.chosen.mechanism, cont, 3));
    const again = evaluate(cont, loadMechanism(text, cont, "mechanism.json"), {
      mode: "sampled",
      samples: 400,
      seed: cfg.seed + 104729,
    });
    expect(again.revenue.value).toBe(a.chosen.report.revenue.value);
  });

  it("the start's own certificate is the handicap designer's, on its thread too; an abort ends it", async () => {
    const hcfg: HandicapConfig = { ...TINY_START, adversary: 2 };
    const direct = designHandicap(cont, hcfg, 3);
    const here = await handicapStart(cont, hcfg, { width: 8, seed: 3 });
    const thread = await handicapStart(
      cont,
      hcfg,
      { width: 8, seed: 3 },
      new AbortController().signal,
    );
    for (const s of [here, thread]) {
      expect(s.info.revenue).toEqual(direct.certificate.revenue);
      expect(s.info.exploitability).toEqual(direct.certificate.exploitability);
      expect(s.info.minInterimUtility).toEqual(direct.minInterimUtility);
    }
    const ac = new AbortController();
    const t = performance.now();
    const stopped = handicapStart(
      cont,
      { ...hcfg, adversary: 100_000 },
      { width: 8, seed: 3 },
      ac.signal,
    );
    setTimeout(() => ac.abort(), 200);
    await expect(stopped).rejects.toBeInstanceOf(Interrupted);
    expect(performance.now() - t).toBeLessThan(30_000);
  });
});
