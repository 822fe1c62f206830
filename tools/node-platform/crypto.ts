// Node CryptoPort: node:crypto random, SHA-2 and raw AES-ECB (the primitives Espruino's `crypto` has).
import { createCipheriv, createHash, randomBytes } from "node:crypto";
import type { CryptoPort } from "../../src/platform/crypto";

function u8(b: Buffer): Uint8Array {
  return new Uint8Array(b.buffer, b.byteOffset, b.length);
}

/** AES-ECB without padding; data must be a multiple of 16 bytes (else node:crypto throws). */
function aesEcb(key: Uint8Array, data: Uint8Array): Uint8Array {
  const alg = key.length === 16 ? "aes-128-ecb" : key.length === 24 ? "aes-192-ecb" : "aes-256-ecb";
  const c = createCipheriv(alg, key, null);
  c.setAutoPadding(false);
  return u8(Buffer.concat([c.update(data), c.final()]));
}

/** A CryptoPort backed by node:crypto. */
export function createNodeCrypto(): CryptoPort {
  return {
    random: (n) => u8(randomBytes(n)),
    sha256: (d) => u8(createHash("sha256").update(d).digest()),
    sha512: (d) => u8(createHash("sha512").update(d).digest()),
    aesEcb,
  };
}

/** Shared instance (stateless). */
export const nodeCrypto: CryptoPort = createNodeCrypto();
