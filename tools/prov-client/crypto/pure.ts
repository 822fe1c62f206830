// The client's crypto without node:crypto: pure-JS SHA-256 and AES, randomness from
// crypto.getRandomValues (present in browsers over plain http, and in Node >= 19). Never
// Math.random. No SHA-512 or modPow: security 2 stays with the node:crypto port.
import type { CryptoPort } from "../../../src/platform/crypto.ts";
import { aesEcb } from "./aes.ts";
import { sha256 } from "./sha256.ts";

interface RandomSource {
  getRandomValues(a: Uint8Array): Uint8Array;
}

/** n bytes from source (getRandomValues gives at most 65536 per call). */
export function randomFrom(source: RandomSource | undefined, n: number): Uint8Array {
  if (!source || typeof source.getRandomValues !== "function") {
    throw new Error("no secure random source: this browser has no crypto.getRandomValues");
  }
  const out = new Uint8Array(n);
  for (let o = 0; o < n; o += 65536) source.getRandomValues(out.subarray(o, Math.min(n, o + 65536)));
  return out;
}

/** A CryptoPort of pure-JS primitives and the platform's getRandomValues (by default globalThis.crypto). */
export function createPureCrypto(source?: RandomSource): CryptoPort {
  const src = source ?? (globalThis as { crypto?: RandomSource }).crypto;
  return {
    random: (n) => randomFrom(src, n),
    sha256,
    sha512: () => {
      throw new Error("SHA-512 is not in the pure-JS client crypto (security 2 needs wifi-prov with node:crypto)");
    },
    aesEcb,
  };
}
