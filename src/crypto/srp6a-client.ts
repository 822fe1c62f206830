// Client side of SRP6a for sec2 (docs/spec/protocol.md §3.3), as esp_prov's tools/esp_prov/security/srp6a.py:
// credential generation (esp_prov --sec2_gen_cred) and the client handshake math.
// Symbols as in the glossary of ./srp6a.ts.
import { concat, equalCt } from "../core/bytes";
import { addBytes, fromBytesMod, isZero, modMul, modSub, mulBytes, toBytes } from "./bignum";
import { srpHAMK, srpM, srpPow, srpU } from "./srp6a";
import type { SrpGroup } from "./srp6a";

/**
 * x = H(s ‖ H(I ‖ ":" ‖ p)). The salt is hashed as given (esp_prov round-trips it through an
 * integer, dropping leading zero bytes; the device hashes it as provisioned — docs/spec/protocol.md §3.3).
 */
export function srpX(G: SrpGroup, I: Uint8Array, p: Uint8Array, s: Uint8Array): Uint8Array {
  const colon = new Uint8Array(1);
  colon[0] = 0x3a;
  return G.H(concat([s, G.H(concat([I, colon, p]))]));
}

/** Verifier v = g^x mod N as minimal bytes (what the device is provisioned with). */
export function srpVerifier(G: SrpGroup, I: Uint8Array, p: Uint8Array, s: Uint8Array): Uint8Array {
  const x = srpX(G, I, p, s);
  return toBytes(srpPow(G, G.gL, x));
}

/** Client public value A = g^a mod N as minimal bytes (esp_prov sends long_to_bytes(A)). */
export function srpClientA(G: SrpGroup, a: Uint8Array): Uint8Array {
  return toBytes(srpPow(G, G.gL, a));
}

/** Inputs of the client's second step. */
export interface SrpClientParams {
  I: Uint8Array;
  p: Uint8Array;
  /** Salt and B as received from the device. */
  s: Uint8Array;
  B: Uint8Array;
  /** Client secret a and the A that was sent for it. */
  a: Uint8Array;
  A: Uint8Array;
}

/** Client session values. K, S and x-derived values are secrets. */
export interface SrpClientSession {
  u: Uint8Array;
  S: Uint8Array;
  K: Uint8Array;
  /** Client proof to send in SessionCmd1. */
  M: Uint8Array;
  /** Device proof the client expects back. */
  HAMK: Uint8Array;
}

/**
 * S = (B − k·g^x)^(a + u·x) mod N, K = H(S), M and the expected device proof. Undefined when
 * B mod N = 0 or u = 0 (RFC 5054 §2.6 client checks) or B is longer than N.
 */
export function srpClientSession(G: SrpGroup, c: SrpClientParams): SrpClientSession | undefined {
  if (c.B.length > G.N.length) return undefined;
  const B = fromBytesMod(c.B, G.mod);
  if (isZero(B)) return undefined;
  const u = srpU(G, c.A, c.B);
  let nz = 0;
  for (let i = 0; i < u.length; i++) nz |= u[i] as number;
  if (nz === 0) return undefined;
  const x = srpX(G, c.I, c.p, c.s);
  const kgx = modMul(G.k, srpPow(G, G.gL, x), G.mod);
  const S = toBytes(srpPow(G, modSub(B, kgx, G.mod), addBytes(c.a, mulBytes(u, x))));
  const K = G.H(S);
  const M = srpM(G, c.I, c.s, c.A, c.B, K);
  return { u: u, S: S, K: K, M: M, HAMK: srpHAMK(G, c.A, M, K) };
}

/** True if the device proof matches (constant-time). */
export function srpClientVerify(sess: SrpClientSession, HAMK: Uint8Array): boolean {
  return equalCt(HAMK, sess.HAMK);
}
