// A clock-auction instance as users write it (JSON): values, a constraint by registry name,
// optional advice (a predicted optimal set) and price floor. Validation names the field.
import { UsageError } from "../core/errors.js";
import { constraints } from "./constraints/registry.js";
import type { Constraint } from "./types.js";

export interface ClockInstance {
  values: number[];
  constraint: Constraint;
  advice: number[] | null;
  floor?: number;
}

export interface InstanceJson {
  values: unknown;
  constraint: unknown;
  advice?: unknown;
  floor?: unknown;
}

/** Validate advice: distinct bidder indices forming a feasible set. */
export function checkAdvice(advice: unknown, c: Constraint, field = "advice"): number[] {
  if (!Array.isArray(advice)) throw new UsageError(field, "must be a list of bidder indices");
  const out = advice.map((x) => {
    if (!Number.isInteger(x) || (x as number) < 0 || (x as number) >= c.n) {
      throw new UsageError(field, `${JSON.stringify(x)} is not a bidder index 0..${c.n - 1}`);
    }
    return x as number;
  });
  if (new Set(out).size !== out.length) throw new UsageError(field, "indices must be distinct");
  if (!c.feasible(out)) {
    throw new UsageError(field, `{${out.join(",")}} is not feasible under ${c.name}`);
  }
  return [...out].sort((a, b) => a - b);
}

export function parseInstance(raw: unknown, field = "instance"): ClockInstance {
  if (typeof raw !== "object" || raw === null || Array.isArray(raw)) {
    throw new UsageError(
      field,
      'must be an object like {"values": [...], "constraint": "k-uniform(k=2)"}',
    );
  }
  const r = raw as InstanceJson;
  const values = r.values;
  if (!Array.isArray(values) || values.length === 0) {
    throw new UsageError(`${field}.values`, "must be a non-empty list of non-negative numbers");
  }
  values.forEach((v, i) => {
    if (typeof v !== "number" || !Number.isFinite(v) || v < 0) {
      throw new UsageError(
        `${field}.values`,
        `values[${i}] = ${JSON.stringify(v)} is not a non-negative number`,
      );
    }
  });
  if (typeof r.constraint !== "string") {
    throw new UsageError(
      `${field}.constraint`,
      'must be a name like "knapsack(capacity=10,sizes=10;5;5)"',
    );
  }
  const constraint = constraints.build(r.constraint, `${field}.constraint`).value(values.length);
  const advice =
    r.advice === undefined || r.advice === null
      ? null
      : checkAdvice(r.advice, constraint, `${field}.advice`);
  let floor: number | undefined;
  if (r.floor !== undefined) {
    if (typeof r.floor !== "number" || !(r.floor > 0))
      throw new UsageError(`${field}.floor`, "must be a positive number");
    floor = r.floor;
  }
  return { values: values as number[], constraint, advice, floor };
}

/** One instance or an array of them. */
export function parseInstances(raw: unknown): { instances: ClockInstance[]; array: boolean } {
  if (Array.isArray(raw)) {
    if (raw.length === 0) throw new UsageError("instance", "the array holds no instances");
    return { instances: raw.map((x, k) => parseInstance(x, `instance[${k}]`)), array: true };
  }
  return { instances: [parseInstance(raw)], array: false };
}
