// Sobol low-discrepancy points (Sobol' 1967; Curry et al. 2024 §5 grid search), generated with the
// Bratley–Fox Gray-code recurrence. Dimension 1 is van der Corput; dimension j ≥ 2 uses the
// (j−1)-th primitive polynomial over GF(2) (enumerated by degree, tested for primitivity
// below) with initial direction numbers m_k drawn odd and < 2^k from a seeded Rng. Any such
// choice gives a valid Sobol sequence ((t, s)-net property); published tables (Joe–Kuo) only
// tune the m_k for better 2-D projections, and would need ~20 kB of constants here.
import { Rng } from "../engine/rng.js";

const BITS = 32;

/** Multiply polynomials a·b over GF(2) modulo p of degree deg. */
function mulMod(a: number, b: number, p: number, deg: number): number {
  let r = 0;
  while (b) {
    if (b & 1) r ^= a;
    b >>>= 1;
    a <<= 1;
    if (a & (1 << deg)) a ^= p;
  }
  return r;
}

function powMod(e: number, p: number, deg: number): number {
  let result = 1;
  let base = 2; // the polynomial x
  while (e > 0) {
    if (e & 1) result = mulMod(result, base, p, deg);
    base = mulMod(base, base, p, deg);
    e = Math.floor(e / 2);
  }
  return result;
}

function primeFactors(x: number): number[] {
  const out: number[] = [];
  for (let q = 2; q * q <= x; q++) {
    if (x % q === 0) {
      out.push(q);
      while (x % q === 0) x /= q;
    }
  }
  if (x > 1) out.push(x);
  return out;
}

/** Is p (bit k = coefficient of x^k, degree deg ≥ 1) primitive: x has order 2^deg − 1? */
export function isPrimitive(p: number, deg: number): boolean {
  if (!(p & 1)) return false;
  const order = 2 ** deg - 1;
  if (powMod(order, p, deg) !== 1) return false;
  return primeFactors(order).every((q) => powMod(order / q, p, deg) !== 1);
}

/** The first `count` primitive polynomials, by increasing degree then value. */
export function primitivePolynomials(count: number): { poly: number; degree: number }[] {
  const out: { poly: number; degree: number }[] = [];
  for (let deg = 1; out.length < count && deg <= 24; deg++) {
    for (let p = (1 << deg) | 1; p < 1 << (deg + 1) && out.length < count; p += 2) {
      if (isPrimitive(p, deg)) out.push({ poly: p, degree: deg });
    }
  }
  return out;
}

export class Sobol {
  private readonly v: Uint32Array[];
  private readonly x: Uint32Array;
  private index = 0;

  constructor(
    readonly dim: number,
    seed: number,
  ) {
    const rng = new Rng(seed);
    const polys = primitivePolynomials(Math.max(0, dim - 1));
    this.v = [];
    for (let j = 0; j < dim; j++) {
      const v = new Uint32Array(BITS + 1);
      if (j === 0) {
        for (let k = 1; k <= BITS; k++) v[k] = (1 << (BITS - k)) >>> 0;
      } else {
        const { poly, degree: s } = polys[j - 1];
        for (let k = 1; k <= Math.min(s, BITS); k++) {
          const mk = 2 * rng.int(2 ** (k - 1)) + 1; // odd, < 2^k
          v[k] = (mk << (BITS - k)) >>> 0;
        }
        for (let k = s + 1; k <= BITS; k++) {
          let x = v[k - s] ^ (v[k - s] >>> s);
          for (let l = 1; l < s; l++) if ((poly >>> (s - l)) & 1) x ^= v[k - l];
          v[k] = x >>> 0;
        }
      }
      this.v.push(v);
    }
    this.x = new Uint32Array(dim);
  }

  /** The next point in [0,1)^dim (the first is the origin). */
  next(out: Float64Array = new Float64Array(this.dim)): Float64Array {
    if (this.index > 0) {
      // Gray code: flip the direction number of the lowest zero bit of index − 1.
      let c = 1;
      let i = this.index - 1;
      while (i & 1) {
        i >>>= 1;
        c++;
      }
      for (let j = 0; j < this.dim; j++) this.x[j] = (this.x[j] ^ this.v[j][c]) >>> 0;
    }
    this.index++;
    for (let j = 0; j < this.dim; j++) out[j] = this.x[j] / 2 ** BITS;
    return out;
  }
}
