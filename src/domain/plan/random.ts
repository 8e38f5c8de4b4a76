/**
 * Small, fast, seedable random numbers for the forecast. Every run of the Monte Carlo gets its own
 * stream derived from (seed, run index), so splitting runs across threads cannot change a result.
 */

/** One step of splitmix32: a good 32-bit mixer, used to expand a seed into generator state. */
export function splitmix32(x: number): number {
  let z = (x + 0x9e3779b9) | 0;
  z = Math.imul(z ^ (z >>> 16), 0x85ebca6b);
  z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35);
  return (z ^ (z >>> 16)) >>> 0;
}

/** xoshiro128** with helpers for the distributions the forecast needs. */
export class Rng {
  private a = 0;
  private b = 0;
  private c = 0;
  private d = 0;
  private spare = 0;
  private hasSpare = false;

  constructor(seed = 1, stream = 0) {
    this.reseed(seed, stream);
  }

  /** Resets the state to the stream of (seed, stream index); reusing one Rng avoids allocation per run. */
  reseed(seed: number, stream: number): void {
    // Seeds may exceed 32 bits: fold the high part in so that 1 and 2^32 + 1 differ.
    const lo = seed >>> 0;
    const hi = Math.floor(seed / 4294967296) >>> 0;
    let s = splitmix32(lo ^ splitmix32(hi ^ 0x5bd1e995));
    s = splitmix32(s ^ Math.imul(stream >>> 0, 0x27d4eb2f) ^ splitmix32(stream >>> 0));
    this.a = s;
    this.b = splitmix32(s + 1);
    this.c = splitmix32(s + 2);
    this.d = splitmix32(s + 3);
    if ((this.a | this.b | this.c | this.d) === 0) this.a = 1;
    this.hasSpare = false;
  }

  /** The next 32 random bits as an unsigned integer. */
  nextUint32(): number {
    const r = Math.imul(rotl(Math.imul(this.b, 5), 7), 9);
    const t = this.b << 9;
    this.c ^= this.a;
    this.d ^= this.b;
    this.b ^= this.c;
    this.a ^= this.d;
    this.c ^= t;
    this.d = rotl(this.d, 11);
    return r >>> 0;
  }

  /** A uniform number in (0, 1): never exactly 0, so its logarithm is finite. */
  uniform(): number {
    return (this.nextUint32() + 0.5) / 4294967296;
  }

  /** A standard normal draw (Marsaglia's polar method; the second value of each pair is kept). */
  normal(): number {
    if (this.hasSpare) {
      this.hasSpare = false;
      return this.spare;
    }
    let u: number;
    let v: number;
    let s: number;
    do {
      u = 2 * this.uniform() - 1;
      v = 2 * this.uniform() - 1;
      s = u * u + v * v;
    } while (s >= 1 || s === 0);
    const m = Math.sqrt((-2 * Math.log(s)) / s);
    this.spare = v * m;
    this.hasSpare = true;
    return u * m;
  }

  /**
   * A Gamma(shape, 1) draw by Marsaglia and Tsang, for shape >= 1, given d = shape - 1/3 and
   * c = 1 / sqrt(9 d) precomputed by the caller (the forecast draws the same shapes many times).
   */
  gammaDc(d: number, c: number): number {
    for (;;) {
      let x: number;
      let v: number;
      do {
        x = this.normal();
        v = 1 + c * x;
      } while (v <= 0);
      v = v * v * v;
      const u = this.uniform();
      const x2 = x * x;
      if (u < 1 - 0.0331 * x2 * x2) return d * v;
      if (Math.log(u) < 0.5 * x2 + d * (1 - v + Math.log(v))) return d * v;
    }
  }

  /** A Gamma(shape, 1) draw for shape >= 1. */
  gamma(shape: number): number {
    const d = shape - 1 / 3;
    return this.gammaDc(d, 1 / Math.sqrt(9 * d));
  }
}

function rotl(x: number, k: number): number {
  return (x << k) | (x >>> (32 - k));
}

/** The two Beta shapes of a beta-PERT on (low, likely, high) with lambda 4 (both are >= 1). */
export function pertShapes(low: number, likely: number, high: number): [number, number] {
  const range = high - low;
  if (range <= 0) return [1, 1];
  return [1 + (4 * (likely - low)) / range, 1 + (4 * (high - likely)) / range];
}

/** One beta-PERT draw on (low, likely, high), lambda 4; a degenerate estimate gives its value. */
export function samplePert(rng: Rng, low: number, likely: number, high: number): number {
  if (high <= low) return low;
  const [alpha, beta] = pertShapes(low, likely, high);
  const x = rng.gamma(alpha);
  const y = rng.gamma(beta);
  return low + (x / (x + y)) * (high - low);
}
