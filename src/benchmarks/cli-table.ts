// Rows for `mechlab benchmark` and `mechlab start` (the commands live in src/cli): each
// computed benchmark with its value, IR notion and description, plus the ones that do not
// apply to the problem with the reason.
import type { DynamicProblem } from "../problems/types.js";
import {
  computeBenchmarks,
  type Benchmark,
  type BenchmarkOptions,
  type SkippedBenchmark,
} from "./index.js";

export type BenchmarkRow = Benchmark;

/** The computed benchmarks, one row each (value is a Measured; format with formatMeasured). */
export function benchmarkRows(problem: DynamicProblem, opts: BenchmarkOptions): BenchmarkRow[] {
  return computeBenchmarks(problem, opts).computed;
}

/** Computed rows and, separately, the benchmarks that do not apply (with the reason). */
export function benchmarkTable(
  problem: DynamicProblem,
  opts: BenchmarkOptions,
): { rows: BenchmarkRow[]; skipped: SkippedBenchmark[] } {
  const { computed, skipped } = computeBenchmarks(problem, opts);
  return { rows: computed, skipped };
}
