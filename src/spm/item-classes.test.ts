import { describe, expect, it } from "vitest";
import { Rng } from "../engine/rng.js";
import { chooseBundle } from "./choice.js";
import { SpmEnv } from "./env.js";
import { itemClasses } from "./item-classes.js";
import { SpmRlEnv } from "./rl-env.js";
import { additive } from "./settings/additive.js";
import { inventory } from "./settings/inventory.js";
import { kitchenSink } from "./settings/kitchen-sink.js";
import { spmSettings } from "./settings/registry.js";
import { twoWorlds } from "./settings/two-worlds.js";
import { statistics } from "./statistics.js";
import type { SpmSetting } from "./types.js";

const stat = statistics.build("price-allocation", "s").value;

/** Violations of "same group, same value for every agent" within a class, in sampled profiles. */
function mismatches(s: SpmSetting, samples: number): string[] {
  const rng = new Rng(3);
  const { of, first } = itemClasses(s);
  const v = new Float64Array(s.n * s.m);
  const bad: string[] = [];
  for (let t = 0; t < samples; t++) {
    s.sample(rng, v);
    // Compare every item with its class's first item.
    for (let j = 0; j < s.m; j++) {
      const k = first[of[j]];
      if (s.group[j] !== s.group[k]) bad.push(`items ${k}, ${j}: groups differ`);
      for (let i = 0; i < s.n; i++)
        if (v[i * s.m + j] !== v[i * s.m + k]) bad.push(`items ${k}, ${j}: agent ${i}`);
    }
  }
  return bad;
}

describe("item classes", () => {
  it("derived: inventory 1 class of 10; two-worlds and kitchen-sink singletons; additive A×2, B×4", () => {
    const inv = itemClasses(inventory());
    expect([...inv.of]).toEqual(new Array(10).fill(0));
    expect(inv.size).toEqual([10]);
    expect(itemClasses(twoWorlds()).size).toEqual([1]);
    const ks = itemClasses(kitchenSink());
    expect([...ks.of]).toEqual([0, 1, 2]);
    expect(ks.size).toEqual([1, 1, 1]);
    const add = itemClasses(additive());
    expect([...add.of]).toEqual([0, 0, 1, 1, 1, 1]);
    expect(add.size).toEqual([2, 4]);
    expect(add.group).toEqual([0, 1]);
    expect(add.first).toEqual([0, 2]);
    // colors: red items and yellow items (derived from the finite model); max-min: black, white.
    const build = (t: string) => spmSettings.build(t, "s").value;
    expect(itemClasses(build("colors")).size).toEqual([10, 10]);
    expect(itemClasses(build("max-min")).size).toEqual([5, 5]);
    expect(itemClasses(build("correlated(delta=0.25)")).size).toEqual([5]);
    expect(itemClasses(build("revenue")).size).toEqual([5]);
  });

  it("every registered setting's classes are interchangeable in sampled profiles", () => {
    // The w.l.o.g. argument needs: same group, and the same value for every agent in every
    // profile. Declared classes of sampled settings are only checked here.
    for (const e of spmSettings.list()) {
      const s = spmSettings.build(e.name, "s").value;
      expect(mismatches(s, 100).slice(0, 3), e.name).toEqual([]);
    }
    // The check has teeth: max-min with black and white declared one class fails it.
    const maxMin = spmSettings.build("max-min", "s").value;
    expect(mismatches({ ...maxMin, itemClass: new Int32Array(10) }, 10)).not.toEqual([]);
  });

  it("a declared class spanning two groups is refused", () => {
    const bad: SpmSetting = { ...additive(), itemClass: new Int32Array(6) };
    expect(() => itemClasses(bad)).toThrow(/spans several groups/);
  });
});

describe("one price per class loses nothing", () => {
  it("identical unit-demand items: purchase and payment depend only on the minimum price", () => {
    const group = new Int32Array(3);
    const pick = new Int32Array(1);
    const values = [0.75, 0.75, 0.75];
    // Per-item prices 0.875, 0.25, 0.5 → the cheapest item (1) at 0.25, utility 0.5.
    chooseBundle(values, [0.875, 0.25, 0.5], [1, 1, 1], group, pick);
    expect(pick[0]).toBe(1);
    // The class price 0.25 on every item: one item, also at 0.25 (the lowest index, 0).
    chooseBundle(values, [0.25, 0.25, 0.25], [1, 1, 1], group, pick);
    expect(pick[0]).toBe(0);
    // The cheapest item sold: the minimum over the remaining ones (0.5) is what counts.
    chooseBundle(values, [0.875, 0.25, 0.5], [1, 0, 1], group, pick);
    expect(pick[0]).toBe(2);
    // Minimum above the value: no purchase, whatever the other prices.
    chooseBundle(values, [0.875, 1, 0.8], [1, 1, 1], group, pick);
    expect(pick[0]).toBe(-1);
  });

  it.each([
    ["inventory(6 agents, 3 items)", inventory(6, 3)],
    ["additive", additive()],
  ])(
    "%s: random per-item prices and their per-class minimum give the same outcomes",
    (_, setting) => {
      // Env A gets random per-item prices; env B (the per-class RL env) gets, per class, the
      // minimum of A's prices over the class's remaining items. Same agents, same values:
      // every agent buys as many items per group, pays the same, and every objective agrees.
      const B = 40;
      const { n, m } = setting;
      const a = new SpmEnv(setting, B);
      const rl = new SpmRlEnv(setting, stat, B, "welfare", false, "per-class");
      const K = rl.nContinuous;
      const cls = rl.classes.of;
      a.reset(11);
      rl.reset(11);
      const rng = new Rng(5);
      const agents = new Int32Array(B);
      const p = new Float64Array(B * m);
      const q = new Float64Array(B * K);
      for (let t = 0; t < n; t++) {
        q.fill(1);
        for (let b = 0; b < B; b++) {
          agents[b] = n - 1 - t; // a fixed order, last agent first
          for (let j = 0; j < m; j++) {
            p[b * m + j] = rng.uniform();
            const k = b * K + cls[j];
            if (a.itemsLeft[b * m + j]) q[k] = Math.min(q[k], p[b * m + j]);
          }
        }
        a.step(agents, p);
        rl.step(agents, q);
      }
      let sold = 0;
      for (let b = 0; b < B; b++) {
        for (let i = 0; i < n; i++) {
          expect(rl.env.payments[b * n + i]).toBeCloseTo(a.payments[b * n + i], 12);
          expect(rl.env.agentValue(b, i)).toBeCloseTo(a.agentValue(b, i), 12);
          for (let g = 0; g < 2; g++) {
            const count = (e: SpmEnv) => {
              let c = 0;
              for (let j = 0; j < m; j++)
                if (setting.group[j] === g) c += e.alloc[(b * n + i) * m + j];
              return c;
            };
            expect(count(rl.env)).toBe(count(a));
            sold += count(a);
          }
        }
      }
      expect(sold).toBeGreaterThan(0);
    },
  );
});

describe("per-class price head", () => {
  it("action dimension = number of classes; active while an item of the class is unsold", () => {
    expect(new SpmRlEnv(inventory(), stat, 2).nContinuous).toBe(1);
    expect(new SpmRlEnv(inventory(), stat, 2, "welfare", false, "per-item").nContinuous).toBe(10);
    expect(new SpmRlEnv(additive(), stat, 2).nContinuous).toBe(2);
    expect(new SpmRlEnv(kitchenSink(), stat, 2).nContinuous).toBe(3);
    const s = inventory(2, 1);
    const rl = new SpmRlEnv(s, stat, 1);
    rl.reset(0);
    const obs = new Float32Array(rl.obsDim);
    const cobs = new Float32Array(rl.criticDim);
    const legal = new Uint8Array(2);
    const active = new Uint8Array(1);
    rl.observe(obs, cobs, legal, active);
    expect(active[0]).toBe(1);
    // Price 0: agent 0 (value ≥ ½) takes the only item; the class is then inactive.
    rl.step(new Int32Array([0]), new Float64Array([0]));
    rl.observe(obs, cobs, legal, active);
    expect(active[0]).toBe(0);
  });
});
