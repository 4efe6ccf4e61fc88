// Seeded pseudo-random numbers for simulation on plain numbers (Float64).
// xoshiro128** seeded through splitmix32: fast, 32-bit state words, reproducible across
// platforms. Every random draw in mechlab goes through an Rng built from a recorded seed.

function splitmix32(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x9e3779b9) >>> 0;
    let z = s;
    z = Math.imul(z ^ (z >>> 16), 0x85ebca6b) >>> 0;
    z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35) >>> 0;
    return (z ^ (z >>> 16)) >>> 0;
  };
}

/** An Rng's state: its four 32-bit words and the spare normal draw (null when none). */
export interface RngState {
  words: number[];
  spare: number | null;
}

export class Rng {
  private a: number;
  private b: number;
  private c: number;
  private d: number;
  private spare: number | undefined;

  constructor(seed: number) {
    if (!Number.isInteger(seed)) throw new RangeError(`seed must be an integer, got ${seed}`);
    const sm = splitmix32(seed);
    this.a = sm();
    this.b = sm();
    this.c = sm();
    this.d = sm();
  }

  /** Next 32 random bits as an unsigned integer. */
  nextU32(): number {
    const result = Math.imul(rotl(Math.imul(this.b, 5), 7), 9) >>> 0;
    const t = this.b << 9;
    this.c ^= this.a;
    this.d ^= this.b;
    this.b ^= this.c;
    this.a ^= this.d;
    this.c ^= t;
    this.d = rotl(this.d, 11);
    return result;
  }

  /** Uniform on [0, 1) with 53 random bits. */
  uniform(): number {
    const hi = this.nextU32() >>> 5;
    const lo = this.nextU32() >>> 6;
    return (hi * 67108864 + lo) / 9007199254740992;
  }

  /** Uniform on [lo, hi). */
  uniformIn(lo: number, hi: number): number {
    return lo + (hi - lo) * this.uniform();
  }

  /** Integer uniform on {0, …, n−1}. */
  int(n: number): number {
    return Math.floor(this.uniform() * n);
  }

  /** Standard normal (Marsaglia polar method). */
  normal(): number {
    if (this.spare !== undefined) {
      const s = this.spare;
      this.spare = undefined;
      return s;
    }
    for (;;) {
      const u = 2 * this.uniform() - 1;
      const v = 2 * this.uniform() - 1;
      const s = u * u + v * v;
      if (s > 0 && s < 1) {
        const m = Math.sqrt((-2 * Math.log(s)) / s);
        this.spare = v * m;
        return u * m;
      }
    }
  }

  /** Index drawn with the given probabilities (which must sum to 1 up to rounding). */
  categorical(probs: ArrayLike<number>): number {
    let u = this.uniform();
    const last = probs.length - 1;
    for (let k = 0; k < last; k++) {
      u -= probs[k];
      if (u < 0) return k;
    }
    return last;
  }

  /** A copy in the same state: both produce the same draws from here on (pathwise twins). */
  clone(): Rng {
    const r = Object.create(Rng.prototype) as Rng;
    r.a = this.a;
    r.b = this.b;
    r.c = this.c;
    r.d = this.d;
    r.spare = this.spare;
    return r;
  }

  /** The generator's whole state (for checkpoints); `Rng.fromState` continues from it exactly. */
  state(): RngState {
    return { words: [this.a, this.b, this.c, this.d], spare: this.spare ?? null };
  }

  static fromState(s: RngState): Rng {
    const r = Object.create(Rng.prototype) as Rng;
    [r.a, r.b, r.c, r.d] = s.words.map((w) => w >>> 0);
    r.spare = s.spare ?? undefined;
    return r;
  }

  /** An independent child generator, e.g. one per evaluation sample or per worker. */
  split(): Rng {
    return new Rng(this.nextU32() | 0);
  }
}

function rotl(x: number, k: number): number {
  return ((x << k) | (x >>> (32 - k))) >>> 0;
}
