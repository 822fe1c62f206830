// CryptoPort on Espruino's require("crypto") (mbedTLS): SHA-256/512 and AES-ECB natively;
// random() from the entropy pool, never from Math.random (docs/platform/espruino.md §5, §5.3).
import type { CryptoPort } from "../../src/platform/crypto";
import type { EntropyPool } from "./entropy";
import { espRequire } from "./modules";

const crypto = espRequire("crypto");

/** Native results are ArrayBuffers; undefined means the call failed (an "ERROR:" line, no throw). */
function bytes(r: ArrayBuffer | undefined, what: string): Uint8Array {
  // Only reachable through a programming error (bad key length): stop rather than go on with
  // an empty keystream, which would XOR nothing and send plaintext.
  if (r === undefined) throw new Error(what + " failed");
  return new Uint8Array(r);
}

/** SHA-256 through the native module. */
export function sha256(data: Uint8Array): Uint8Array {
  return bytes(crypto.SHA256(data), "SHA256");
}

/** The crypto binding (an object literal: no class and constructor to keep); random() draws from pool. */
export function espruinoCrypto(pool: EntropyPool): CryptoPort {
  const c = {
    random: (n: number) => pool.random(n),
    sha256: sha256,
    aesEcb: (key: Uint8Array, data: Uint8Array) => bytes(crypto.AES.encrypt(data, key, { mode: "ECB" }), "AES"),
  } as CryptoPort;
  // Only security 2 (SRP6a) hashes with SHA-512: a build without it keeps no function for it.
  if (BUILD_SEC2) c.sha512 = (data) => bytes(crypto.SHA512(data), "SHA512");
  return c;
}
