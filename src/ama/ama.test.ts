// Mechanism-level checks: VCG revenue formula, exhaustive truthfulness and IR, determinism.
import { describe, expect, it } from "vitest";
import { Rng } from "../engine/rng.js";
import { buildAmaEnvironment } from "./environments/registry.js";
import type { AmaEnvironment } from "./environment.js";
import { evaluateOnBank, pairedDifference, ProfileBank } from "./evaluate.js";
import { AmaMechanism } from "./mechanism.js";
import { vcgParams, type AmaParams } from "./params.js";
import { buildAmaDesigner } from "./designers/registry.js";

function randomParams(env: AmaEnvironment, rng: Rng, scale: number): AmaParams {
  const p = vcgParams(env);
  for (let k = 0; k < p.boosts.length; k++) p.boosts[k] = scale * rng.normal();
  for (let i = 0; i < p.logWeights.length; i++) p.logWeights[i] = 0.5 * rng.normal();
  return p;
}

describe("VCG (w = 1, b = 0)", () => {
  it.each([
    [3, 2],
    [4, 2],
    [5, 3],
  ])("symmetric sequential sales n=%i, m=%i: revenue m(n−m)/(n+1)", (n, m) => {
    const env = buildAmaEnvironment(`sequential-sales(agents=${n},items=${m})`);
    const [e] = evaluateOnBank(new ProfileBank(env, 4000, 5), [vcgParams(env)]);
    const target = (m * (n - m)) / (n + 1);
    expect(Math.abs(e.objective.value - target)).toBeLessThan(3.5 * e.objective.stderr!);
  });
});

/**
 * For every true profile in `truths` and every agent, no report in `lies` beats the truth:
 * u_i = true value of the chosen trajectory − payment.
 */
function checkTruthful(
  env: AmaEnvironment,
  params: AmaParams,
  truths: Float64Array[],
  lies: (t: Float64Array, i: number) => Float64Array[],
) {
  const mech = new AmaMechanism(env, params);
  const SA = env.mdp.nStates * env.mdp.nActions;
  const trueR = new Float64Array(env.nAgents * SA);
  const repR = new Float64Array(env.nAgents * SA);
  let checked = 0;
  let worstGain = -Infinity;
  for (const t of truths) {
    env.fillRewards(t, trueR);
    const utility = (reported: Float64Array, i: number) => {
      env.fillRewards(reported, repR);
      const run = mech.run(repR);
      return run.trajectory.sum(trueR, i * SA) - run.payments[i];
    };
    for (let i = 0; i < env.nAgents; i++) {
      const truthful = utility(t, i);
      for (const lie of lies(t, i)) {
        worstGain = Math.max(worstGain, utility(lie, i) - truthful);
        checked++;
      }
    }
  }
  return { checked, worstGain };
}

describe("truthfulness of AMA payments (exhaustive on small instances)", () => {
  const grid = [0, 0.1, 0.25, 0.4, 0.5, 0.6, 0.75, 0.9, 1];

  it("sequential sales n=2, m=2 with random weights and boosts", () => {
    const env = buildAmaEnvironment("sequential-sales(agents=2,items=2,dist=asymmetric)");
    const rng = new Rng(1);
    for (let rep = 0; rep < 5; rep++) {
      const params = randomParams(env, rng, 0.3);
      const truths = grid.flatMap((a) => grid.map((b) => Float64Array.of(a, b)));
      const lies = (t: Float64Array, i: number) =>
        [...grid, 1.5, 3].map((x) => {
          const r = Float64Array.from(t);
          r[i] = x;
          return r;
        });
      const { checked, worstGain } = checkTruthful(env, params, truths, lies);
      expect(checked).toBe(81 * 2 * 11);
      expect(worstGain).toBeLessThanOrEqual(1e-9);
    }
  });

  it("scheduling n=2, m=2 with random weights and boosts (all cost vectors on a grid)", () => {
    const env = buildAmaEnvironment("scheduling(agents=2,items=2,dist=asymmetric)");
    const cg = [0, 0.5, 1.5, 3];
    const rng = new Rng(2);
    const params = randomParams(env, rng, 1);
    const truths: Float64Array[] = [];
    for (const a of cg)
      for (const b of cg)
        for (const c of cg) for (const d of cg) truths.push(Float64Array.of(a, b, c, d));
    const lies = (t: Float64Array, i: number) =>
      cg.flatMap((x) =>
        cg.map((y) => {
          const r = Float64Array.from(t);
          r[i * 2] = x;
          r[i * 2 + 1] = y;
          return r;
        }),
      );
    const { worstGain } = checkTruthful(env, params, truths, lies);
    expect(worstGain).toBeLessThanOrEqual(1e-9);
  });

  it("gridworld n=2, N=2 (cyclic, discounted) with random boosts, misreported cells and values", () => {
    const env = buildAmaEnvironment("gridworld(agents=2,items=2)");
    const rng = new Rng(4);
    const params = randomParams(env, rng, 0.3);
    const S = 4;
    const truths: Float64Array[] = [];
    for (let rep = 0; rep < 30; rep++) {
      const t = new Float64Array(env.typeSize);
      env.sampleTypes(rng, t);
      truths.push(t);
    }
    const lies = (t: Float64Array, i: number) => {
      const out: Float64Array[] = [];
      for (let cell = 1; cell < S; cell++) {
        for (const v of grid) {
          const r = Float64Array.from(t);
          r.fill(0, i * S, (i + 1) * S);
          r[i * S + cell] = v;
          out.push(r);
        }
      }
      return out;
    };
    const { worstGain } = checkTruthful(env, params, truths, lies);
    expect(worstGain).toBeLessThanOrEqual(1e-9);
  });

  it("ex-post IR: with non-negative rewards no agent's utility is negative", () => {
    const env = buildAmaEnvironment("gridworld(agents=3,items=3)");
    const rng = new Rng(9);
    const mech = new AmaMechanism(env, randomParams(env, rng, 0.5));
    const SA = env.mdp.nStates * env.mdp.nActions;
    const t = new Float64Array(env.typeSize);
    const R = new Float64Array(env.nAgents * SA);
    for (let rep = 0; rep < 200; rep++) {
      env.sampleTypes(rng, t);
      env.fillRewards(t, R);
      const run = mech.run(R);
      for (let i = 0; i < env.nAgents; i++) {
        expect(run.trajectory.sum(R, i * SA) - run.payments[i]).toBeGreaterThanOrEqual(-1e-9);
      }
    }
  });
});

describe("reproducibility", () => {
  it("same seed ⇒ same designed mechanism and the same numbers", () => {
    const env = buildAmaEnvironment("sequential-sales(agents=3,items=2)");
    const run = () => {
      const { value } = buildAmaDesigner("zeroth(iterations=6,check=3,validation=100)");
      const r = value.design(env, { seed: 42 });
      const [v, a] = evaluateOnBank(new ProfileBank(env, 500, 7), [vcgParams(env), r.params]);
      return [
        a.objective.value,
        a.objective.stderr,
        pairedDifference(a.perProfile, v.perProfile).value,
      ];
    };
    expect(run()).toEqual(run());
  });

  it("the paired difference of a mechanism with itself is exactly 0", () => {
    const env = buildAmaEnvironment("scheduling(agents=2,items=3)");
    const [a, b] = evaluateOnBank(new ProfileBank(env, 200, 1), [vcgParams(env), vcgParams(env)]);
    const d = pairedDifference(a.perProfile, b.perProfile);
    expect(d.value).toBe(0);
    expect(d.stderr).toBe(0);
  });
});

describe("reproduction input checks", () => {
  it("unknown rows and designers are usage errors", async () => {
    const { amaReproductions } = await import("./reproductions.js");
    const { UsageError } = await import("../core/errors.js");
    const t1 = amaReproductions.find((r) => r.name === "ama-table-1")!;
    expect(() => t1.run({ seed: 0, rows: [9] })).toThrow(UsageError);
    expect(() => t1.run({ seed: 0, rows: [1], methods: ["annealing"] })).toThrow(UsageError);
  });
});
