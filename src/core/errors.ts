/**
 * A user's input is wrong (unknown name, malformed file, out-of-range parameter).
 * The CLI prints the message alone and exits with code 2; nothing is written.
 */
export class UsageError extends Error {
  constructor(
    /** The field, flag or parameter at fault, e.g. "discount" or "--problem". */
    readonly field: string,
    message: string,
  ) {
    super(`${field}: ${message}`);
    this.name = "UsageError";
  }
}

/**
 * An exact computation would be too large: refused before any work, with its estimated size,
 * the documented limit (docs/limits.md) and what to use instead. A user error (exit 2).
 */
export class TooLargeError extends UsageError {
  constructor(
    field: string,
    /** What would be computed, e.g. "exact evaluation". */
    readonly computation: string,
    readonly estimate: number,
    readonly limit: number,
    /** What to use instead, e.g. "use --mode sampled or a smaller horizon". */
    readonly alternative: string,
    readonly unit = "states",
  ) {
    super(
      field,
      `${computation} is too large: about ${fmt(estimate)} ${unit} (limit ${fmt(limit)}); ${alternative}`,
    );
    this.name = "TooLargeError";
  }
}

const fmt = (x: number) =>
  !Number.isFinite(x) ? "infinitely many" : x < 1e5 ? String(Math.round(x)) : x.toExponential(1);
