/** A reported number: exact (finite enumeration) or sampled with its standard error. */
export interface Measured {
  value: number;
  exact: boolean;
  stderr?: number;
}

export const exact = (value: number): Measured => ({ value, exact: true });
export const sampled = (value: number, stderr: number): Measured => ({
  value,
  exact: false,
  stderr,
});

/** Mean and standard error of the mean of a sample. */
export function meanStderr(xs: ArrayLike<number>): Measured {
  const n = xs.length;
  if (n === 0) throw new RangeError("meanStderr of an empty sample");
  let s = 0;
  for (let k = 0; k < n; k++) s += xs[k];
  const mean = s / n;
  let ss = 0;
  for (let k = 0; k < n; k++) ss += (xs[k] - mean) ** 2;
  const sd = n > 1 ? Math.sqrt(ss / (n - 1)) : 0;
  return sampled(mean, sd / Math.sqrt(n));
}

/** `x.toFixed(digits)` without a negative zero ("-0.0000" from a tiny negative is "0.0000"). */
export function toFixedNoNegZero(x: number, digits: number): string {
  const s = x.toFixed(digits);
  return /^-0(\.0*)?$/.test(s) ? s.slice(1) : s;
}

/** "6.5089" for exact numbers, "6.51 ± 0.02" for sampled ones. */
export function formatMeasured(m: Measured, digits = 4): string {
  if (m.exact || m.stderr === undefined) return toFixedNoNegZero(m.value, digits);
  return `${toFixedNoNegZero(m.value, digits)} ± ${m.stderr.toFixed(digits)}`;
}
