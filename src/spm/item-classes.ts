// Item classes: items that are interchangeable for every agent in a setting — the same group
// and, in every valuation profile the prior can draw, the same value for every agent. Used by
// the exact DP (optimal-spm.ts: one price per class) and by the learned policy's price head
// (rl-env.ts, `--prices per-class`), so both reduce prices the same way.
//
// Why one price per class loses nothing (for every objective): valuations are unit demand
// within a group (types.ts) and a class lies inside one group, so an agent buys at most one
// item of a class, and since the items of a class have the same value for it, the one of
// largest utility v − p_j is the cheapest one (choice.ts; ties: lowest index). Its purchase,
// its payment (the minimum price) and the number of class items left therefore depend on the
// class's prices only through their minimum over the remaining items; which of the identical
// items was sold does not matter for any later value or payment (a relabelling of identical
// items). So posting that minimum on every remaining item of the class gives the same
// distribution of welfare, revenue and max-min objective: any per-item-price SPM has a
// per-class-price SPM with the same outcome. Settings whose items are all distinct
// (kitchen-sink, two-worlds) have singleton classes, where the two coincide.
import type { DiscreteModel } from "./discrete-model.js";
import type { SpmSetting } from "./types.js";

/** How the learned policy posts prices: one per item, or one per item class (default). */
export const PRICE_MODES = ["per-class", "per-item"] as const;
export type PriceMode = (typeof PRICE_MODES)[number];

export interface ItemClasses {
  /** Class of each item (length m), numbered 0..K−1 in order of each class's first item. */
  of: Int32Array;
  /** Number of items per class (length K). */
  size: number[];
  /** Group of each class. */
  group: number[];
  /** Lowest item index of each class. */
  first: number[];
}

/** Classes from a key per item: items with equal keys share a class. */
function fromKeys(keys: string[], group: Int32Array): ItemClasses {
  const ids = new Map<string, number>();
  const size: number[] = [];
  const classGroup: number[] = [];
  const first: number[] = [];
  const of = Int32Array.from(keys, (key, j) => {
    // The group is part of the key: items of different groups are never interchangeable
    // (values add across groups).
    const k = `${group[j]}|${key}`;
    if (!ids.has(k)) {
      ids.set(k, ids.size);
      size.push(0);
      classGroup.push(group[j]);
      first.push(j);
    }
    const c = ids.get(k)!;
    size[c] += 1;
    return c;
  });
  return { of, size, group: classGroup, first };
}

/** Exact classes of a finite model: equal value columns over every world, agent and support point. */
export function discreteItemClasses(
  model: DiscreteModel,
  m: number,
  group: Int32Array,
): ItemClasses {
  const keys = Array.from({ length: m }, (_, j) =>
    JSON.stringify(model.worlds.map((w) => w.agents.map((s) => s.map((p) => p.values[j])))),
  );
  return fromKeys(keys, group);
}

/** Every item its own class. */
export function singletonClasses(group: Int32Array): ItemClasses {
  return fromKeys(
    Array.from(group, (_, j) => String(j)),
    group,
  );
}

/**
 * The item classes of a setting: derived exactly from its finite model when it has one,
 * otherwise the classes it declares (`SpmSetting.itemClass`; sampled settings), otherwise
 * singletons. A declared class spanning two groups is an error.
 */
export function itemClasses(setting: SpmSetting): ItemClasses {
  const { m, group } = setting;
  if (setting.discrete) return discreteItemClasses(setting.discrete, m, group);
  const declared = setting.itemClass;
  if (!declared) return singletonClasses(group);
  if (declared.length !== m) {
    throw new RangeError(`${setting.name}: itemClass has ${declared.length} entries, not ${m}`);
  }
  const classes = fromKeys(
    Array.from(declared, (c) => String(c)),
    group,
  );
  const declaredCount = new Set(declared).size;
  if (classes.size.length !== declaredCount) {
    throw new RangeError(`${setting.name}: a declared item class spans several groups`);
  }
  return classes;
}
