// A mechanism maps public information only — reports so far and outcomes so far — to an
// outcome. It never receives true types: `PublicHistory` and the current reports are the
// whole of its input.
import type { ParamValue } from "../core/spec.js";
import type { DynamicProblem, Outcome, PublicHistory } from "../problems/types.js";

export interface Mechanism {
  /** Canonical name with parameters, e.g. `second-price(reserve=2)`. */
  readonly name: string;
  readonly params: Record<string, ParamValue>;
  /**
   * The outcome of period τ = history.length given this period's reports
   * (`reports[i * m + j]`). Must not keep state between calls: the same inputs give the same
   * outcome, so evaluators may call it on any history in any order.
   */
  outcome(history: PublicHistory, reports: Float64Array): Outcome;
  /**
   * A string that determines everything the mechanism will do from this history on, used by
   * exact evaluators to merge histories. Omit it when the whole history matters.
   */
  historyKey?(history: PublicHistory): string;
  /** Parameters to save (learned weights, tables); JSON-serialisable. */
  state?(): unknown;
  /**
   * A mechanism run good by good: good j's single-good mechanism, for each good. Evaluators
   * certify such a mechanism good by good when the problem's goods are independent.
   */
  goodsDecomposition?(): readonly Mechanism[];
}

/** Builds a mechanism for a problem from validated parameters (and, when loading, saved state). */
export interface MechanismFactory {
  (problem: DynamicProblem, params: Record<string, ParamValue>, saved?: unknown): Mechanism;
}
