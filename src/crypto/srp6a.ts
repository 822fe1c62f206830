// Server side of SRP6a as security 2 uses it (docs/spec/protocol.md §3.3): RFC 5054 3072-bit group, g = 5, SHA-512.
// Mirrors ESP-IDF components/protocomm/src/crypto/srp6a/esp_srp.c (k, u, M and padding rules).
/*
 * Glossary (docs/spec/protocol.md §3.3; RFC 5054 §2.1; esp_prov srp6a.py):
 *   N  group prime (len(N) = 384 bytes for the 3072-bit group)   g  generator (5)
 *   H  hash (SHA-512 for sec2)       PAD(x)  x left-padded with zeros to len(N)
 *   k  = H(N ‖ PAD(g))               I  username, as received     p  password (the "PoP")
 *   s  salt, as provisioned          x  = H(s ‖ H(I ‖ ":" ‖ p))   v  = g^x mod N (verifier)
 *   a, b  client / device secrets    A  = g^a mod N (as received)  B  = (k·v + g^b) mod N
 *   u  = H(PAD(A) ‖ PAD(B))          S  = (A·v^u)^b mod N (premaster secret)
 *   K  = H(minimal S)                M  = H((H(N) xor H(PAD(g))) ‖ H(I) ‖ s ‖ A ‖ B ‖ K)
 *   HAMK = H(A ‖ M ‖ K) (device proof)
 * B, S are used as minimal big-endian bytes; A exactly as received (only u pads it).
 */
import { concat, equalCt, fromHex } from "../core/bytes";
import { Err } from "../core/err";
import type { ClockPort } from "../platform/clock";
import type { CryptoPort } from "../platform/crypto";
import type { Done } from "../platform/done";
import {
  fitsLimbs,
  fromBytes,
  fromBytesMod,
  isZero,
  modAdd,
  modMul,
  modPow,
  modPowSliced,
  modulus,
  reduce,
  toBytes,
} from "./bignum";
import type { Limbs, Modulus } from "./bignum";

/** A hash function (SHA-512 for sec2; SHA-1 for the RFC 5054 vectors). */
export type Hash = (data: Uint8Array) => Uint8Array;

/** Native modular exponentiation (CryptoPort.modPow shape). */
export type NativePow = (base: Uint8Array, exp: Uint8Array, m: Uint8Array) => Uint8Array;

/** SRP group parameters with the values every handshake reuses. Build once, share freely. */
export interface SrpGroup {
  /** N, big-endian, len(N) bytes (the PAD width). */
  N: Uint8Array;
  /** g as minimal bytes. */
  g: Uint8Array;
  H: Hash;
  mod: Modulus;
  /** g and k = H(N ‖ PAD(g)) as limbs. */
  gL: Limbs;
  k: Limbs;
  /** H(N) xor H(PAD(g)), the first M input. */
  hNg: Uint8Array;
  /** Native exponentiation when the platform has one. */
  pow?: NativePow;
}

/** Options of srpGroup. */
export interface SrpGroupOptions {
  N: Uint8Array;
  g: Uint8Array;
  H: Hash;
  pow?: NativePow;
}

/** x left-padded with zeros to len bytes (x itself if already that long). */
export function pad(x: Uint8Array, len: number): Uint8Array {
  if (x.length >= len) return x;
  const out = new Uint8Array(len);
  out.set(x, len - x.length);
  return out;
}

/** Prepares a group; undefined if N is not a usable odd modulus or g does not fit. */
export function srpGroup(o: SrpGroupOptions): SrpGroup | undefined {
  const mod = modulus(o.N);
  if (!mod || o.N[0] === 0) return undefined;
  const len = o.N.length;
  if (o.g.length > len || !fitsLimbs(o.g, mod.n)) return undefined;
  const gL = fromBytes(o.g, mod.n);
  const hPg = o.H(pad(o.g, len));
  const hN = o.H(o.N);
  const hNg = new Uint8Array(hN.length);
  for (let i = 0; i < hN.length; i++) hNg[i] = (hN[i] as number) ^ (hPg[i] as number);
  const k = fromBytesMod(o.H(concat([o.N, pad(o.g, len)])), mod);
  return { N: o.N, g: o.g, H: o.H, mod: mod, gL: gL, k: k, hNg: hNg, pow: o.pow };
}

/**
 * The sec2 group: RFC 5054 Appendix A 3072-bit prime (= RFC 3526 group 15), g = 5, H = SHA-512
 * (esp_srp.c). Uses crypto.modPow when the port has it.
 */
export function srpGroup3072(crypto: CryptoPort): SrpGroup {
  const N = fromHex(
    "FFFFFFFFFFFFFFFFC90FDAA22168C234C4C6628B80DC1CD129024E088A67CC74020BBEA63B139B22514A0879" +
      "8E3404DDEF9519B3CD3A431B302B0A6DF25F14374FE1356D6D51C245E485B576625E7EC6F44C42E9A637ED6B" +
      "0BFF5CB6F406B7EDEE386BFB5A899FA5AE9F24117C4B1FE649286651ECE45B3DC2007CB8A163BF0598DA4836" +
      "1C55D39A69163FA8FD24CF5F83655D23DCA3AD961C62F356208552BB9ED529077096966D670C354E4ABC9804" +
      "F1746C08CA18217C32905E462E36CE3BE39E772C180E86039B2783A2EC07A28FB5C55DF06F4C52C9DE2BCBF6" +
      "955817183995497CEA956AE515D2261898FA051015728E5A8AAAC42DAD33170D04507A33A85521ABDF1CBA64" +
      "ECFB850458DBEF0A8AEA71575D060C7DB3970F85A6E1E4C7ABF5AE8CDB0933D71E8C94E04A25619DCEE3D226" +
      "1AD2EE6BF12FFA06D98A0864D87602733EC86A64521F2B18177B200CBBE117577A615D6C770988C0BAD946E2" +
      "08E24FA074E5AB3143DB5BFCE0FD108E4B82D120A93AD2CAFFFFFFFFFFFFFFFF",
  ) as Uint8Array;
  const g = new Uint8Array(1);
  g[0] = 5;
  let pow: NativePow | undefined;
  if (crypto.modPow) {
    pow = function (b: Uint8Array, e: Uint8Array, m: Uint8Array): Uint8Array {
      return crypto.modPow!(b, e, m);
    };
  }
  const H = function (d: Uint8Array): Uint8Array {
    return crypto.sha512(d);
  };
  return srpGroup({ N: N, g: g, H: H, pow: pow }) as SrpGroup;
}

/** base^e mod N, native when available. */
export function srpPow(G: SrpGroup, base: Limbs, e: Uint8Array): Limbs {
  if (G.pow) {
    return fromBytesMod(G.pow(toBytes(base, G.N.length), e, G.N), G.mod);
  }
  return modPow(base, e, G.mod);
}

/** srpPow in time slices (native: one slice); done never runs synchronously. Returns a canceller. */
export function srpPowSliced(G: SrpGroup, base: Limbs, e: Uint8Array, clock: ClockPort, sliceMs: number, done: Done<Limbs>): () => void {
  if (!G.pow) return modPowSliced(base, e, G.mod, clock, sliceMs, done);
  const id = clock.setTimer(0, function () {
    done(Err.OK, srpPow(G, base, e));
  });
  return function () {
    clock.clearTimer(id);
  };
}

/** u = H(PAD(A) ‖ PAD(B)). */
export function srpU(G: SrpGroup, A: Uint8Array, B: Uint8Array): Uint8Array {
  return G.H(concat([pad(A, G.N.length), pad(B, G.N.length)]));
}

/** Client proof M = H((H(N) xor H(PAD(g))) ‖ H(I) ‖ s ‖ A ‖ B ‖ K), A and B as sent. */
export function srpM(G: SrpGroup, I: Uint8Array, s: Uint8Array, A: Uint8Array, B: Uint8Array, K: Uint8Array): Uint8Array {
  return G.H(concat([G.hNg, G.H(I), s, A, B, K]));
}

/** Device proof H(A ‖ M ‖ K). */
export function srpHAMK(G: SrpGroup, A: Uint8Array, M: Uint8Array, K: Uint8Array): Uint8Array {
  return G.H(concat([A, M, K]));
}

/** Inputs of the device side (security2.c handle_session_command0). */
export interface SrpServerParams {
  /** Username I as received (non-empty). */
  I: Uint8Array;
  /** Salt s and verifier v as provisioned. */
  s: Uint8Array;
  v: Uint8Array;
  /** The client's A as received (1..len(N) bytes; exactly len(N) when strictA). */
  A: Uint8Array;
  /** Device secret b: random bytes (32 in security2.c). */
  b: Uint8Array;
  /** Refuse A shorter than len(N), as upstream does (bug for bug; docs/spec/protocol.md §3.3 [impl]). */
  strictA?: boolean;
  /** Slice length for srpServerStartSliced, ms (default 50). */
  sliceMs?: number;
  /** g^b mod N prepared ahead for this b (B does not depend on A): saves one exponentiation. */
  gb?: Limbs;
}

/** Result of the device side. K, S, M and HAMK are secrets: wipe them with the session. */
export interface SrpServerSession {
  /** Device public value, minimal bytes (sent as device_pubkey). */
  B: Uint8Array;
  u: Uint8Array;
  S: Uint8Array;
  /** Session key K = H(S); sec2's AES key is K[0:32]. */
  K: Uint8Array;
  /** The client proof M the device expects. */
  M: Uint8Array;
  /** The device proof H(A ‖ M ‖ K), sent only after M checked. */
  HAMK: Uint8Array;
}

interface SrpChecked {
  A: Limbs;
  v: Limbs;
}

/** Validates inputs (docs/spec/protocol.md §3.3 Cmd0 checks; RFC 5054 §2.5.4: A mod N ≠ 0). */
function srpCheck(G: SrpGroup, p: SrpServerParams): SrpChecked | undefined {
  const len = G.N.length;
  if (p.I.length === 0 || p.b.length === 0) return undefined;
  if (p.A.length === 0 || p.A.length > len || (p.strictA && p.A.length !== len)) return undefined;
  if (p.v.length === 0 || p.v.length > len) return undefined;
  if (!fitsLimbs(p.A, G.mod.n) || !fitsLimbs(p.v, 2 * G.mod.n)) return undefined;
  const v = fromBytesMod(p.v, G.mod);
  const A = reduce(fromBytes(p.A, G.mod.n), G.mod);
  if (isZero(A)) return undefined;
  return { A: A, v: v };
}

/** B = (k·v + g^b) mod N as minimal bytes. */
function srpB(G: SrpGroup, v: Limbs, gb: Limbs): Uint8Array {
  return toBytes(modAdd(modMul(G.k, v, G.mod), gb, G.mod));
}

function srpFinish(G: SrpGroup, p: SrpServerParams, B: Uint8Array, u: Uint8Array, S: Limbs): SrpServerSession {
  const Sb = toBytes(S);
  const K = G.H(Sb);
  const M = srpM(G, p.I, p.s, p.A, B, K);
  return { B: B, u: u, S: Sb, K: K, M: M, HAMK: srpHAMK(G, p.A, M, K) };
}

/**
 * Device side at once (mirrors esp_srp_srv_pubkey + esp_srp_get_session_key): B, K and the
 * expected proofs; undefined on invalid input (sec2 answers ESP_ERR_INVALID_ARG). Blocks for
 * three exponentiations; on a device use srpServerStartSliced.
 */
export function srpServerStart(G: SrpGroup, p: SrpServerParams): SrpServerSession | undefined {
  const c = srpCheck(G, p);
  if (!c) return undefined;
  const B = srpB(G, c.v, p.gb || srpPow(G, G.gL, p.b));
  const u = srpU(G, p.A, B);
  const vu = srpPow(G, c.v, u);
  return srpFinish(G, p, B, u, srpPow(G, modMul(c.A, vu, G.mod), p.b));
}

/**
 * srpServerStart in slices of p.sliceMs (default 50 ms) on clock, so the event loop keeps
 * running. done(Err.INVALID_ARG) on invalid input, else done(Err.OK, session); never
 * synchronously. Returns a canceller (done is then never called).
 */
export function srpServerStartSliced(G: SrpGroup, p: SrpServerParams, clock: ClockPort, done: Done<SrpServerSession>): () => void {
  const sliceMs = p.sliceMs || 50;
  const c = srpCheck(G, p);
  let cancel: () => void;
  if (!c) {
    const id = clock.setTimer(0, function () {
      done(Err.INVALID_ARG);
    });
    return function () {
      clock.clearTimer(id);
    };
  }
  let B: Uint8Array;
  let u: Uint8Array;
  function onS(err: number, S?: Limbs): void {
    done(Err.OK, srpFinish(G, p, B, u, S as Limbs));
  }
  function onVu(err: number, vu?: Limbs): void {
    cancel = srpPowSliced(G, modMul((c as SrpChecked).A, vu as Limbs, G.mod), p.b, clock, sliceMs, onS);
  }
  function onGb(err: number, gb?: Limbs): void {
    B = srpB(G, (c as SrpChecked).v, gb as Limbs);
    u = srpU(G, p.A, B);
    cancel = srpPowSliced(G, (c as SrpChecked).v, u, clock, sliceMs, onVu);
  }
  if (p.gb) {
    const gb = p.gb;
    const id0 = clock.setTimer(0, function () {
      onGb(Err.OK, gb);
    });
    cancel = function () {
      clock.clearTimer(id0);
    };
  } else cancel = srpPowSliced(G, G.gL, p.b, clock, sliceMs, onGb);
  return function () {
    cancel();
  };
}

/**
 * Checks the client proof M in constant time (security2.c handle_session_command1); returns the
 * device proof to send, or undefined on mismatch (wrong password or username).
 */
export function srpVerify(sess: SrpServerSession, M: Uint8Array): Uint8Array | undefined {
  return equalCt(M, sess.M) ? sess.HAMK : undefined;
}
