// Seeded, platform-independent randomness for the input pipeline and the pp
// ops. Everything random is a pure function of (seed, position), so a run is
// reproducible and a resumed run draws exactly what the uninterrupted run drew.

/** Avalanche mix of a 32-bit word (murmur3's finalizer). */
function fmix32(h: number): number {
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

/**
 * Hashes integers (any safe integer, also beyond 32 bits) into one 32-bit
 * seed: `hashSeed(seed, epoch, position)`.
 */
export function hashSeed(...values: number[]): number {
  let h = 0x9e3779b9;
  for (const v of values) {
    const lo = v >>> 0;
    const hi = Math.floor(v / 2 ** 32) >>> 0;
    h = fmix32(h ^ fmix32(lo + 0x7f4a7c15));
    h = fmix32(h ^ fmix32(hi + 0x632be5ab));
  }
  return h;
}

/** sfc32 generator: small, fast, and good enough for shuffling and augmentation. */
export class Rng {
  private a: number;
  private b: number;
  private c: number;
  private d = 1;

  constructor(seed: number) {
    this.a = hashSeed(seed, 1);
    this.b = hashSeed(seed, 2);
    this.c = hashSeed(seed, 3);
    for (let i = 0; i < 12; i++) this.uint32(); // Warm up past the seeding state.
  }

  /** Uniform 32-bit unsigned integer. */
  uint32(): number {
    const t = (((this.a + this.b) >>> 0) + this.d) >>> 0;
    this.d = (this.d + 1) >>> 0;
    this.a = this.b ^ (this.b >>> 9);
    this.b = (this.c + (this.c << 3)) >>> 0;
    this.c = ((this.c << 21) | (this.c >>> 11)) >>> 0;
    this.c = (this.c + t) >>> 0;
    return t;
  }

  /** Uniform float in [0, 1). */
  next(): number {
    return this.uint32() / 2 ** 32;
  }

  /** Uniform integer in [0, n). */
  int(n: number): number {
    return Math.floor(this.next() * n);
  }

  /** Uniform float in [lo, hi). */
  uniform(lo: number, hi: number): number {
    return lo + (hi - lo) * this.next();
  }
}
