// Entropy pool for keys (docs/platform/espruino.md §5.3: Math.random/E.hwRand repeat after every
// boot). SHA-256 hash pool fed by timing jitter, radio/HTTP events, a persisted seed and nonces.
import { concat } from "../../src/core/bytes";
import { sha256 } from "./crypto";

/**
 * Pool state S (32 bytes). mix(x): S = H(S || n || t || x). draw: block_i = H(S || "o" || i),
 * then S = H(S || "r") so earlier output cannot be recomputed from a later state.
 */
export class EntropyPool {
  private s_: Uint8Array;
  private n_: number;

  // Native SHA-256 and getTime() (µs resolution on ESP32) directly: no function kept per pool.
  constructor() {
    this.s_ = new Uint8Array(32);
    this.n_ = 0;
  }

  /**
   * Mixes data (any bytes: public or secret) plus the event's arrival time into the pool. Bytes
   * written by hand, not through a DataView: it runs at every request, and Espruino keeps a
   * built-in it has named as a global (~7 JsVars).
   */
  mix(data: Uint8Array): void {
    const h = new Uint8Array(12);
    const n = this.n_++;
    h[0] = n >>> 24; // a Uint8Array keeps the low 8 bits
    h[1] = n >>> 16;
    h[2] = n >>> 8;
    h[3] = n;
    // The time in µs (getTime()'s resolution on ESP32; its low bits carry the jitter): 7 bytes
    // of the whole µs, exact below 2^53, then a byte of the fraction.
    let t = getTime() * 1e6;
    h[11] = (t % 1) * 256;
    t = Math.floor(t);
    for (let i = 4; i < 11; i++) {
      h[i] = t % 256;
      t = Math.floor(t / 256);
    }
    this.s_ = sha256(concat([this.s_, h, data]));
  }

  /** Mixes a string (8-bit characters). */
  mixStr(s: string): void {
    const b = new Uint8Array(s.length);
    for (let i = 0; i < s.length; i++) b[i] = s.charCodeAt(i) & 255;
    this.mix(b);
  }

  /**
   * Timing jitter: times `samples` short busy loops with now() (µs resolution on ESP32) and
   * mixes every measured duration, all float64 bits of it: interrupts, flash-cache misses and
   * radio activity vary them. (Counting passes until now() changes gives 0 when one now() call
   * outlasts a clock tick, as it does here: measured on Espruino -O2.)
   */
  gatherJitter(samples: number): void {
    const b = new Uint8Array(samples * 8);
    const dv = new DataView(b.buffer);
    let x = 0;
    for (let i = 0; i < samples; i++) {
      const t = getTime() * 1000;
      for (let j = 0; j < 20; j++) x = (x * 31 + j) | 0;
      dv.setFloat64(8 * i, getTime() * 1000 - t + x);
    }
    this.mix(b);
  }

  /** n pseudo-random bytes from the pool (SHA-256 in counter mode, then a ratchet). */
  random(n: number): Uint8Array {
    const out = new Uint8Array(n);
    const tag = new Uint8Array(5);
    tag[0] = 111; // "o"
    for (let i = 0; i * 32 < n; i++) {
      tag[1] = i >>> 24;
      tag[2] = (i >>> 16) & 255;
      tag[3] = (i >>> 8) & 255;
      tag[4] = i & 255;
      const blk = sha256(concat([this.s_, tag]));
      out.set(blk.subarray(0, Math.min(32, n - i * 32)), i * 32);
    }
    tag[0] = 114; // "r"
    this.s_ = sha256(concat([this.s_, tag.subarray(0, 1)]));
    return out;
  }
}
