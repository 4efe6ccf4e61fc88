// Makespan of dynamic task scheduling (Curry et al. 2024 §5, "Dynamic truthful task scheduling"):
// the loss is max_i (Σ_τ x_{τ,i} t_{i,τ} − t̃_i), where t̃_i is the time worker i has already
// worked when the last task is assigned. As in the authors' code (the authors' released code of Curry et al. 2024, listed in docs/ama.md):
// one unit of time passes at each task arrival, during which every worker with positive
// remaining load works off one unit; then the task's cost is added to the assigned worker.
// The makespan is the largest remaining load after the last task, floored at 0.
//
// "authors" variant: a positive load below 1 drops below 0 in that unit of time, and the
// negative remainder offsets later work (their code does this; needed to match Tables 3–4).
// "clean" variant: loads never go below 0 (max(0, load − 1)).

export type MakespanVariant = "authors" | "clean";

/**
 * costs[i * m + τ] = worker i's time for task τ; assign[τ] = worker given task τ.
 * The assignment is read from assign[offset .. offset + m); `loads` is scratch of length n.
 */
export function makespan(
  costs: ArrayLike<number>,
  n: number,
  m: number,
  assign: ArrayLike<number>,
  variant: MakespanVariant,
  loads: Float64Array = new Float64Array(n),
  offset = 0,
): number {
  loads.fill(0, 0, n);
  for (let tau = 0; tau < m; tau++) {
    for (let i = 0; i < n; i++) {
      if (loads[i] > 0) loads[i] = variant === "clean" ? Math.max(0, loads[i] - 1) : loads[i] - 1;
    }
    const w = assign[offset + tau];
    loads[w] += costs[w * m + tau];
  }
  let worst = 0;
  for (let i = 0; i < n; i++) worst = Math.max(worst, loads[i]);
  return worst;
}
