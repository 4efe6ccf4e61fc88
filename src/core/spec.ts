// OpenSpiel-style names with parameters: `bandit-auction(values=discrete,horizon=3)`.
// A registry entry declares its parameters once (type, default, allowed range), and this
// module parses, validates and reports errors naming the field and what is allowed.
import { UsageError } from "./errors.js";
import { unknownName, unknownValue } from "./suggest.js";

export type ParamValue = number | string | boolean;

type ParamSpecBase =
  | {
      type: "number";
      default: number;
      min?: number;
      max?: number;
      /** Exclusive bounds, e.g. discount in (0, 1]. */
      minExclusive?: boolean;
      maxExclusive?: boolean;
      integer?: boolean;
      doc: string;
    }
  | { type: "enum"; default: string; values: readonly string[]; doc: string }
  | { type: "boolean"; default: boolean; doc: string }
  | {
      type: "list";
      default: string;
      doc: string;
      /** validates "1;2;3" style lists */ itemMin?: number;
    };

/**
 * A parameter that applies only when other parameters take given values (e.g. a normal's mean
 * only with `values=continuous`). Canonical names leave it out otherwise, and setting it to
 * anything but its default there is refused.
 */
export type ParamSpec = ParamSpecBase & { onlyWith?: Record<string, ParamValue> };

export type ParamSpecs = Record<string, ParamSpec>;

/** Whether `spec` applies given all resolved parameters. */
export function applies(spec: ParamSpec, params: Record<string, ParamValue>): boolean {
  return Object.entries(spec.onlyWith ?? {}).every(([k, v]) => params[k] === v);
}

export interface ParsedName {
  name: string;
  args: Record<string, string>;
}

/** Split `name(k=v,k2=v2)` into its name and raw arguments. */
export function parseName(text: string, field: string): ParsedName {
  const trimmed = text.trim();
  const m = /^([A-Za-z][\w-]*)\s*(?:\((.*)\))?$/s.exec(trimmed);
  if (!m) {
    throw new UsageError(field, `cannot parse "${text}"; expected name or name(key=value,...)`);
  }
  const args: Record<string, string> = {};
  const body = (m[2] ?? "").trim();
  if (body.length > 0) {
    for (const part of body.split(",")) {
      const eq = part.indexOf("=");
      if (eq <= 0) {
        throw new UsageError(field, `argument "${part.trim()}" in "${text}" is not key=value`);
      }
      const key = part.slice(0, eq).trim();
      if (key in args) throw new UsageError(field, `argument "${key}" given twice in "${text}"`);
      args[key] = part.slice(eq + 1).trim();
    }
  }
  return { name: m[1], args };
}

/** Validate raw arguments against specs and fill defaults. */
export function resolveParams(
  owner: string,
  specs: ParamSpecs,
  args: Record<string, string | ParamValue>,
): Record<string, ParamValue> {
  for (const key of Object.keys(args)) {
    if (!(key in specs)) {
      throw unknownName(key, `parameter of ${owner}`, key, Object.keys(specs));
    }
  }
  const out: Record<string, ParamValue> = {};
  for (const [key, spec] of Object.entries(specs)) {
    const raw = args[key];
    out[key] = raw === undefined ? spec.default : convert(owner, key, spec, raw);
  }
  // Old canonical names carry every parameter at its default: those still parse.
  for (const [key, spec] of Object.entries(specs)) {
    if (!applies(spec, out) && out[key] !== spec.default) {
      const when = Object.entries(spec.onlyWith!)
        .map(([k, v]) => `${k}=${v}`)
        .join(",");
      throw new UsageError(key, `applies only with ${when} in ${owner}`);
    }
  }
  return out;
}

function convert(
  owner: string,
  key: string,
  spec: ParamSpec,
  raw: string | ParamValue,
): ParamValue {
  switch (spec.type) {
    case "number": {
      const v = typeof raw === "number" ? raw : Number(raw);
      if (
        typeof raw === "boolean" ||
        (typeof raw === "string" && raw.trim() === "") ||
        !Number.isFinite(v)
      ) {
        throw new UsageError(key, `must be a number (${describe(spec)}), got "${raw}"`);
      }
      const lowBad = spec.min !== undefined && (spec.minExclusive ? v <= spec.min : v < spec.min);
      const highBad = spec.max !== undefined && (spec.maxExclusive ? v >= spec.max : v > spec.max);
      if (lowBad || highBad || (spec.integer && !Number.isInteger(v))) {
        throw new UsageError(key, `${v} is out of range for ${owner}; allowed: ${describe(spec)}`);
      }
      return v;
    }
    case "enum": {
      const v = String(raw);
      if (!spec.values.includes(v)) {
        throw unknownValue(key, v, spec.values, ` for ${owner}`);
      }
      return v;
    }
    case "boolean": {
      if (raw === true || raw === "true" || raw === "1") return true;
      if (raw === false || raw === "false" || raw === "0") return false;
      throw new UsageError(key, `must be true or false, got "${raw}"`);
    }
    case "list":
      return String(raw);
  }
}

/** Human description of what a parameter allows, for errors and `mechlab list`. */
export function describe(spec: ParamSpec): string {
  switch (spec.type) {
    case "number": {
      const kind = spec.integer ? "integer" : "number";
      const lo = spec.min === undefined ? "" : `${spec.minExclusive ? ">" : "≥"} ${spec.min}`;
      const hi = spec.max === undefined ? "" : `${spec.maxExclusive ? "<" : "≤"} ${spec.max}`;
      return [kind, lo, hi].filter(Boolean).join(" ");
    }
    case "enum":
      return spec.values.join("|");
    case "boolean":
      return "true|false";
    case "list":
      return "values separated by ';'";
  }
}

/** Parse a ';'-separated list of numbers, e.g. "1;2;3". */
export function parseNumberList(key: string, raw: string): number[] {
  const parts = raw
    .split(";")
    .map((s) => s.trim())
    .filter((s) => s.length > 0);
  if (parts.length === 0) throw new UsageError(key, "must be a non-empty list like 1;2;3");
  return parts.map((p) => {
    const v = Number(p);
    if (!Number.isFinite(v)) throw new UsageError(key, `"${p}" is not a number (list like 1;2;3)`);
    return v;
  });
}

/**
 * Canonical text of a name with all parameters, so that equal problems print equally; with
 * `specs`, only the parameters that apply (see `onlyWith`).
 */
export function formatName(
  name: string,
  params: Record<string, ParamValue>,
  specs?: ParamSpecs,
): string {
  const keys = Object.keys(params).filter((k) => !specs?.[k] || applies(specs[k], params));
  if (keys.length === 0) return name;
  return `${name}(${keys.map((k) => `${k}=${params[k]}`).join(",")})`;
}
