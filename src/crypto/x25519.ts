// X25519 (RFC 7748 §5) without BigInt: 16 limbs of 16 bits in Float64Array (the tweetnacl method),
// an optional E.convolve field multiplication on Espruino (platform notes §4.3a), and a sliced
// variant that yields to the event loop so the device keeps serving requests (issue 8).
import type { ClockPort } from "../platform/clock";

/** Espruino's native dot product: sum of a[i] * b[(i + off) % b.length] over a. */
export type ConvolveFn = (a: Float64Array, b: Float64Array, off: number) => number;
declare const E: { convolve?: ConvolveFn } | undefined;

type Fe = Float64Array;

/** Adding then subtracting 1.5·2^52 rounds a double to the nearest integer (exact below 2^51). */
const RND = Math.pow(2, 52) * 1.5;
const A24 = 121665;

// Scratch shared by every computation: only used inside one synchronous field operation.
const T = new Float64Array(31); // product coefficients / convolve table
const R = new Float64Array(16); // reversed first operand for convolve
const P = new Float64Array(16); // convolve products (T is still the table while they are made)
let conv: ConvolveFn | undefined;

function fe(): Fe {
  return new Float64Array(16);
}

/** o = t[0..15] carried: one balanced pass (limbs in ±2^15), the top carry folded as 38·c (2^256 ≡ 38 mod p), then a limb-0 fix-up. */
function carryInto(o: Fe, t: Float64Array): void {
  let c = 0;
  let v = 0;
  for (let i = 0; i < 16; i++) {
    v = (t[i] as number) + c;
    c = v / 65536 + RND - RND;
    o[i] = v - c * 65536;
  }
  v = (o[0] as number) + 38 * c;
  c = v / 65536 + RND - RND;
  o[0] = v - c * 65536;
  o[1] = (o[1] as number) + c;
}

/** Schoolbook product in JS (Node, or Espruino without E.convolve). o may alias a or b. */
function mulJs(o: Fe, a: Fe, b: Fe): void {
  let i = 0;
  let j = 0;
  let x = 0;
  T.fill(0);
  for (i = 0; i < 16; i++) {
    x = a[i] as number;
    for (j = 0; j < 16; j++) T[i + j] = (T[i + j] as number) + x * (b[j] as number);
  }
  for (i = 0; i < 15; i++) T[i] = (T[i] as number) + 38 * (T[i + 16] as number);
  carryInto(o, T);
}

/**
 * Product via 16 native dot products: with T = [38·b1..38·b15, b0..b15] and R = a reversed,
 * coefficient k of a·b mod 2^256-38 is sum_i R[i]·T[i+k]. o may alias a or b.
 */
function mulConv(o: Fe, a: Fe, b: Fe): void {
  const cv = conv as ConvolveFn;
  let i = 0;
  for (i = 0; i < 15; i++) {
    T[i] = 38 * (b[i + 1] as number);
    T[i + 15] = b[i] as number;
    R[i] = a[15 - i] as number;
  }
  T[30] = b[15] as number;
  R[15] = a[0] as number;
  for (i = 0; i < 16; i++) P[i] = cv(R, T, i);
  carryInto(o, P);
}

let mul: (o: Fe, a: Fe, b: Fe) => void = mulJs;

/**
 * Selects the field multiplication: a convolve function (E.convolve on Espruino, or an emulation
 * in tests), or undefined for the pure-JS loop. Called once at load with E.convolve when present.
 */
export function useConvolve(fn: ConvolveFn | undefined): void {
  conv = fn;
  mul = fn ? mulConv : mulJs;
}
if (typeof E !== "undefined" && E && typeof E.convolve === "function") useConvolve(E.convolve);

function add(o: Fe, a: Fe, b: Fe): void {
  for (let i = 0; i < 16; i++) o[i] = (a[i] as number) + (b[i] as number);
}

function sub(o: Fe, a: Fe, b: Fe): void {
  for (let i = 0; i < 16; i++) o[i] = (a[i] as number) - (b[i] as number);
}

/** o = a·121665 (a24): limb-wise product then the usual carry. */
function mulA24(o: Fe, a: Fe): void {
  for (let i = 0; i < 16; i++) T[i] = A24 * (a[i] as number);
  carryInto(o, T);
}

/** Constant-time swap of p and q when bit is 1 (limbs are small integers, so int32 masks are exact). */
function cswap(p: Fe, q: Fe, bit: number): void {
  const m = -bit;
  let t = 0;
  for (let i = 0; i < 16; i++) {
    t = m & ((p[i] as number) ^ (q[i] as number));
    p[i] = (p[i] as number) ^ t;
    q[i] = (q[i] as number) ^ t;
  }
}

/** Little-endian bytes of a field element, fully reduced mod p = 2^255-19 (tweetnacl pack25519). */
function pack(out: Uint8Array, n: Fe): void {
  const t = fe();
  const m = fe();
  t.set(n);
  let c = 0;
  for (let k = 0; k < 4; k++) {
    for (let i = 0; i < 16; i++) {
      t[i] = (t[i] as number) + c;
      c = Math.floor((t[i] as number) / 65536);
      t[i] = (t[i] as number) - c * 65536;
    }
    t[0] = (t[0] as number) + 38 * c;
    c = 0;
  }
  // Now 0 <= t < 2^256 < 3p: subtract p twice where it does not go negative.
  for (let k = 0; k < 2; k++) {
    m[0] = (t[0] as number) - 0xffed;
    for (let i = 1; i < 15; i++) {
      m[i] = (t[i] as number) - 0xffff - (((m[i - 1] as number) >> 16) & 1);
      m[i - 1] = (m[i - 1] as number) & 0xffff;
    }
    m[15] = (t[15] as number) - 0x7fff - (((m[14] as number) >> 16) & 1);
    const b = ((m[15] as number) >> 16) & 1;
    m[14] = (m[14] as number) & 0xffff;
    cswap(t, m, 1 - b);
  }
  for (let i = 0; i < 16; i++) {
    out[2 * i] = (t[i] as number) & 0xff;
    out[2 * i + 1] = (t[i] as number) >> 8;
  }
  t.fill(0);
  m.fill(0);
}

// Inversion z^(p-2) by the ref10 addition chain (254 squarings, 11 multiplications), written as
// "dst = src^(2^n) · mul" rows so it can be sliced one squaring at a time.
// Registers: 0 = z, 1..4 = t0..t3, 5 = result. -1 = no multiplication.
const CHAIN = [
  1, 0, 1, -1, // t0 = z^2
  2, 1, 2, 0, // t1 = t0^4·z = z^9
  1, 1, 0, 2, // t0 = t0·t1 = z^11
  2, 1, 1, 2, // t1 = t0^2·t1 = z^(2^5-1)
  2, 2, 5, 2, // z^(2^10-1)
  3, 2, 10, 2, // z^(2^20-1)
  3, 3, 20, 3, // z^(2^40-1)
  2, 3, 10, 2, // t1 = z^(2^50-1)
  3, 2, 50, 2, // z^(2^100-1)
  4, 3, 100, 3, // z^(2^200-1)
  4, 4, 50, 2, // z^(2^250-1)
  5, 4, 5, 1, // z^(2^255-21) = z^(p-2)
];

/** One X25519 computation; step() advances by one ladder step or one inversion squaring. */
class Ladder {
  private k_: Uint8Array;
  private x1_: Fe;
  private x2_: Fe;
  private z2_: Fe;
  private x3_: Fe;
  private z3_: Fe;
  private a_: Fe;
  private b_: Fe;
  private c_: Fe;
  private d_: Fe;
  private e_: Fe;
  private regs_: Fe[];
  private acc_: Fe;
  private t_: number; // ladder bit index, 254..0; then -1
  private swap_: number;
  private row_: number; // CHAIN row during inversion
  private sq_: number; // squarings done in the current row (-1 = row not started)

  constructor(scalar: Uint8Array, u: Uint8Array) {
    const k = new Uint8Array(32);
    k.set(scalar.subarray(0, 32));
    k[0] = (k[0] as number) & 248;
    k[31] = ((k[31] as number) & 127) | 64;
    this.k_ = k;
    const x1 = fe();
    for (let i = 0; i < 16; i++) x1[i] = (u[2 * i] || 0) + ((u[2 * i + 1] || 0) << 8);
    x1[15] = (x1[15] as number) & 0x7fff;
    this.x1_ = x1;
    this.x2_ = fe();
    this.x2_[0] = 1;
    this.z2_ = fe();
    this.x3_ = fe();
    this.x3_.set(x1);
    this.z3_ = fe();
    this.z3_[0] = 1;
    this.a_ = fe();
    this.b_ = fe();
    this.c_ = fe();
    this.d_ = fe();
    this.e_ = fe();
    this.acc_ = fe();
    this.regs_ = [];
    this.t_ = 254;
    this.swap_ = 0;
    this.row_ = 0;
    this.sq_ = -1;
  }

  /** Advances the computation; returns true once the result is ready. */
  step(): boolean {
    const t = this.t_;
    if (t >= 0) {
      this.ladderStep_(((this.k_[t >> 3] as number) >> (t & 7)) & 1);
      this.t_ = t - 1;
      if (t === 0) {
        cswap(this.x2_, this.x3_, this.swap_);
        cswap(this.z2_, this.z3_, this.swap_);
        this.regs_ = [this.z2_, fe(), fe(), fe(), fe(), fe()];
      }
      return false;
    }
    return this.invStep_();
  }

  // RFC 7748 §5 ladder step; a_..e_ hold A, B, then C, D, DA, CB, E in turn.
  private ladderStep_(bit: number): void {
    const x2 = this.x2_;
    const z2 = this.z2_;
    const x3 = this.x3_;
    const z3 = this.z3_;
    const a = this.a_;
    const b = this.b_;
    const c = this.c_;
    const d = this.d_;
    const e = this.e_;
    const s = this.swap_ ^ bit;
    cswap(x2, x3, s);
    cswap(z2, z3, s);
    this.swap_ = bit;
    add(a, x2, z2); // A
    sub(b, x2, z2); // B
    add(c, x3, z3); // C
    sub(d, x3, z3); // D
    mul(d, d, a); // DA
    mul(c, c, b); // CB
    mul(a, a, a); // AA
    mul(b, b, b); // BB
    add(x3, d, c);
    mul(x3, x3, x3); // x3 = (DA + CB)^2
    sub(z3, d, c);
    mul(z3, z3, z3);
    mul(z3, z3, this.x1_); // z3 = x1·(DA - CB)^2
    mul(x2, a, b); // x2 = AA·BB
    sub(e, a, b); // E = AA - BB
    mulA24(z2, e);
    add(z2, z2, a);
    mul(z2, z2, e); // z2 = E·(AA + a24·E)
  }

  private invStep_(): boolean {
    const r = this.row_ * 4;
    const acc = this.acc_;
    const regs = this.regs_;
    if (this.sq_ < 0) {
      acc.set(regs[CHAIN[r + 1] as number] as Fe);
      this.sq_ = 0;
    }
    if (this.sq_ < (CHAIN[r + 2] as number)) {
      mul(acc, acc, acc);
      this.sq_++;
      return false;
    }
    const m = CHAIN[r + 3] as number;
    const dst = regs[CHAIN[r] as number] as Fe;
    if (m >= 0) mul(dst, acc, regs[m] as Fe);
    else dst.set(acc);
    this.sq_ = -1;
    this.row_++;
    return this.row_ * 4 >= CHAIN.length;
  }

  /** The 32-byte result (after step() returned true); wipes the secret state. */
  result(): Uint8Array {
    const out = new Uint8Array(32);
    const z = this.regs_[5] as Fe;
    mul(z, this.x2_, z);
    pack(out, z);
    this.wipe_();
    return out;
  }

  private wipe_(): void {
    this.k_.fill(0);
    const all = [this.x2_, this.z2_, this.x3_, this.z3_, this.a_, this.b_, this.c_, this.d_, this.e_, this.acc_];
    for (const f of all) f.fill(0);
    for (const f of this.regs_) f.fill(0);
    T.fill(0);
    R.fill(0);
    P.fill(0);
  }
}

/** X25519(scalar, u) per RFC 7748 §5: 32-byte little-endian inputs (scalar clamped, u's top bit masked). */
export function x25519(scalar: Uint8Array, u: Uint8Array): Uint8Array {
  const l = new Ladder(scalar, u);
  while (!l.step()) {
    /* run to completion */
  }
  return l.result();
}

const BASE = new Uint8Array(32);
BASE[0] = 9;

/** X25519(scalar, 9): the public key for a private scalar. */
export function x25519Base(scalar: Uint8Array): Uint8Array {
  return x25519(scalar, BASE);
}

/**
 * X25519 in slices: runs steps for at most ~sliceMs (measured with clock.now()), then yields with
 * clock.setTimer(0, …). done(out) always runs from a timer, never inside this call.
 */
export function x25519Sliced(
  scalar: Uint8Array,
  u: Uint8Array,
  clock: ClockPort,
  sliceMs: number,
  done: (out: Uint8Array) => void
): void {
  const l = new Ladder(scalar, u);
  let cost = 0; // longest single step seen, to stop before overrunning the slice
  function slice(): void {
    const t0 = clock.now();
    let t1 = t0;
    let fin = false;
    do {
      fin = l.step();
      const t2 = clock.now();
      if (t2 - t1 > cost) cost = t2 - t1;
      t1 = t2;
    } while (!fin && t1 - t0 + cost <= sliceMs);
    if (fin) done(l.result());
    else clock.setTimer(0, slice);
  }
  clock.setTimer(0, slice);
}
