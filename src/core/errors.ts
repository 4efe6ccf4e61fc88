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
