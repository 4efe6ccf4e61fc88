// Versioned save files for mechanisms (like Stable-Baselines3's): what produced them
// (mechlab version, problem, parameters, seed) and the learned state, checked on load.
import { readFileSync } from "node:fs";
import { UsageError } from "../core/errors.js";
import { resolveParams, type ParamValue } from "../core/spec.js";
import { namesProblem } from "../problems/registry.js";
import type { DynamicProblem } from "../problems/types.js";
import { VERSION } from "../version.js";
import { DEFAULT_PARTICIPATION, parseParticipation, type Participation } from "./participation.js";
import { mechanismEntry } from "./registry.js";
import type { Mechanism } from "./types.js";

export const MECHANISM_FORMAT = "mechlab.mechanism";
export const MECHANISM_SCHEMA_VERSION = 1;

export interface SavedMechanism {
  format: typeof MECHANISM_FORMAT;
  schemaVersion: number;
  mechlabVersion: string;
  problem: string;
  mechanism: string;
  params: Record<string, ParamValue>;
  seed: number | null;
  /** The participation notion the designer enforced; absent in older files (= interim, allowed). */
  participation?: Participation;
  state: unknown;
}

export function saveMechanism(
  mech: Mechanism,
  problem: DynamicProblem,
  seed: number | null = null,
  participation?: Participation,
): SavedMechanism {
  const name = mech.name.replace(/\(.*$/s, "");
  return {
    format: MECHANISM_FORMAT,
    schemaVersion: MECHANISM_SCHEMA_VERSION,
    mechlabVersion: VERSION,
    problem: problem.name,
    mechanism: name,
    params: mech.params,
    seed,
    ...(participation ? { participation } : {}),
    state: mech.state ? mech.state() : null,
  };
}

/** Parse and check a saved mechanism; `field` names the file in error messages. */
export function loadMechanism(text: string, problem: DynamicProblem, field: string): Mechanism {
  let obj: unknown;
  try {
    obj = JSON.parse(text);
  } catch (e) {
    throw new UsageError(field, `is not valid JSON (${(e as Error).message})`);
  }
  const o = obj as Partial<SavedMechanism> | null;
  if (!o || typeof o !== "object" || o.format !== MECHANISM_FORMAT) {
    throw new UsageError(
      field,
      `is not a mechlab mechanism file (expected "format": "${MECHANISM_FORMAT}")`,
    );
  }
  if (o.schemaVersion !== MECHANISM_SCHEMA_VERSION) {
    throw new UsageError(
      field,
      `has schema version ${String(o.schemaVersion)}; this mechlab (${VERSION}) reads version ${MECHANISM_SCHEMA_VERSION}`,
    );
  }
  if (!namesProblem(o.problem, problem.name)) {
    throw new UsageError(field, `was made for problem ${String(o.problem)}, not ${problem.name}`);
  }
  if (typeof o.mechanism !== "string" || typeof o.params !== "object" || o.params === null) {
    throw new UsageError(field, `needs "mechanism" (a name) and "params" (an object)`);
  }
  if (o.participation !== undefined) parseParticipation(o.participation, `${field}: participation`);
  const entry = mechanismEntry(o.mechanism, `${field}: mechanism`);
  const params = resolveParams(o.mechanism, entry.params, o.params as Record<string, ParamValue>);
  return entry.create(problem, params, o.state);
}

export function loadMechanismFile(path: string, problem: DynamicProblem): Mechanism {
  let text: string;
  try {
    text = readFileSync(path, "utf8");
  } catch {
    throw new UsageError("--mechanism", `cannot read file ${path}`);
  }
  return loadMechanism(text, problem, path);
}

/** The notion a saved mechanism was designed under; files without one are interim, allowed. */
export function savedParticipation(saved: Partial<SavedMechanism>, field: string): Participation {
  return saved.participation === undefined
    ? { ...DEFAULT_PARTICIPATION }
    : parseParticipation(saved.participation, `${field}: participation`);
}
