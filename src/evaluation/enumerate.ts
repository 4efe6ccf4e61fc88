// Small helpers for exact enumeration over products of finite distributions.
export { product } from "../core/product.js";

/** Every vector in grid^m (reports an agent with a discrete type space can make). */
export function gridVectors(grid: readonly number[], m: number): Float64Array[] {
  let acc: number[][] = [[]];
  for (let j = 0; j < m; j++) acc = acc.flatMap((a) => grid.map((g) => [...a, g]));
  return acc.map((a) => Float64Array.from(a));
}

/** A compact key for a public history (reports, allocations, payments, consumption). */
export function historyKeyOf(
  history: readonly {
    reports: Float64Array;
    consumption: Float64Array;
    outcome: { alloc: Float64Array; payments: Float64Array };
  }[],
): string {
  return history
    .map(
      (r) =>
        `${r.reports.join(",")}|${r.consumption.join(",")}|${r.outcome.alloc.join(",")}|${r.outcome.payments.join(",")}`,
    )
    .join(";");
}
