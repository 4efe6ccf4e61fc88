import { describe, expect, it } from "vitest";
import { buildProblem } from "../problems/registry.js";
import { buildMechanism } from "./registry.js";
import { loadMechanism, saveMechanism } from "./saved.js";
import { discreteVirtualValues } from "./myerson.js";
import { UsageError } from "../core/errors.js";
import { normalCdf, normalPdf } from "../core/normal.js";

const p = buildProblem("bandit-auction(agents=3)");
const run = (name: string, reports: number[]) =>
  buildMechanism(name, p).outcome([], Float64Array.from(reports));

describe("static baselines", () => {
  it("second-price with a reserve: winner pays max(reserve, highest other), ties split", () => {
    expect(run("second-price(reserve=1.5)", [3, 2, 1])).toEqual({
      alloc: Float64Array.of(1, 0, 0, 0),
      payments: Float64Array.of(2, 0, 0),
    });
    expect(run("second-price(reserve=2.5)", [3, 2, 1]).payments).toEqual(
      Float64Array.of(2.5, 0, 0),
    );
    const tie = run("second-price", [3, 3, 1]);
    expect(Array.from(tie.alloc)).toEqual([0.5, 0.5, 0, 0]);
    expect(Array.from(tie.payments)).toEqual([1.5, 1.5, 0]);
    expect(Array.from(run("second-price(reserve=3.5)", [3, 3, 1]).alloc)).toEqual([0, 0, 0, 1]);
  });

  it("first-price: the winner pays its report", () => {
    expect(Array.from(run("first-price", [1, 3, 2]).payments)).toEqual([0, 3, 0]);
  });

  it("posted price: takers share the good and pay the price", () => {
    const o = run("posted-price(price=2)", [1, 3, 2]);
    expect(Array.from(o.alloc)).toEqual([0, 0.5, 0.5, 0]);
    expect(Array.from(o.payments)).toEqual([0, 1, 1]);
  });

  it("discrete Myerson virtual values for uniform {1,2,3} are −1, 1, 3", () => {
    expect(
      discreteVirtualValues([1, 2, 3], [1 / 3, 1 / 3, 1 / 3]).map((x) => +x.toFixed(12)),
    ).toEqual([-1, 1, 3]);
  });

  it("continuous Myerson charges the threshold where φ(r) = max(0, φ(other))", () => {
    const q = buildProblem("bandit-auction(values=continuous)");
    const o = buildMechanism("myerson", q).outcome([], Float64Array.of(2.6, 1));
    // The other bid has negative virtual value, so the price is the reserve r* with φ(r*) = 0.
    const r = o.payments[0];
    const z = (r - 2.5) / 0.1;
    expect(r - (1 - normalCdf(z)) / (normalPdf(z) / 0.1)).toBeCloseTo(0, 8);
    expect(o.alloc[0]).toBe(1);
  });

  it("allocation probabilities of every baseline sum to 1 per good", () => {
    const q = buildProblem("bandit-auction(items=2)");
    for (const name of ["second-price(reserve=2)", "first-price", "myerson", "posted-price"]) {
      const o = buildMechanism(name, q).outcome([], Float64Array.of(3, 1, 3, 3));
      for (let j = 0; j < 2; j++)
        expect(o.alloc.subarray(3 * j, 3 * j + 3).reduce((a, b) => a + b, 0)).toBeCloseTo(1, 12);
    }
  });
});

describe("save files", () => {
  const q = buildProblem("bandit-auction(horizon=3)");
  const mech = buildMechanism("second-price(reserve=2)", q);

  it("round-trips", () => {
    const text = JSON.stringify(saveMechanism(mech, q, 7));
    const back = loadMechanism(text, q, "m.json");
    expect(back.name).toBe(mech.name);
    expect(back.outcome([], Float64Array.of(3, 1))).toEqual(
      mech.outcome([], Float64Array.of(3, 1)),
    );
  });

  it.each([
    ["not json", /not valid JSON/],
    [JSON.stringify({ hello: 1 }), /not a mechlab mechanism file/],
    [JSON.stringify({ ...saveMechanism(mech, q), schemaVersion: 99 }), /schema version 99/],
    [JSON.stringify(saveMechanism(mech, buildProblem("bandit-auction"))), /was made for problem/],
    [JSON.stringify({ ...saveMechanism(mech, q), mechanism: "nope" }), /unknown mechanism "nope"/],
    [JSON.stringify({ ...saveMechanism(mech, q), params: { reserve: -1 } }), /out of range/],
  ])("rejects bad files with a clear message (%#)", (text, msg) => {
    expect(() => loadMechanism(text, q, "m.json")).toThrow(UsageError);
    expect(() => loadMechanism(text, q, "m.json")).toThrow(msg);
  });
});
