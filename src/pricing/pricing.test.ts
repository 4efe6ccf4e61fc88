import { describe, expect, it } from "vitest";
import { UsageError } from "../core/errors.js";
import { Rng } from "../engine/rng.js";
import { QueryAccess, publicInfo } from "./access.js";
import { pricingAlgorithms } from "./algorithms/registry.js";
import { exAnteItems, exAnteLp, hindsight } from "./benchmarks.js";
import { chooseOption } from "./choice.js";
import { deploy, type PricePolicy } from "./deploy.js";
import { evaluatePricing, learnPolicy } from "./evaluate.js";
import { pricingInstances } from "./generators/registry.js";
import { parseInstance } from "./instance-file.js";
import { realize, type PricingInstance, type Request } from "./model.js";
import { arrivalOrder, ORDERS } from "./orders.js";
import { dualValue, solveRequestLp } from "./request-lp.js";

const gen = (name: string) => pricingInstances.build(name, "instance").value;
const alg = (name: string) => pricingAlgorithms.build(name, "algorithm").value;
const req = (...opts: [number, number[]][]): Request => ({
  options: opts.map(([value, a]) => ({ value, consumption: Float64Array.from(a) })),
});

function randomInstance(rng: Rng): PricingInstance {
  const m = 1 + rng.int(3);
  const randomRequest = () =>
    req(
      ...Array.from(
        { length: 1 + rng.int(3) },
        () =>
          [
            rng.uniformIn(0, 3),
            Array.from({ length: m }, () => (rng.uniform() < 0.3 ? 0 : rng.uniform())),
          ] as [number, number[]],
      ),
    );
  return {
    name: "random",
    supplies: Float64Array.from({ length: m }, () => rng.uniformIn(0, 4)),
    classes: Array.from({ length: 2 + rng.int(4) }, () => ({
      count: 1 + rng.int(5),
      support: [
        { probability: 0.5, request: randomRequest() },
        { probability: 0.5, request: randomRequest() },
      ],
    })),
  };
}

describe("agent choice (the tie rule)", () => {
  it("takes the best fitting option, null on a zero-utility tie, lower index on equal utility", () => {
    const r = req([3, [1, 0]], [2, [0, 0.5]]);
    expect(chooseOption(r, [1, 0])).toBe(0); // utilities 2 and 2: lower index
    expect(chooseOption(r, [1, 2])).toBe(0); // 2 vs 1
    expect(chooseOption(r, [3, 4])).toBe(-1); // 0 vs 0: null wins
    expect(chooseOption(r, [1, 0], [0.5, 1])).toBe(1); // option 0 no longer fits
    expect(chooseOption(r, [1 - 1e-13, 0])).toBe(0);
    expect(chooseOption(req([1, [1]]), [1 - 1e-12])).toBe(-1); // rounding of a tie stays a tie
  });
});

describe("deployment", () => {
  it("never oversells and every agent gets utility ≥ 0, under random prices and every order", () => {
    const rng = new Rng(11);
    for (let trial = 0; trial < 60; trial++) {
      const inst = randomInstance(rng);
      const agents = realize(inst, rng);
      const m = inst.supplies.length;
      const policy: PricePolicy = {
        anonymous: false,
        prices: (_t, _i, _u, r) =>
          Float64Array.from({ length: m }, () => (r.uniform() < 0.3 ? 0 : r.uniformIn(0, 3))),
      };
      const kind = ORDERS[trial % 5] as Exclude<(typeof ORDERS)[number], "worst">;
      const d = deploy(inst, agents, arrivalOrder(kind, agents, rng), policy, rng);
      for (let j = 0; j < m; j++) expect(d.used[j]).toBeLessThanOrEqual(inst.supplies[j] + 1e-9);
      let welfare = 0;
      agents.forEach((a, i) => {
        const k = d.chosen[i];
        if (k < 0) return;
        const o = a.request.options[k];
        let pay = 0;
        for (let j = 0; j < m; j++) pay += d.faced[i * m + j] * o.consumption[j];
        expect(o.value - pay).toBeGreaterThanOrEqual(0);
        welfare += o.value;
      });
      expect(d.welfare).toBeCloseTo(welfare, 9);
    }
  });

  it("tiny instance: hand-computed welfare of each baseline and of the benchmarks", async () => {
    const inst = gen("tiny");
    const agents = realize(inst, new Rng(0));
    const rng = new Rng(1);
    const fcfs = (await learnPolicy(inst, alg("first-come-first-served"), rng)).policy;
    expect(deploy(inst, agents, arrivalOrder("given", agents, rng), fcfs, rng).welfare).toBe(5);
    expect(deploy(inst, agents, arrivalOrder("reversed", agents, rng), fcfs, rng).welfare).toBe(3);
    expect(deploy(inst, agents, arrivalOrder("ascending", agents, rng), fcfs, rng).welfare).toBe(3);
    const fixed = (await learnPolicy(inst, alg("fixed-price(price=1.5)"), rng)).policy;
    const d = deploy(inst, agents, arrivalOrder("reversed", agents, rng), fixed, rng);
    expect(d.welfare).toBe(5);
    expect(d.revenue).toBe(3);
    expect(await hindsight(inst, agents, true)).toBeCloseTo(5, 9);
    expect((await exAnteLp(inst, rng)).value).toBeCloseTo(5, 9);
  });

  it("the hindsight integer optimum is below its LP relaxation on a fractional instance", async () => {
    // supply 1, two agents wanting 0.6 each (values 1, 1): IP 1, LP 1 + 0.4/0.6
    const inst: PricingInstance = {
      name: "frac",
      supplies: Float64Array.of(1),
      classes: [{ count: 2, support: [{ probability: 1, request: req([1, [0.6]]) }] }],
    };
    const agents = realize(inst, new Rng(0));
    expect(await hindsight(inst, agents, true)).toBeCloseTo(1, 9);
    expect(await hindsight(inst, agents, false)).toBeCloseTo(1 + 0.4 / 0.6, 7);
  });
});

describe("ex-ante LP and its dual", () => {
  it("the dual g(λ*) at the LP's supply duals equals the LP value, and g ≥ LP elsewhere", async () => {
    for (const name of ["cloud(scale=1)", "ads(scale=1)", "tie(k=10)"]) {
      const inst = gen(name);
      const items = exAnteItems(inst, new Rng(3), 30);
      const sol = await solveRequestLp(items, inst.supplies);
      expect(sol.value).toBeGreaterThan(0);
      expect(dualValue(items, inst.supplies, sol.prices)).toBeCloseTo(sol.value, 5);
      const rng = new Rng(4);
      for (let t = 0; t < 20; t++) {
        const lam = sol.prices.map((p) => Math.max(0, p + rng.uniformIn(-0.5, 0.5)));
        expect(dualValue(items, inst.supplies, lam)).toBeGreaterThanOrEqual(sol.value - 1e-6);
      }
    }
  });

  it("tie instance: ex-ante LP = k·high + fraction·k with dual price exactly 1", async () => {
    const inst = gen("tie(k=10,high=2,fraction=0.5)");
    const lp = await exAnteLp(inst, new Rng(0));
    expect(lp.exact).toBe(true);
    expect(lp.value).toBeCloseTo(25, 9);
    expect(lp.prices[0]).toBeCloseTo(1, 9);
  });
});

describe("access models", () => {
  it("a query-access learner never reads a value (spy); the oracle itself does", async () => {
    const inst = gen("cloud(scale=1,jitter=0)");
    let inside = false;
    let readsInside = 0;
    let readsOutside = 0;
    const spied: PricingInstance = {
      ...inst,
      classes: inst.classes.map((c) => ({
        count: c.count,
        support: c.support!.map((p) => ({
          probability: p.probability,
          request: {
            options: p.request.options.map((o) => ({
              consumption: o.consumption,
              get value() {
                if (inside) readsInside++;
                else readsOutside++;
                return o.value;
              },
            })),
          },
        })),
      })),
    };
    const q = new QueryAccess(spied, new Rng(1));
    const raw = q.query.bind(q);
    q.query = (i, p) => {
      inside = true;
      try {
        return raw(i, p);
      } finally {
        inside = false;
      }
    };
    const a = alg("anonymous-random(queries=2000)");
    if (a.access !== "queries") throw new Error("anonymous-random must use queries");
    const policy = await a.learn(publicInfo(spied), q, new Rng(2));
    expect(q.queries).toBe(2000);
    expect(readsInside).toBeGreaterThan(0);
    expect(readsOutside).toBe(0);
    expect(policy.anonymous).toBe(true);
    // What a query returns is a consumption vector and nothing else.
    const out = q.query(0, [0, 0, 0]);
    expect(out).toBeInstanceOf(Float64Array);
    expect(out.length).toBe(3);
  });
});

describe("cloud generator's value jitter", () => {
  it("jitter=0 is the finite support; jitter>0 samples one support point times one factor in [1 ∓ jitter], same supplies", () => {
    const exact = gen("cloud(scale=2,jitter=0)");
    const jittered = gen("cloud(scale=2,jitter=0.3)");
    expect(exact.classes.every((c) => c.support && !c.sample)).toBe(true);
    expect(jittered.classes.every((c) => c.sample && !c.support)).toBe(true);
    expect([...jittered.supplies]).toEqual([...exact.supplies]);
    const rng = new Rng(5);
    const factors: number[] = [];
    const same = (a: Float64Array, b: Float64Array) => a.every((x, j) => x === b[j]);
    exact.classes.forEach((c, k) => {
      for (let t = 0; t < 50; t++) {
        const r = jittered.classes[k].sample!(rng);
        // The request has the shape of a support point and its values are that point's values
        // times one common factor in [0.7, 1.3] (two points of one shape differ in value by
        // more than that range allows, so the factor identifies the point).
        const fits = c.support!.flatMap(({ request: s }) => {
          if (s.options.length !== r.options.length) return [];
          if (!s.options.every((o, i) => same(o.consumption, r.options[i].consumption))) return [];
          const f = r.options[0].value / s.options[0].value;
          const common = s.options.every(
            (o, i) => Math.abs(o.value * f - r.options[i].value) < 1e-9,
          );
          return common && f >= 0.7 - 1e-12 && f <= 1.3 + 1e-12 ? [f] : [];
        });
        expect(fits.length).toBeGreaterThan(0);
        factors.push(fits[0]);
      }
    });
    // Continuous: 300 draws give (almost surely) no repeated factor, so no exact value ties.
    expect(new Set(factors.map((f) => f.toFixed(12))).size).toBeGreaterThan(250);
  });

  it("refuses jitter outside [0, 1)", () => {
    expect(() => gen("cloud(jitter=1)")).toThrow(/jitter/);
    expect(() => gen("cloud(jitter=-0.1)")).toThrow(/jitter/);
  });
});

describe("instance files", () => {
  const ok = {
    supplies: [1, 2],
    agents: [{ options: [{ value: 1, consumption: [0.5, 0] }], count: 2 }],
  };
  const field = (doc: unknown) => {
    try {
      parseInstance(doc);
    } catch (e) {
      expect(e).toBeInstanceOf(UsageError);
      return (e as UsageError).field;
    }
    return "accepted";
  };
  it("accepts a valid file and names the field of each error", () => {
    expect(parseInstance(ok).classes[0].count).toBe(2);
    expect(field({ ...ok, supplies: [1, -1] })).toBe("supplies[1]");
    expect(field({ ...ok, agents: [{ options: [{ value: 1, consumption: [1.5, 0] }] }] })).toBe(
      "agents[0].options[0].consumption[0]",
    );
    expect(field({ ...ok, agents: [{ options: [{ value: 1, consumption: [0, 0, 1] }] }] })).toBe(
      "agents[0].options[0].consumption",
    );
    const dist = (p: number) => ({
      ...ok,
      agents: [
        {
          distribution: [
            { probability: p, options: [] },
            { probability: 0.5, options: [] },
          ],
        },
      ],
    });
    expect(field(dist(0.5))).toBe("accepted");
    expect(field(dist(0.6))).toBe("agents[0].distribution");
  });
});

describe("algorithms", () => {
  it("tie instance: dual prices get exactly k·high; the randomized anonymous prices get ≥ 90 % of the LP", async () => {
    const inst = gen("tie(k=100)");
    const common = {
      instance: inst,
      order: "random" as const,
      runs: 2,
      seed: 5,
      hindsight: "none" as const,
    };
    const dual = await evaluatePricing({
      ...common,
      algorithm: alg("dual-prices"),
      algorithmName: "dual-prices",
    });
    expect(dual.welfare.value).toBe(200);
    expect(dual.exAnteLp.value).toBeCloseTo(250, 9);
    const anon = await evaluatePricing({
      ...common,
      algorithm: alg("anonymous-random(queries=20000)"),
      algorithmName: "a",
    });
    expect(anon.ratioToExAnteLp.value).toBeGreaterThanOrEqual(0.9);
    expect(anon.queries).toBe(20000);
    expect(anon.maxUtilization).toBeLessThanOrEqual(1 + 1e-12);
  });

  it("refuses up front a hindsight integer program too large, naming the alternative", async () => {
    const o = {
      instance: gen("cloud(scale=1000)"),
      algorithm: alg("first-come-first-served"),
      algorithmName: "f",
      order: "given" as const,
      runs: 1,
      seed: 0,
    };
    await expect(evaluatePricing(o)).rejects.toThrow(
      /--hindsight: the hindsight integer program is too large: about 1\.2e\+5 binary columns \(limit 30000\); use its LP relaxation/,
    );
  });

  it("same seed, same numbers; another seed, other numbers", async () => {
    const run = (seed: number) =>
      evaluatePricing({
        instance: gen("cloud(scale=1)"),
        algorithm: alg("anonymous-random(queries=3000)"),
        algorithmName: "a",
        order: "random",
        runs: 2,
        seed,
        hindsight: "lp",
      });
    const strip = (r: Awaited<ReturnType<typeof run>>) => ({
      ...r,
      learnSeconds: 0,
      deploySeconds: 0,
    });
    const [a, b, c] = [await run(1), await run(1), await run(2)];
    expect(strip(a)).toEqual(strip(b));
    expect(a.welfare.value).not.toBe(c.welfare.value);
  });
});
