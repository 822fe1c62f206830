// AES-256-CTR as one continuous keystream (mbedtls_aes_crypt_ctr with nc_off/stream_block), built on
// the port's AES-ECB because Espruino's native CTR ignores the IV (docs/platform/espruino.md §5.1, docs/spec/protocol.md §3.2).
import type { CryptoPort } from "../platform/crypto";

/** Keystream blocks made per aesEcb call at most (one native call amortises the JS overhead). */
const MAX_BLOCKS = 16;

/** One CTR stream: successive apply() calls continue the keystream, partial blocks included. */
export interface CtrStream {
  /** data XOR the next data.length keystream bytes, as a new array (encrypt == decrypt). */
  apply(data: Uint8Array): Uint8Array;
  /** Forgets the key, counter and buffered keystream. */
  wipe(): void;
}

/**
 * A stream over key32 from counter block iv16. A factory, not a class: on Espruino a class's
 * methods hold JsVars from load on; these closures exist only while a session has a stream.
 */
export function ctrStream(crypto: CryptoPort, key32: Uint8Array, iv16: Uint8Array): CtrStream {
  const key = new Uint8Array(key32);
  const ctr = new Uint8Array(16); // next counter block to encrypt
  ctr.set(iv16.subarray(0, 16));
  let ks: Uint8Array = new Uint8Array(0); // unused keystream is ks[pos..]
  let pos = 0;
  const buf = new Uint8Array(MAX_BLOCKS * 16); // counter blocks for one aesEcb call

  /** Makes keystream for at least min(need, 16 blocks) bytes, advancing the 128-bit counter. */
  function refill(need: number): void {
    let nb = (need + 15) >> 4;
    if (nb > MAX_BLOCKS) nb = MAX_BLOCKS;
    for (let b = 0; b < nb; b++) {
      buf.set(ctr, b * 16);
      // Big-endian increment of the whole 16-byte block (mbedtls: all 16 bytes, wrapping).
      for (let j = 15; j >= 0; j--) {
        ctr[j] = ((ctr[j] as number) + 1) & 255;
        if (ctr[j] !== 0) break;
      }
    }
    ks.fill(0);
    ks = crypto.aesEcb(key, buf.subarray(0, nb * 16));
    buf.fill(0);
    pos = 0;
  }

  return {
    apply: (data) => {
      const n = data.length;
      const out = new Uint8Array(n);
      for (let i = 0; i < n; i++) {
        if (pos >= ks.length) refill(n - i);
        out[i] = (data[i] as number) ^ (ks[pos++] as number);
      }
      return out;
    },
    wipe: () => {
      key.fill(0);
      ctr.fill(0);
      ks.fill(0);
      ks = new Uint8Array(0);
      pos = 0;
    },
  };
}
