// Crypto port: the primitives a platform provides natively (node:crypto, Espruino `crypto`).

/** Native crypto primitives. All inputs are left untouched; outputs are new arrays. */
export interface CryptoPort {
  /** n cryptographically secure random bytes (on Espruino: the firmware's entropy pool). */
  random(n: number): Uint8Array;
  /** SHA-256 digest (32 bytes). */
  sha256(data: Uint8Array): Uint8Array;
  /** SHA-512 digest (64 bytes). */
  sha512(data: Uint8Array): Uint8Array;
  /**
   * AES-ECB encryption of data (length a multiple of 16) under a 16/24/32-byte key.
   * CTR keystreams and GCM's H are built on this (Espruino's native CTR ignores the IV).
   */
  aesEcb(key: Uint8Array, data: Uint8Array): Uint8Array;
  /**
   * Optional native base^exp mod m (big-endian bytes in and out; the result may carry leading
   * zeros). SRP6a (src/crypto/srp6a.ts) falls back to src/crypto/bignum.ts when absent.
   */
  modPow?(base: Uint8Array, exp: Uint8Array, m: Uint8Array): Uint8Array;
}
