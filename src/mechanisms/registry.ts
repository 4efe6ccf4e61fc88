// Every mechanism mechlab knows, by name. Add a mechanism: one file plus one line here.
import { unknownName } from "../core/suggest.js";
import { parseName, resolveParams, type ParamSpecs } from "../core/spec.js";
import type { DynamicProblem } from "../problems/types.js";
import { firstPrice, firstPriceParams } from "./first-price.js";
import { myerson, myersonParams } from "./myerson.js";
import { neuralMechanism, neuralParams } from "./neural/mechanism.js";
import { residualFactory, residualParams } from "./neural/residual.js";
import { postedPrice, postedPriceParams } from "./posted-price.js";
import { secondPrice, secondPriceParams } from "./second-price.js";
import { tabular, tabularParams } from "./tabular.js";
import { handicapTeam, handicapTeamParams } from "./handicap-team.js";
import { perGoodFactory, perGoodParams } from "./per-good.js";
import type { Mechanism, MechanismFactory } from "./types.js";

export interface MechanismEntry {
  name: string;
  summary: string;
  params: ParamSpecs;
  create: MechanismFactory;
}

export const mechanisms: MechanismEntry[] = [
  {
    name: "second-price",
    summary: "per-period second-price auction with a reserve",
    params: secondPriceParams,
    create: secondPrice,
  },
  {
    name: "first-price",
    summary: "per-period first-price auction (pay your report)",
    params: firstPriceParams,
    create: firstPrice,
  },
  {
    name: "myerson",
    summary: "per-period Myerson-optimal auction for the initial prior",
    params: myersonParams,
    create: myerson,
  },
  {
    name: "neural",
    summary:
      "neural direct mechanism (Inverse Games App. D.4) on public information; designed by `mechlab design`",
    params: neuralParams,
    create: neuralMechanism,
  },
  {
    name: "handicap-residual",
    summary:
      "a base mechanism (the handicap designer's) plus a neural residual; designed by the SGDA designers' start=handicap",
    params: residualParams,
    create: residualFactory((name) => mechanismEntry(name, "mechanism state: base.mechanism")),
  },
  {
    name: "posted-price",
    summary: "per-period posted price, ties split",
    params: postedPriceParams,
    create: postedPrice,
  },
  {
    name: "tabular",
    summary: "one outcome per public history (small discrete problems)",
    params: tabularParams,
    create: tabular,
  },
  {
    name: "handicap-team",
    summary:
      "PST handicap policy with team transfers and an envelope entry fee (continuous, one good)",
    params: handicapTeamParams,
    create: handicapTeam,
  },
  {
    name: "per-good",
    summary: "one single-good mechanism per good (independent goods); designed by `mechlab design`",
    params: perGoodParams,
    create: perGoodFactory((name) => mechanismEntry(name, "mechanism state: goods[].mechanism")),
  },
];

export function mechanismEntry(name: string, field = "--mechanism"): MechanismEntry {
  const e = mechanisms.find((m) => m.name === name);
  if (!e)
    throw unknownName(
      field,
      "mechanism",
      name,
      mechanisms.map((m) => m.name),
    );
  return e;
}

/** Build `name(k=v,...)` for a problem. */
export function buildMechanism(
  text: string,
  problem: DynamicProblem,
  field = "--mechanism",
): Mechanism {
  const parsed = parseName(text, field);
  const entry = mechanismEntry(parsed.name, field);
  const params = resolveParams(parsed.name, entry.params, parsed.args);
  return entry.create(problem, params);
}
