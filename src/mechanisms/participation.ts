// Participation notions: what a buyer is promised about walking away. Part of a design request
// (designers honour them or refuse with a UsageError) and recorded in saved mechanisms.
//   ir  ex-ante:  each agent's expected utility, averaged over its initial types, is ≥ 0
//       interim:  for every initial type, the expected utility is ≥ 0 (Pavan–Segal–Toikka)
//       periodic: at the start of every period, at every public history reached under truthful
//                 play and for every current type, the expected continuation utility is ≥ 0
//       ex-post:  in every period an agent pays at most its report times its allocation
//                 probability (so each period's expected utility of a truthful agent is ≥ 0)
//   subsidies allowed | none (none: no payment to an agent anywhere, every payment ≥ 0).
// Each ir notion implies the ones before it, so optimal revenue can only fall along the list.
import { UsageError } from "../core/errors.js";
import type { ParamSpecs } from "../core/spec.js";

export const IR_NOTIONS = ["ex-ante", "interim", "periodic", "ex-post"] as const;
export type IrNotion = (typeof IR_NOTIONS)[number];
export const SUBSIDY_RULES = ["allowed", "none"] as const;
export type SubsidyRule = (typeof SUBSIDY_RULES)[number];

export interface Participation {
  ir: IrNotion;
  subsidies: SubsidyRule;
}

/** What mechanlab assumed before participation notions existed (old saved files). */
export const DEFAULT_PARTICIPATION: Participation = { ir: "interim", subsidies: "allowed" };

/** The `ir` and `subsidies` parameters with these defaults, for designers' `name(k=v,…)` specs. */
export const participationParamsWith = (d: Participation): ParamSpecs => ({
  ir: {
    type: "enum",
    default: d.ir,
    values: IR_NOTIONS,
    doc: "participation: ex-ante, interim (per initial type), periodic (every period), ex-post (every period's payment ≤ report × allocation)",
  },
  subsidies: {
    type: "enum",
    default: d.subsidies,
    values: SUBSIDY_RULES,
    doc: "allowed, or none (no payment to an agent anywhere)",
  },
});

/** The `ir` and `subsidies` parameters, default interim with subsidies allowed. */
export const participationParams: ParamSpecs = participationParamsWith(DEFAULT_PARTICIPATION);

/** Parse a notion from raw values (flags, parameters or a saved file); `field` names the source. */
export function parseParticipation(
  raw: { ir?: unknown; subsidies?: unknown } | undefined | null,
  field = "participation",
): Participation {
  const ir = raw?.ir ?? DEFAULT_PARTICIPATION.ir;
  const subsidies = raw?.subsidies ?? DEFAULT_PARTICIPATION.subsidies;
  if (typeof ir !== "string" || !(IR_NOTIONS as readonly string[]).includes(ir))
    throw new UsageError(`${field}.ir`, `"${String(ir)}"; allowed: ${IR_NOTIONS.join(", ")}`);
  if (typeof subsidies !== "string" || !(SUBSIDY_RULES as readonly string[]).includes(subsidies))
    throw new UsageError(
      `${field}.subsidies`,
      `"${String(subsidies)}"; allowed: ${SUBSIDY_RULES.join(", ")}`,
    );
  return { ir: ir as IrNotion, subsidies: subsidies as SubsidyRule };
}

/** `ir ≥ at` in the order ex-ante < interim < periodic < ex-post (ir implies at). */
export const irAtLeast = (ir: IrNotion, at: IrNotion): boolean =>
  IR_NOTIONS.indexOf(ir) >= IR_NOTIONS.indexOf(at);

/** Short label, e.g. "periodic, no subsidies". */
export const participationLabel = (p: Participation): string =>
  `${p.ir}${p.subsidies === "none" ? ", no subsidies" : ""}`;

/**
 * Refuse a notion a designer cannot enforce: `supported` lists the ir notions it honours and
 * whether it can forbid subsidies.
 */
export function requireParticipation(
  designer: string,
  p: Participation,
  supported: { ir: readonly IrNotion[]; noSubsidies: boolean },
  field = "--ir",
): void {
  if (!supported.ir.includes(p.ir))
    throw new UsageError(
      field,
      `${designer} cannot enforce ir=${p.ir}; allowed: ${supported.ir.join(", ")}`,
    );
  if (p.subsidies === "none" && !supported.noSubsidies)
    throw new UsageError(
      "--subsidies",
      `${designer} cannot enforce subsidies=none; allowed: allowed (it may pay agents)`,
    );
}
