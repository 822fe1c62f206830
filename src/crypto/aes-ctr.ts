// AES-256-CTR as one continuous keystream (mbedtls_aes_crypt_ctr with nc_off/stream_block), built on
// the port's AES-ECB because Espruino's native CTR ignores the IV (platform notes §5.1, spec §3.2).
import type { CryptoPort } from "../platform/crypto";

/** Keystream blocks made per aesEcb call at most (one native call amortises the JS overhead). */
const MAX_BLOCKS = 16;

/** One CTR stream: successive apply() calls continue the keystream, partial blocks included. */
export class CtrStream {
  private crypto_: CryptoPort;
  private key_: Uint8Array;
  private ctr_: Uint8Array; // next counter block to encrypt
  private ks_: Uint8Array; // unused keystream is ks_[pos_..]
  private pos_: number;
  private buf_: Uint8Array; // counter blocks for one aesEcb call

  constructor(crypto: CryptoPort, key32: Uint8Array, iv16: Uint8Array) {
    this.crypto_ = crypto;
    this.key_ = new Uint8Array(key32);
    this.ctr_ = new Uint8Array(16);
    this.ctr_.set(iv16.subarray(0, 16));
    this.ks_ = new Uint8Array(0);
    this.pos_ = 0;
    this.buf_ = new Uint8Array(MAX_BLOCKS * 16);
  }

  /** data XOR the next data.length keystream bytes, as a new array (encrypt == decrypt). */
  apply(data: Uint8Array): Uint8Array {
    const n = data.length;
    const out = new Uint8Array(n);
    let ks = this.ks_;
    let p = this.pos_;
    for (let i = 0; i < n; i++) {
      if (p >= ks.length) {
        ks = this.refill_(n - i);
        p = 0;
      }
      out[i] = (data[i] as number) ^ (ks[p++] as number);
    }
    this.pos_ = p;
    return out;
  }

  /** Makes keystream for at least min(need, 16 blocks) bytes, advancing the 128-bit counter. */
  private refill_(need: number): Uint8Array {
    let nb = (need + 15) >> 4;
    if (nb > MAX_BLOCKS) nb = MAX_BLOCKS;
    const buf = this.buf_;
    const c = this.ctr_;
    for (let b = 0; b < nb; b++) {
      buf.set(c, b * 16);
      // Big-endian increment of the whole 16-byte block (mbedtls: all 16 bytes, wrapping).
      for (let j = 15; j >= 0; j--) {
        c[j] = ((c[j] as number) + 1) & 255;
        if (c[j] !== 0) break;
      }
    }
    this.ks_.fill(0);
    const ks = this.crypto_.aesEcb(this.key_, buf.subarray(0, nb * 16));
    buf.fill(0);
    this.ks_ = ks;
    return ks;
  }

  /** Forgets the key, counter and buffered keystream. */
  wipe(): void {
    this.key_.fill(0);
    this.ctr_.fill(0);
    this.ks_.fill(0);
    this.ks_ = new Uint8Array(0);
    this.pos_ = 0;
  }
}
