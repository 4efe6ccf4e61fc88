// Quantiles of continuous priors, shared by benchmarks, mechanisms and evaluators.
/** Quantile of a CDF on [lo, hi] by bisection (the CDF is continuous and increasing). */
export function quantile(cdf: (v: number) => number, lo: number, hi: number, u: number): number {
  let a = lo;
  let b = hi;
  for (let it = 0; it < 200; it++) {
    const mid = 0.5 * (a + b);
    if (cdf(mid) < u) a = mid;
    else b = mid;
  }
  return 0.5 * (a + b);
}
