// A job kind is one computation a sweep, a worker or a shard may run: a name, a schema for its
// parameters (keyed by the long flag names of the CLI command it mirrors), and a function that
// runs it in-process by calling the same library functions as that command. Workers run only
// registered kinds with parameters that pass the schema; never a shell command.
import type { z } from "zod";

export type ParamValue = string | number | boolean;

export interface JobOutput {
  /** Exactly what the mirrored command prints with --json. */
  result: unknown;
  /** Further run files (relative path → contents), as the command's run directory holds. */
  files: Record<string, string>;
}

export interface JobKind {
  name: string;
  summary: string;
  /** Strict object schema; fills defaults, so equal jobs have equal canonical specs. */
  schema: z.ZodType<Record<string, ParamValue>>;
  /** Checks that go beyond the schema (names of problems, settings …); throws UsageError. */
  check?(params: Record<string, ParamValue>): void;
  run(params: Record<string, ParamValue>): Promise<JobOutput>;
  /** The numbers of a result that the sweep summary averages across seeds. */
  metrics(result: unknown): Record<string, number>;
}
