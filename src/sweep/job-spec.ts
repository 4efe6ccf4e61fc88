// A job spec is a registered kind plus its schema-checked parameters (defaults filled in). Its
// id is a hash of the canonical spec (sorted keys) and mechlab's version, so equal jobs share
// one id on every machine, and a new version never reuses an old version's results.
import { createHash } from "node:crypto";
import { UsageError } from "../core/errors.js";
import { VERSION } from "../version.js";
import type { ParamValue } from "./job-kind.js";
import { findJobKind } from "./kinds/registry.js";

export interface JobSpec {
  kind: string;
  params: Record<string, ParamValue>;
}

export interface PlannedJob {
  id: string;
  spec: JobSpec;
}

/** JSON with object keys sorted at every level: one text per value. */
export function canonicalJson(x: unknown): string {
  if (Array.isArray(x)) return `[${x.map(canonicalJson).join(",")}]`;
  if (x !== null && typeof x === "object") {
    const entries = Object.entries(x as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(",")}}`;
  }
  return JSON.stringify(x);
}

export function jobId(spec: JobSpec, version = VERSION): string {
  const text = canonicalJson({ kind: spec.kind, params: spec.params, version });
  return createHash("sha256").update(text).digest("hex").slice(0, 24);
}

/**
 * Validate a job against its kind's schema and checks; errors name `where: <parameter>`. Returns
 * the spec with defaults filled in (what the id is computed from).
 */
export function validateJob(kindName: unknown, params: unknown, where: string): PlannedJob {
  const kind = findJobKind(kindName, `${where}: kind`);
  const parsed = kind.schema.safeParse(params);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const keys = (issue as { keys?: string[] }).keys;
    const path = [...issue.path, ...(keys ? [keys[0]] : [])].join(".");
    const allowed = keys ? `; ${kind.name} takes: ${parameterNames(kind.schema).join(", ")}` : "";
    const message = keys ? `not a parameter of ${kind.name}${allowed}` : issue.message;
    throw new UsageError(path ? `${where}: ${path}` : where, message);
  }
  try {
    kind.check?.(parsed.data);
  } catch (e) {
    if (!(e instanceof UsageError)) throw e;
    throw new UsageError(`${where}: ${e.field}`, e.message.slice(e.field.length + 2));
  }
  const spec: JobSpec = { kind: kind.name, params: parsed.data };
  return { id: jobId(spec), spec };
}

function parameterNames(schema: unknown): string[] {
  const shape = (schema as { shape?: Record<string, unknown> }).shape;
  return shape ? Object.keys(shape) : [];
}
