// A reproduction re-runs one table or figure of a seed paper and prints ours next to the
// paper's. `mechlab reproduce <name>` runs one; add entries in registry.ts.
import type { Figure } from "../report/plot.js";

export interface ReproductionOptions {
  /** Base seed (each reproduction documents how it derives per-run seeds). */
  seed: number;
  /** Evaluation samples, when the reproduction allows overriding its default. */
  samples?: number;
  /** Restrict to some rows (1-based indices), when supported. */
  rows?: number[];
  /** Restrict to some methods/designers by name, when supported. */
  methods?: string[];
  onProgress?: (done: number, total: number, info?: Record<string, string | number>) => void;
}

export interface ReproductionResult {
  /** Human-readable table (markdown) with ours beside the paper's. */
  text: string;
  /** Everything measured, for --json and run directories. */
  json: unknown;
  /** Figures, written as img/<name>.svg and .png next to the --markdown file (text links them). */
  figures?: { name: string; figure: Figure }[];
}

export interface Reproduction {
  name: string;
  summary: string;
  run(opts: ReproductionOptions): ReproductionResult | Promise<ReproductionResult>;
}
