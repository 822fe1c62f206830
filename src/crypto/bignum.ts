// Fixed-width big numbers without BigInt (Espruino has none) for SRP6a (docs/spec/protocol.md §3.3): 24-bit limbs
// in Int32Array, Montgomery multiplication (FIOS; on Espruino 22-bit limbs + E.convolve) and
// 4-bit fixed-window exponentiation.
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
  /** The E.convolve context (built on first use by an exponentiation), see convCtx. */
  cv?: Conv;
}

/** A dot product with E.convolve's contract: sum of a[i]·b[(i + off) % b.length]. */
export type DotFn = (a: Int32Array, b: Int32Array, off: number) => number;
declare const E: { convolve?: DotFn } | undefined;

/** The native dot product when the platform has one (Espruino), else undefined (FIOS). */
let dot: DotFn | undefined;

/** Selects the dot product for exponentiations (tests pass an emulation; undefined = FIOS). */
export function useDot(f: DotFn | undefined): void {
  dot = f;
}
if (typeof E !== "undefined" && E && typeof E.convolve === "function") useDot(E.convolve);

/**
 * Montgomery arithmetic for E.convolve: L limbs of 22 bits, R' = 2^(22L) > 4m (so results stay
 * < 2m without a final subtraction). A column of a product is one dot product of 22-bit limbs:
 * at most L·2^44 + 2^30 < 2^53 for L < 500, so the native double sums are exact.
 */
interface Conv {
  L: number;
  /** m and -m^-1 mod R' as "padded" operands: 2L limbs, the value in the low L, zeros above. */
  nm: Int32Array;
  np: Int32Array;
  /** R'^2 mod m, padded. */
  r2: Int32Array;
  /** Scratch: high half of a·b (natural), low half reversed, quotient reversed, a dummy output. */
  t: Int32Array;
  tr: Int32Array;
  mr: Int32Array;
  junk: Int32Array;
}

/** Whether big-endian bytes b (leading zeros allowed) fit n 24-bit limbs. */
export function fitsLimbs(b: Uint8Array, n: number): boolean {
  let i = 0;
  while (i < b.length && b[i] === 0) i++;
  if (i === b.length) return true;
  let bits = 8 * (b.length - i);
  for (let v = 128; v > 0 && ((b[i] as number) & v) === 0; v >>= 1) bits--;
  return bits <= 24 * n;
}

/** Limbs of big-endian bytes b in n limbs; throws an Error if the value needs more. */
export function fromBytes(b: Uint8Array, n: number): Limbs {
  if (!fitsLimbs(b, n)) throw new Error("bignum: a " + b.length + "-byte value does not fit " + n + " limbs");
  const x = new Int32Array(n);
  let limb = 0;
  let shift = 0;
  for (let i = b.length - 1; i >= 0 && limb < n; i--) {
    x[limb] = (x[limb] as number) | ((b[i] as number) << shift);
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
 * undefined, else left-padded to len bytes (an Error if x does not fit).
 */
export function toBytes(x: Limbs, len?: number): Uint8Array {
  const need = byteLength(x);
  const size = len === undefined ? need : len;
  if (need > size) throw new Error("bignum: a " + need + "-byte value does not fit " + size + " bytes");
  const out = new Uint8Array(size);
  for (let k = 0; k < need; k++) {
    const v = x[(k / 3) | 0] as number;
    out[size - 1 - k] = (v >> (8 * (k % 3))) & 255;
  }
  return out;
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

/** 4-bit window k of exponent e (big-endian bytes, high nibble first). */
function nibble(e: Uint8Array, k: number): number {
  const v = e[k >> 1] as number;
  return (k & 1) === 0 ? v >> 4 : v & 15;
}

const R22 = 4194304;
const INV22 = 1 / 4194304;

/** E.convolve offset for column k of a product (first operand reversed, second padded to 2L). */
function off(k: number, L: number): number {
  return k < L - 1 ? k + L + 1 : k + 1 - L;
}

/**
 * oPad = a·b·R'^-1 mod m (< 2m) from a reversed (aRev) and b padded; also writes the result
 * reversed into oRev. Outputs may alias inputs (a·b is finished first). Needs a·b < 4m·R'/4.
 */
function montC(oPad: Int32Array, oRev: Int32Array, aRev: Int32Array, bPad: Int32Array, C: Conv): void {
  const f = dot as DotFn;
  const L = C.L;
  const t = C.t;
  const tr = C.tr;
  const mr = C.mr;
  const np = C.np;
  const nm = C.nm;
  let c = 0;
  let x = 0;
  let k = 0;
  // T = a·b: low half reversed into tr, high half into t (x < 2^52, so x·2^-22 | 0 is exact).
  for (k = 0; k < L; k++) {
    x = f(aRev, bPad, off(k, L)) + c;
    c = (x * INV22) | 0;
    tr[L - 1 - k] = x - c * R22;
  }
  for (k = L; k < 2 * L - 1; k++) {
    x = f(aRev, bPad, k + 1 - L) + c;
    c = (x * INV22) | 0;
    t[k - L] = x - c * R22;
  }
  t[L - 1] = c;
  // q = T·(-m^-1) mod R', reversed into mr.
  c = 0;
  for (k = 0; k < L; k++) {
    x = f(tr, np, off(k, L)) + c;
    c = (x * INV22) | 0;
    mr[L - 1 - k] = x - c * R22;
  }
  // Low half of T + q·m is exactly c·R': c from its top three columns (the rest adds < 2^-14).
  let s = 0;
  for (k = L > 3 ? L - 3 : 0; k < L; k++) s = (s + (tr[L - 1 - k] as number) + f(mr, nm, off(k, L))) * INV22;
  c = Math.floor(s + 0.5);
  for (k = L; k < 2 * L - 1; k++) {
    x = (t[k - L] as number) + f(mr, nm, k + 1 - L) + c;
    c = (x * INV22) | 0;
    x = x - c * R22;
    oPad[k - L] = x;
    oRev[2 * L - 1 - k] = x;
  }
  x = (t[L - 1] as number) + c;
  oPad[L - 1] = x;
  oRev[0] = x;
}

/** Limbs of width sw → limbs of width dw (little-endian, both ≤ 24 bits); out has dst limbs. */
function repack(src: Int32Array, sw: number, dw: number, dst: number): Int32Array {
  const out = new Int32Array(dst);
  const rad = 1 << dw;
  const inv = 1 / rad;
  let acc = 0;
  let bits = 0;
  let j = 0;
  for (let i = 0; i < src.length; i++) {
    acc += (src[i] as number) * (1 << bits);
    bits += sw;
    while (bits >= dw) {
      const lo = acc - Math.floor(acc * inv) * rad;
      if (j < dst) out[j] = lo;
      j++;
      acc = (acc - lo) * inv;
      bits -= dw;
    }
  }
  if (j < dst) out[j] = acc;
  return out;
}

/** x reversed (a new array). */
function rev(x: Int32Array): Int32Array {
  const L = x.length;
  const r = new Int32Array(L);
  for (let i = 0; i < L; i++) r[L - 1 - i] = x[i] as number;
  return r;
}

/** x (L limbs) as a padded operand (2L limbs). */
function padded(x: Int32Array): Int32Array {
  const p = new Int32Array(2 * x.length);
  p.set(x);
  return p;
}

/** out = a·b mod R' (low product; a reversed, b padded), natural. */
function lowC(aRev: Int32Array, bPad: Int32Array, L: number): Int32Array {
  const f = dot as DotFn;
  const out = new Int32Array(L);
  let c = 0;
  for (let k = 0; k < L; k++) {
    const x = f(aRev, bPad, off(k, L)) + c;
    c = (x * INV22) | 0;
    out[k] = x - c * R22;
  }
  return out;
}

/** R' - x mod R' (x natural, 22-bit limbs) plus add (a small integer). */
function negAdd(x: Int32Array, add: number): Int32Array {
  const out = new Int32Array(x.length);
  let c = add + 1; // -x = ~x + 1
  for (let i = 0; i < x.length; i++) {
    const v = R22 - 1 - (x[i] as number) + c;
    c = v >= R22 ? 1 : 0;
    out[i] = v - c * R22;
  }
  return out;
}

/** The E.convolve context of M (cached), or undefined without a dot product or for huge m. */
function convCtx(M: Modulus): Conv | undefined {
  if (!dot) return undefined;
  if (M.cv) return M.cv;
  const L = Math.ceil((24 * M.n + 2) / 22);
  if (L >= 500) return undefined;
  const m22 = repack(M.m, 24, 22, L);
  const nm = padded(m22);
  // x = m^-1 mod R' by Newton (x ← x·(2 - m·x)), from m^-1 mod 2^22; correct bits double each time.
  const m0 = m22[0] as number;
  let inv = m0;
  for (let k = 0; k < 5; k++) {
    let p = m0 * inv;
    p = p - Math.floor(p * INV22) * R22;
    p = (2 + R22 - p) * inv;
    inv = p - Math.floor(p * INV22) * R22;
  }
  let x: Int32Array = new Int32Array(L);
  x[0] = inv;
  for (let bits = 22; bits < 22 * L; bits *= 2) {
    const y = lowC(rev(x), nm, L);
    x = lowC(rev(x), padded(negAdd(y, 2)), L);
  }
  // R'^2 = R^2 · 2^(2d) with d = 22L - 24n: double M.r2 2d times mod m.
  const r2 = new Int32Array(M.r2);
  for (let k = 0; k < 2 * (22 * L - 24 * M.n); k++) dblMod(r2, M);
  M.cv = {
    L: L,
    nm: nm,
    np: padded(negAdd(x, 0)),
    r2: padded(repack(r2, 24, 22, L)),
    t: new Int32Array(L),
    tr: new Int32Array(L),
    mr: new Int32Array(L),
    junk: new Int32Array(L),
  };
  return M.cv;
}

/**
 * PowJob's E.convolve variant: same multiplication sequence, 22-bit limbs in Montgomery form
 * R'; the table holds natural forms, copied into one padded operand per multiplication.
 */
class ConvPow {
  private M_: Modulus;
  private C_: Conv;
  private e_: Uint8Array;
  private tbl_: Int32Array[];
  private b1r_: Int32Array;
  private accP_: Int32Array;
  private accR_: Int32Array;
  private op_: Int32Array;
  private phase_: number;
  private i_: number;
  private sq_: number;

  constructor(base: Limbs, e: Uint8Array, M: Modulus, C: Conv) {
    const L = C.L;
    this.M_ = M;
    this.C_ = C;
    this.e_ = e;
    this.b1r_ = rev(repack(base, 24, 22, L));
    const one = new Int32Array(L);
    one[L - 1] = 1; // reversed 1
    this.tbl_ = [one];
    this.accP_ = new Int32Array(2 * L);
    this.accR_ = new Int32Array(L);
    this.op_ = new Int32Array(2 * L);
    this.phase_ = 0;
    this.i_ = 2;
    this.sq_ = 0;
  }

  /** acc = acc · operand (natural form, copied into the padded scratch). */
  private mulBy_(x: Int32Array): void {
    this.op_.set(x);
    montC(this.accP_, this.accR_, this.accR_, this.op_, this.C_);
  }

  step(): boolean {
    const C = this.C_;
    const L = C.L;
    const tbl = this.tbl_;
    if (this.phase_ === 0) {
      // tbl[0] = R' mod m (Montgomery 1), tbl[1] = base·R' mod m.
      const t0 = new Int32Array(L);
      montC(t0, C.junk, tbl[0] as Int32Array, C.r2, C);
      const t1 = new Int32Array(L);
      montC(t1, this.b1r_, this.b1r_, C.r2, C);
      this.tbl_ = [t0, t1];
      this.phase_ = 1;
    } else if (this.phase_ === 1) {
      const x = new Int32Array(L);
      this.op_.set(tbl[this.i_ - 1] as Int32Array);
      montC(x, C.junk, this.b1r_, this.op_, C);
      tbl.push(x);
      this.i_++;
      if (this.i_ === 16) {
        this.phase_ = 2;
        this.i_ = 1;
        const a0 = this.e_.length === 0 ? (tbl[0] as Int32Array) : (tbl[nibble(this.e_, 0)] as Int32Array);
        this.accP_.set(a0);
        for (let k = 0; k < L; k++) this.accR_[L - 1 - k] = a0[k] as number;
      }
    } else if (this.phase_ === 2) {
      if (this.i_ >= 2 * this.e_.length) {
        this.phase_ = 3;
      } else if (this.sq_ < 4) {
        montC(this.accP_, this.accR_, this.accR_, this.accP_, C);
        this.sq_++;
      } else {
        this.mulBy_(tbl[nibble(this.e_, this.i_)] as Int32Array);
        this.sq_ = 0;
        this.i_++;
      }
    } else if (this.phase_ === 3) {
      // Out of Montgomery form: acc·1·R'^-1 ≤ m (= m only for acc ≡ 0).
      const one = new Int32Array(L);
      one[0] = 1;
      this.mulBy_(one);
      this.tbl_ = [];
      this.phase_ = 4;
    }
    return this.phase_ === 4;
  }

  result(): Limbs {
    const M = this.M_;
    const r = repack(this.accP_.subarray(0, this.C_.L), 22, 24, M.n);
    if (compare(r, M.m) >= 0) subInto(r, r, M.m, M.n);
    return r;
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
  const m = fromBytes(mBytes, n);
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

/** Big-endian bytes of up to 2n limbs reduced mod m (an Error if longer: fitsLimbs first). */
export function fromBytesMod(b: Uint8Array, M: Modulus): Limbs {
  const n = M.n;
  const w = fromBytes(b, 2 * n);
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
  /** The E.convolve variant doing the work, when the platform has E.convolve. */
  private cj_: ConvPow | undefined;

  constructor(base: Limbs, e: Uint8Array, M: Modulus) {
    if (base.length !== M.n) throw new Error("bignum: the base has " + base.length + " limbs, the modulus " + M.n);
    const C = convCtx(M);
    this.cj_ = C ? new ConvPow(base, e, M, C) : undefined;
    this.M_ = M;
    this.e_ = e;
    this.tbl_ = [new Int32Array(M.one), new Int32Array(base)];
    this.acc_ = new Int32Array(M.n);
    this.phase_ = 0;
    this.i_ = 2;
    this.sq_ = 0;
  }

  /** Does one multiplication; returns true once the result is ready. */
  step(): boolean {
    if (this.cj_) return this.cj_.step();
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
        else this.acc_.set(tbl[nibble(this.e_, 0)] as Limbs);
      }
    } else if (this.phase_ === 2) {
      if (this.i_ >= 2 * this.e_.length) {
        this.phase_ = 3;
      } else if (this.sq_ < 4) {
        montMul(this.acc_, this.acc_, this.acc_, M);
        this.sq_++;
      } else {
        montMul(this.acc_, this.acc_, tbl[nibble(this.e_, this.i_)] as Limbs, M);
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
    if (this.cj_) return this.cj_.result();
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
