// AES-GCM (McGrew & Viega; NIST SP 800-38D) on CryptoPort.aesEcb, GHASH in JS with Shoup's
// 4-bit tables as in mbedTLS gcm.c. sec2 uses AES-256, 16-byte tags, no AAD (security2.c).
import type { CryptoPort } from "../platform/crypto";

/** GHASH reduction constants for the 4 bits shifted out per step (mbedTLS gcm.c `last4`). */
function last4(r: number): number {
  return [0x0000, 0x1c20, 0x3840, 0x2460, 0x7080, 0x6ca0, 0x48c0, 0x54e0, 0xe100, 0xfd20, 0xd940, 0xc560, 0x9180, 0x8da0, 0xa9c0, 0xb5e0][r] as number;
}

/** Writes 8·len as a big-endian 32-bit value at b[o..o+3] (the low half of a 64-bit field). */
function writeBits(b: Uint8Array, o: number, len: number): void {
  const bits = len * 8;
  b[o] = (bits >>> 24) & 255;
  b[o + 1] = (bits >>> 16) & 255;
  b[o + 2] = (bits >>> 8) & 255;
  b[o + 3] = bits & 255;
}

/** Tag length in bytes. */
export const GCM_TAG_LEN = 16;

/**
 * One AES-GCM key. Lengths are limited to < 2^28 bytes per message (far above any sec2 payload).
 * encrypt returns ciphertext ‖ tag; decrypt verifies the tag in constant time first.
 */
export class Gcm {
  private crypto_: CryptoPort;
  private key_: Uint8Array;
  /** 16 multiples of H as 4 big-endian 32-bit words each (HH/HL of gcm.c). */
  private tbl_: Int32Array;
  private last_: Int32Array;
  private y_: Uint8Array;

  /** key: 16, 24 or 32 bytes (copied). */
  constructor(crypto: CryptoPort, key: Uint8Array) {
    this.crypto_ = crypto;
    this.key_ = new Uint8Array(key);
    this.tbl_ = new Int32Array(64);
    this.y_ = new Uint8Array(16);
    this.last_ = new Int32Array(16);
    for (let r = 0; r < 16; r++) this.last_[r] = last4(r) << 16;
    const h = crypto.aesEcb(this.key_, new Uint8Array(16));
    const t = this.tbl_;
    let w0 = (h[0]! << 24) | (h[1]! << 16) | (h[2]! << 8) | h[3]!;
    let w1 = (h[4]! << 24) | (h[5]! << 16) | (h[6]! << 8) | h[7]!;
    let w2 = (h[8]! << 24) | (h[9]! << 16) | (h[10]! << 8) | h[11]!;
    let w3 = (h[12]! << 24) | (h[13]! << 16) | (h[14]! << 8) | h[15]!;
    t[32] = w0;
    t[33] = w1;
    t[34] = w2;
    t[35] = w3;
    for (let i = 4; i > 0; i >>= 1) {
      const carry = w3 & 1;
      w3 = (w3 >>> 1) | (w2 << 31);
      w2 = (w2 >>> 1) | (w1 << 31);
      w1 = (w1 >>> 1) | (w0 << 31);
      w0 = w0 >>> 1;
      if (carry) w0 = w0 ^ 0xe1000000;
      t[4 * i] = w0;
      t[4 * i + 1] = w1;
      t[4 * i + 2] = w2;
      t[4 * i + 3] = w3;
    }
    for (let i = 2; i <= 8; i *= 2) {
      for (let j = 1; j < i; j++) {
        for (let w = 0; w < 4; w++) t[4 * (i + j) + w] = t[4 * i + w]! ^ t[4 * j + w]!;
      }
    }
    h.fill(0);
  }

  /** y = y·H in GF(2^128) (gcm.c gcm_mult). */
  private mult_(): void {
    const y = this.y_;
    const t = this.tbl_;
    const L = this.last_;
    let lo = y[15]! & 15;
    let z0 = t[4 * lo]!;
    let z1 = t[4 * lo + 1]!;
    let z2 = t[4 * lo + 2]!;
    let z3 = t[4 * lo + 3]!;
    for (let i = 15; i >= 0; i--) {
      lo = y[i]! & 15;
      const hi = y[i]! >> 4;
      let r: number;
      if (i !== 15) {
        r = z3 & 15;
        z3 = (z3 >>> 4) | (z2 << 28);
        z2 = (z2 >>> 4) | (z1 << 28);
        z1 = (z1 >>> 4) | (z0 << 28);
        z0 = (z0 >>> 4) ^ L[r]!;
        z0 ^= t[4 * lo]!;
        z1 ^= t[4 * lo + 1]!;
        z2 ^= t[4 * lo + 2]!;
        z3 ^= t[4 * lo + 3]!;
      }
      r = z3 & 15;
      z3 = (z3 >>> 4) | (z2 << 28);
      z2 = (z2 >>> 4) | (z1 << 28);
      z1 = (z1 >>> 4) | (z0 << 28);
      z0 = (z0 >>> 4) ^ L[r]!;
      z0 ^= t[4 * hi]!;
      z1 ^= t[4 * hi + 1]!;
      z2 ^= t[4 * hi + 2]!;
      z3 ^= t[4 * hi + 3]!;
    }
    y[0] = z0 >>> 24;
    y[1] = z0 >>> 16;
    y[2] = z0 >>> 8;
    y[3] = z0;
    y[4] = z1 >>> 24;
    y[5] = z1 >>> 16;
    y[6] = z1 >>> 8;
    y[7] = z1;
    y[8] = z2 >>> 24;
    y[9] = z2 >>> 16;
    y[10] = z2 >>> 8;
    y[11] = z2;
    y[12] = z3 >>> 24;
    y[13] = z3 >>> 16;
    y[14] = z3 >>> 8;
    y[15] = z3;
  }

  /** Absorbs data into y, zero-padding the last partial block. */
  private absorb_(data: Uint8Array): void {
    const y = this.y_;
    for (let o = 0; o < data.length; o += 16) {
      const end = o + 16 < data.length ? o + 16 : data.length;
      for (let i = o; i < end; i++) y[i - o] = y[i - o]! ^ data[i]!;
      this.mult_();
    }
  }

  /** Absorbs the length block [8·a]_64 ‖ [8·c]_64 (lengths < 2^28 bytes). */
  private absorbLengths_(a: number, c: number): void {
    const b = new Uint8Array(16);
    writeBits(b, 4, a);
    writeBits(b, 12, c);
    this.absorb_(b);
  }

  /** Pre-counter block J0 (SP 800-38D §7.1 step 2). */
  private j0_(iv: Uint8Array): Uint8Array {
    const j = new Uint8Array(16);
    if (iv.length === 12) {
      j.set(iv);
      j[15] = 1;
      return j;
    }
    this.y_.fill(0);
    this.absorb_(iv);
    this.absorbLengths_(0, iv.length);
    j.set(this.y_);
    return j;
  }

  /** E(J0) followed by the keystream for n bytes, in one aesEcb call. */
  private keystream_(j0: Uint8Array, n: number): Uint8Array {
    const blocks = 1 + ((n + 15) >> 4);
    const ctr = new Uint8Array(16 * blocks);
    ctr.set(j0);
    for (let k = 1; k < blocks; k++) {
      ctr.set(ctr.subarray(16 * k - 16, 16 * k), 16 * k);
      // inc32: the last 4 bytes count modulo 2^32
      for (let i = 16 * k + 15; i >= 16 * k + 12; i--) {
        ctr[i] = (ctr[i]! + 1) & 255;
        if (ctr[i] !== 0) break;
      }
    }
    return this.crypto_.aesEcb(this.key_, ctr);
  }

  /** GHASH(aad, c) xor E(J0) into a new 16-byte tag. */
  private tag_(ks: Uint8Array, aad: Uint8Array, c: Uint8Array): Uint8Array {
    this.y_.fill(0);
    this.absorb_(aad);
    this.absorb_(c);
    this.absorbLengths_(aad.length, c.length);
    const tag = new Uint8Array(16);
    for (let i = 0; i < 16; i++) tag[i] = this.y_[i]! ^ ks[i]!;
    return tag;
  }

  /** Ciphertext ‖ 16-byte tag of plaintext under iv (any non-empty length; 12 is the fast path). */
  encrypt(iv: Uint8Array, plaintext: Uint8Array, aad?: Uint8Array): Uint8Array {
    const n = plaintext.length;
    const ks = this.keystream_(this.j0_(iv), n);
    const out = new Uint8Array(n + 16);
    for (let i = 0; i < n; i++) out[i] = plaintext[i]! ^ ks[i + 16]!;
    out.set(this.tag_(ks, aad || new Uint8Array(0), out.subarray(0, n)), n);
    ks.fill(0);
    return out;
  }

  /** Plaintext of sealed = ciphertext ‖ tag, or undefined if the tag does not verify. */
  decrypt(iv: Uint8Array, sealed: Uint8Array, aad?: Uint8Array): Uint8Array | undefined {
    if (sealed.length < 16) return undefined;
    const n = sealed.length - 16;
    const c = sealed.subarray(0, n);
    const ks = this.keystream_(this.j0_(iv), n);
    const tag = this.tag_(ks, aad || new Uint8Array(0), c);
    let d = 0;
    for (let i = 0; i < 16; i++) d |= tag[i]! ^ sealed[n + i]!;
    if (d !== 0) {
      ks.fill(0);
      return undefined;
    }
    const out = new Uint8Array(n);
    for (let i = 0; i < n; i++) out[i] = c[i]! ^ ks[i + 16]!;
    ks.fill(0);
    return out;
  }

  /** Zeroes the key and the H table. */
  wipe(): void {
    this.key_.fill(0);
    this.tbl_.fill(0);
    this.y_.fill(0);
  }
}
