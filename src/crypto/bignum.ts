// Fixed-width big numbers without BigInt (Espruino has none) for SRP6a (spec §3.3): 24-bit limbs
// in Int32Array, Montgomery multiplication (FIOS) and 4-bit fixed-window exponentiation.
import type { ClockPort } from "../platform/clock";
import type { Done } from "../platform/done";

/**
 * A non-negative integer as little-endian 24-bit limbs (each 0 ≤ limb < 2^24). Arrays used with
 * one Modulus all have its limb count n. 24 bits keep every limb product plus the running sums
 * below 2^53, so double arithmetic stays exact on Node and on Espruino.
 */
export type Limbs = Int32Array;

/** 2^24, the limb radix; RADIX_INV is exact (power of two), so x * RADIX_INV never rounds. */
const RADIX = 16777216;
const RADIX_INV = 1 / 16777216;

/** An odd modulus m prepared for Montgomery arithmetic with R = 2^(24n). */
export interface Modulus {
  /** Limb count: ceil(bitLength(m) / 24). 128 for the 3072-bit SRP group. */
  n: number;
  /** m itself. */
  m: Limbs;
  /** -m^-1 mod 2^24. */
  q: number;
  /** R^2 mod m (converts into Montgomery form). */
  r2: Limbs;
  /** R mod m (Montgomery form of 1). */
  one: Limbs;
  /** Plain 1 (converts out of Montgomery form). */
  unit: Limbs;
  /** Scratch accumulator, n + 1 limbs (montMul is synchronous, so sharing is safe). */
  t: Limbs;
}

/** Limbs of big-endian bytes b in n limbs; undefined if the value needs more than n limbs. */
export function fromBytes(b: Uint8Array, n: number): Limbs | undefined {
  const x = new Int32Array(n);
  let limb = 0;
  let shift = 0;
  for (let i = b.length - 1; i >= 0; i--) {
    const v = b[i] as number;
    if (limb >= n) {
      if (v !== 0) return undefined;
      continue;
    }
    x[limb] = (x[limb] as number) | (v << shift);
    shift += 8;
    if (shift === 24) {
      shift = 0;
      limb++;
    }
  }
  return x;
}

/** Number of significant bytes of x (0 for zero). */
function byteLength(x: Limbs): number {
  let i = x.length - 1;
  while (i >= 0 && x[i] === 0) i--;
  if (i < 0) return 0;
  const top = x[i] as number;
  return 3 * i + (top >= 65536 ? 3 : top >= 256 ? 2 : 1);
}

/**
 * Big-endian bytes of x: minimal (no leading zeros; zero gives an empty array) when len is
 * undefined, else left-padded to len bytes (undefined if x does not fit).
 */
export function toBytes(x: Limbs, len?: number): Uint8Array | undefined {
  const need = byteLength(x);
  const size = len === undefined ? need : len;
  if (need > size) return undefined;
  const out = new Uint8Array(size);
  for (let k = 0; k < need; k++) {
    const v = x[(k / 3) | 0] as number;
    out[size - 1 - k] = (v >> (8 * (k % 3))) & 255;
  }
  return out;
}

/** Minimal big-endian bytes of x (toBytes without a width, typed as always defined). */
export function toMinBytes(x: Limbs): Uint8Array {
  return toBytes(x) as Uint8Array;
}

/** -1, 0 or 1 as a <, =, > b (same limb count). */
export function compare(a: Limbs, b: Limbs): number {
  for (let i = a.length - 1; i >= 0; i--) {
    const d = (a[i] as number) - (b[i] as number);
    if (d !== 0) return d < 0 ? -1 : 1;
  }
  return 0;
}

/** True if x is zero. */
export function isZero(x: Limbs): boolean {
  let d = 0;
  for (let i = 0; i < x.length; i++) d |= x[i] as number;
  return d === 0;
}

/** out = a - b over n limbs; returns the final borrow (1 if a < b). out may alias a or b. */
function subInto(out: Limbs, a: Limbs, b: Limbs, n: number): number {
  let borrow = 0;
  for (let i = 0; i < n; i++) {
    let d = (a[i] as number) - (b[i] as number) - borrow;
    borrow = 0;
    if (d < 0) {
      d += RADIX;
      borrow = 1;
    }
    out[i] = d;
  }
  return borrow;
}

/** out = a + b over n limbs; returns the carry out. out may alias a or b. */
function addInto(out: Limbs, a: Limbs, b: Limbs, n: number): number {
  let c = 0;
  for (let i = 0; i < n; i++) {
    let d = (a[i] as number) + (b[i] as number) + c;
    c = 0;
    if (d >= RADIX) {
      d -= RADIX;
      c = 1;
    }
    out[i] = d;
  }
  return c;
}

/**
 * out = a·b·R^-1 mod M (Montgomery product, finely integrated operand scanning).
 * Needs a < R and b < m; out may alias a or b. The loop keeps t < 2m, so t[n] ≤ 1.
 */
export function montMul(out: Limbs, a: Limbs, b: Limbs, M: Modulus): void {
  const n = M.n;
  const m = M.m;
  const t = M.t;
  const q = M.q;
  const b0 = b[0] as number;
  const m0 = m[0] as number;
  t.fill(0);
  for (let i = 0; i < n; i++) {
    const ai = a[i] as number;
    let x = (t[0] as number) + ai * b0;
    let lo = x - ((x * RADIX_INV) | 0) * RADIX;
    lo = lo * q;
    const mi = lo - ((lo * RADIX_INV) | 0) * RADIX;
    // x + mi·m0 ≡ 0 mod 2^24 by the choice of mi, so the scaled value is an exact integer.
    let c = (x + mi * m0) * RADIX_INV;
    for (let j = 1; j < n; j++) {
      x = (t[j] as number) + ai * (b[j] as number) + mi * (m[j] as number) + c;
      c = (x * RADIX_INV) | 0;
      t[j - 1] = x - c * RADIX;
    }
    x = (t[n] as number) + c;
    c = (x * RADIX_INV) | 0;
    t[n - 1] = x - c * RADIX;
    t[n] = c;
  }
  // Final conditional subtraction: out = t - m if t ≥ m, else t.
  const borrow = subInto(out, t, m, n);
  if ((t[n] as number) - borrow < 0) {
    for (let i = 0; i < n; i++) out[i] = t[i] as number;
  }
}

/** -m0^-1 mod 2^24 by Newton iteration (each step doubles the correct low bits). */
function negInv24(m0: number): number {
  let inv = m0; // correct to 3 bits for odd m0
  for (let k = 0; k < 4; k++) {
    let p = m0 * inv;
    p = p - Math.floor(p * RADIX_INV) * RADIX; // m0·inv mod 2^24
    p = 2 + RADIX - p;
    p = p * inv;
    inv = p - Math.floor(p * RADIX_INV) * RADIX;
  }
  return inv === 0 ? 0 : RADIX - inv;
}

/** x = 2x mod m in place (x < m). */
function dblMod(x: Limbs, M: Modulus): void {
  const n = M.n;
  const c = addInto(x, x, x, n);
  if (c === 1 || compare(x, M.m) >= 0) subInto(x, x, M.m, n);
}

/** Prepares an odd modulus m > 1 (big-endian bytes); undefined if m is even or ≤ 1. */
export function modulus(mBytes: Uint8Array): Modulus | undefined {
  let i = 0;
  while (i < mBytes.length && mBytes[i] === 0) i++;
  if (i === mBytes.length) return undefined;
  const last = mBytes[mBytes.length - 1] as number;
  const topByte = mBytes[i] as number;
  if ((last & 1) === 0 || (mBytes.length - i === 1 && topByte === 1)) return undefined;
  let bits = 8 * (mBytes.length - i);
  for (let v = 128; v > 0 && (topByte & v) === 0; v >>= 1) bits--;
  const n = Math.ceil(bits / 24);
  const m = fromBytes(mBytes, n) as Limbs;
  const unit = new Int32Array(n);
  unit[0] = 1;
  const M: Modulus = {
    n: n,
    m: m,
    q: negInv24(m[0] as number),
    r2: new Int32Array(n),
    one: new Int32Array(n),
    unit: unit,
    t: new Int32Array(n + 1),
  };
  // x = 2^(bits-1) < m, doubled up to 2^(24n) mod m = R mod m.
  const x = new Int32Array(n);
  const tb = bits - 1;
  x[(tb / 24) | 0] = 1 << (tb % 24);
  for (let k = bits - 1; k < 24 * n; k++) dblMod(x, M);
  M.one.set(x);
  // 24n = t·2^s (t odd): 2^(24n+t) mod m is the Montgomery form of 2^t; s Montgomery
  // squarings turn it into the form of 2^(24n) = R, i.e. R·R mod m.
  let t = 24 * n;
  let s = 0;
  while ((t & 1) === 0) {
    t >>= 1;
    s++;
  }
  for (let k = 0; k < t; k++) dblMod(x, M);
  for (let k = 0; k < s; k++) montMul(x, x, x, M);
  M.r2.set(x);
  return M;
}

/** a mod m for any a < R (n limbs). */
export function reduce(a: Limbs, M: Modulus): Limbs {
  const out = new Int32Array(M.n);
  montMul(out, a, M.r2, M);
  montMul(out, out, M.unit, M);
  return out;
}

/** Big-endian bytes of up to 2n limbs reduced mod m; undefined if longer. */
export function fromBytesMod(b: Uint8Array, M: Modulus): Limbs | undefined {
  const n = M.n;
  const w = fromBytes(b, 2 * n);
  if (!w) return undefined;
  // w = hi·R + lo ≡ montMul(hi, R^2) + lo (mod m).
  const hi = new Int32Array(w.subarray(n, 2 * n));
  const lo = reduce(new Int32Array(w.subarray(0, n)), M);
  montMul(hi, hi, M.r2, M);
  return modAdd(hi, lo, M);
}

/** (a + b) mod m, for a, b < m. */
export function modAdd(a: Limbs, b: Limbs, M: Modulus): Limbs {
  const out = new Int32Array(M.n);
  const c = addInto(out, a, b, M.n);
  if (c === 1 || compare(out, M.m) >= 0) subInto(out, out, M.m, M.n);
  return out;
}

/** (a - b) mod m, for a, b < m. */
export function modSub(a: Limbs, b: Limbs, M: Modulus): Limbs {
  const out = new Int32Array(M.n);
  if (subInto(out, a, b, M.n) === 1) addInto(out, out, M.m, M.n);
  return out;
}

/** a·b mod m, for a < R and b < m. */
export function modMul(a: Limbs, b: Limbs, M: Modulus): Limbs {
  const out = new Int32Array(M.n);
  montMul(out, a, b, M);
  montMul(out, out, M.r2, M);
  return out;
}

/**
 * base^e mod m as a resumable job: each step() is one Montgomery multiplication, so the same
 * code serves modPow (run to the end) and modPowSliced (run in time slices). 4-bit fixed window
 * over every nibble of e as given (leading zero bytes included, so the multiplication sequence
 * depends only on len(e), not on the secret exponent's value).
 */
export class PowJob {
  private M_: Modulus;
  private e_: Uint8Array;
  private tbl_: Limbs[];
  private acc_: Limbs;
  /** 0 convert base, 1 build table, 2 exponentiate, 3 leave Montgomery form, 4 done. */
  private phase_: number;
  /** Table index (phase 1) or nibble index (phase 2). */
  private i_: number;
  /** Squarings done for the current nibble (0..4). */
  private sq_: number;

  constructor(base: Limbs, e: Uint8Array, M: Modulus) {
    this.M_ = M;
    this.e_ = e;
    this.tbl_ = [new Int32Array(M.one), new Int32Array(base)];
    this.acc_ = new Int32Array(M.n);
    this.phase_ = 0;
    this.i_ = 2;
    this.sq_ = 0;
  }

  private nibble_(k: number): number {
    const v = this.e_[k >> 1] as number;
    return (k & 1) === 0 ? v >> 4 : v & 15;
  }

  /** Does one multiplication; returns true once the result is ready. */
  step(): boolean {
    const M = this.M_;
    const tbl = this.tbl_;
    if (this.phase_ === 0) {
      const b1 = tbl[1] as Limbs;
      montMul(b1, b1, M.r2, M);
      this.phase_ = 1;
    } else if (this.phase_ === 1) {
      const x = new Int32Array(M.n);
      montMul(x, tbl[this.i_ - 1] as Limbs, tbl[1] as Limbs, M);
      tbl.push(x);
      this.i_++;
      if (this.i_ === 16) {
        this.phase_ = 2;
        this.i_ = 1;
        if (this.e_.length === 0) this.acc_.set(M.one);
        else this.acc_.set(tbl[this.nibble_(0)] as Limbs);
      }
    } else if (this.phase_ === 2) {
      if (this.i_ >= 2 * this.e_.length) {
        this.phase_ = 3;
      } else if (this.sq_ < 4) {
        montMul(this.acc_, this.acc_, this.acc_, M);
        this.sq_++;
      } else {
        montMul(this.acc_, this.acc_, tbl[this.nibble_(this.i_)] as Limbs, M);
        this.sq_ = 0;
        this.i_++;
      }
    } else if (this.phase_ === 3) {
      montMul(this.acc_, this.acc_, M.unit, M);
      this.tbl_ = [];
      this.phase_ = 4;
    }
    return this.phase_ === 4;
  }

  /** The result (valid once step() returned true). */
  result(): Limbs {
    return this.acc_;
  }
}

/** base^e mod m (base < R, e big-endian bytes), computed at once. */
export function modPow(base: Limbs, e: Uint8Array, M: Modulus): Limbs {
  const job = new PowJob(base, e, M);
  while (!job.step()) {
    // one Montgomery multiplication per step
  }
  return job.result();
}

/**
 * base^e mod m in slices of about sliceMs, yielding to the event loop between slices through
 * clock timers, so a device keeps answering radio events during a 3072-bit exponentiation.
 * done(0, result) is never called synchronously. Returns a function that cancels the job
 * (done is then never called).
 */
export function modPowSliced(
  base: Limbs,
  e: Uint8Array,
  M: Modulus,
  clock: ClockPort,
  sliceMs: number,
  done: Done<Limbs>,
): () => void {
  const job = new PowJob(base, e, M);
  let timer = 0;
  let cancelled = false;
  function run(): void {
    timer = 0;
    if (cancelled) return;
    const t0 = clock.now();
    while (!job.step()) {
      if (clock.now() - t0 >= sliceMs) {
        timer = clock.setTimer(0, run);
        return;
      }
    }
    done(0, job.result());
  }
  timer = clock.setTimer(0, run);
  return function cancel(): void {
    cancelled = true;
    if (timer) clock.clearTimer(timer);
    timer = 0;
  };
}

/** a + b of big-endian byte strings (plain integers, any lengths), minimal bytes. */
export function addBytes(a: Uint8Array, b: Uint8Array): Uint8Array {
  const len = (a.length > b.length ? a.length : b.length) + 1;
  const out = new Uint8Array(len);
  let c = 0;
  for (let k = 0; k < len; k++) {
    const x = (k < a.length ? (a[a.length - 1 - k] as number) : 0) + (k < b.length ? (b[b.length - 1 - k] as number) : 0) + c;
    out[len - 1 - k] = x & 255;
    c = x >> 8;
  }
  return trimBytes(out);
}

/** a · b of big-endian byte strings (plain integers; host-side sizes), minimal bytes. */
export function mulBytes(a: Uint8Array, b: Uint8Array): Uint8Array {
  const acc = new Float64Array(a.length + b.length);
  for (let i = 0; i < a.length; i++) {
    const ai = a[a.length - 1 - i] as number;
    for (let j = 0; j < b.length; j++) acc[i + j] = (acc[i + j] as number) + ai * (b[b.length - 1 - j] as number);
  }
  const out = new Uint8Array(acc.length);
  let c = 0;
  for (let k = 0; k < acc.length; k++) {
    const x = (acc[k] as number) + c;
    c = Math.floor(x / 256);
    out[acc.length - 1 - k] = x - c * 256;
  }
  return trimBytes(out);
}

/** b without leading zero bytes (a view). */
export function trimBytes(b: Uint8Array): Uint8Array {
  let i = 0;
  while (i < b.length && b[i] === 0) i++;
  return b.subarray(i);
}
