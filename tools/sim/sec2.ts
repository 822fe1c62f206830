// Security 2 for the virtual device: salt and verifier derived from --sec2-user/--sec2-password
// as `esp_prov.py --sec2_gen_cred` does, so the password itself never reaches the device stack.
import { strBytes } from "../../src/core/bytes.ts";
import { srpVerifier } from "../../src/crypto/srp6a-client.ts";
import { srpGroup3072 } from "../../src/crypto/srp6a.ts";
import type { Platform } from "../../src/platform/index.ts";
import type { SecParams } from "../../src/prov/manager-types.ts";
import { Sec2 } from "../../src/protocomm/sec2.ts";
import type { Security } from "../../src/protocomm/security.ts";

/** Salt (16 random bytes) and verifier for username/password. */
export function sec2Credentials(p: Platform, username: string, password: string): { salt: Uint8Array; verifier: Uint8Array } {
  const salt = p.crypto.random(16);
  return { salt, verifier: srpVerifier(srpGroup3072(p.crypto), strBytes(username), strBytes(password), salt) };
}

/** The manager's makeSec2 option. */
export function makeSec2Factory(p: Platform, patchVer: 0 | 1): (params: SecParams) => Security | undefined {
  return (params) => {
    if (!params.salt || !params.verifier) return undefined;
    return new Sec2({ clock: p.clock, crypto: p.crypto, salt: params.salt, verifier: params.verifier, patchVer, onProofFailed: params.onProofFailed });
  };
}
