// Security 2 client: SRP6a-3072/SHA-512 + AES-256-GCM with both nonce schemes. Mirrors esp_prov
// tools/esp_prov/security/security2.py + srp6a.py (docs/spec/protocol.md §3.3, docs/platform/clients.md §3.2/§3.4).
import { utf8, wipe } from "../../../src/core/bytes.ts";
import { Gcm } from "../../../src/crypto/gcm.ts";
import { srpGroup3072 } from "../../../src/crypto/srp6a.ts";
import type { SrpGroup } from "../../../src/crypto/srp6a.ts";
import { srpClientA, srpClientSession, srpClientVerify } from "../../../src/crypto/srp6a-client.ts";
import type { SrpClientSession } from "../../../src/crypto/srp6a-client.ts";
import type { CryptoPort } from "../../../src/platform/crypto.ts";
import { Sec2MsgType } from "../../../src/pb/sec2_pb.ts";
import { decodeSessionData, encodeSessionData, SecSchemeVersion } from "../../../src/pb/session_pb.ts";
import { provError } from "../errors.ts";
import type { ClientSecurity, SecurityParams } from "./security.ts";

const big = (b: Uint8Array) => (b.length ? BigInt("0x" + Buffer.from(b).toString("hex")) : 0n);

/**
 * Host-only native modPow with BigInt (src/ has none: Espruino lacks BigInt). It also makes the
 * in-process client ↔ device tests a cross-check of src/crypto/bignum.ts.
 */
function bigModPow(base: Uint8Array, exp: Uint8Array, m: Uint8Array): Uint8Array {
  let r = 1n;
  let b = big(base) % big(m);
  let e = big(exp);
  const n = big(m);
  while (e > 0n) {
    if (e & 1n) r = (r * b) % n;
    b = (b * b) % n;
    e >>= 1n;
  }
  const h = r.toString(16);
  return new Uint8Array(Buffer.from(h.length % 2 ? "0" + h : h, "hex"));
}

const enum St {
  Start,
  WaitResp0,
  WaitResp1,
  Done,
}

/** The sec2 client for one session. patchVer (from proto-ver "sec_patch_ver") picks the nonce scheme. */
export class Sec2Client implements ClientSecurity {
  readonly ver = 2;
  readonly patchVer: number;
  private readonly p: SecurityParams;
  private readonly G: SrpGroup;
  private readonly I: Uint8Array;
  private readonly pw: Uint8Array;
  private st = St.Start;
  private a: Uint8Array;
  private A: Uint8Array | undefined;
  private srp: SrpClientSession | undefined;
  private gcm: Gcm | undefined;
  /** Patch 0: device_nonce used unchanged; patch 1: 12 bytes, big-endian counter in 8..11. */
  private nonce: Uint8Array | undefined;

  constructor(p: SecurityParams) {
    if (!p.username || p.password === undefined || p.password === "") {
      throw provError("usage", "security 2 needs a username and a password");
    }
    this.p = p;
    this.patchVer = p.patchVer === 1 ? 1 : 0;
    const crypto: CryptoPort = p.crypto.modPow ? p.crypto : { ...p.crypto, modPow: bigModPow };
    this.G = srpGroup3072(crypto);
    this.I = utf8(p.username);
    this.pw = utf8(p.password);
    if (p.privateKey) this.a = new Uint8Array(p.privateKey);
    else {
      // srp6a.py: a = 256 random bits with the top bit set.
      this.a = p.crypto.random(32);
      this.a[0]! |= 0x80;
    }
  }

  start(): Uint8Array {
    // esp_prov sends A as minimal bytes (long_to_bytes): 383 bytes about 1 time in 256.
    this.A = srpClientA(this.G, this.a);
    this.st = St.WaitResp0;
    return encodeSessionData({
      secVer: SecSchemeVersion.SecScheme2,
      sec2: { msg: Sec2MsgType.S2Session_Command0, sc0: { clientUsername: this.I, clientPubkey: this.A } },
    });
  }

  next(resp: Uint8Array): Uint8Array | undefined {
    const d = decodeSessionData(resp);
    const s = d && d.secVer === 2 ? d.sec2 : undefined;
    if (this.st === St.WaitResp0) {
      const r0 = s?.sr0;
      if (!r0 || r0.devicePubkey.length === 0 || r0.devicePubkey.length > 384 || r0.deviceSalt.length === 0) {
        throw provError("protocol", "the device's security 2 reply (S2SessionResp0) is malformed (wrong --sec?)");
      }
      const srp = srpClientSession(this.G, { I: this.I, p: this.pw, s: r0.deviceSalt, B: r0.devicePubkey, a: this.a, A: this.A! });
      wipe(this.a);
      if (!srp) throw provError("protocol", "the device's SRP public value B is invalid");
      this.srp = srp;
      this.st = St.WaitResp1;
      return encodeSessionData({
        secVer: SecSchemeVersion.SecScheme2,
        sec2: { msg: Sec2MsgType.S2Session_Command1, sc1: { clientProof: srp.M } },
      });
    }
    if (this.st === St.WaitResp1) {
      const r1 = s?.sr1;
      if (!r1 || r1.deviceProof.length !== 64 || r1.deviceNonce.length === 0) {
        throw provError("protocol", "the device's security 2 reply (S2SessionResp1) is malformed");
      }
      const srp = this.srp!;
      if (!srpClientVerify(srp, r1.deviceProof)) {
        throw provError("session", "failed to verify the device proof (wrong username or password?)");
      }
      if (this.patchVer === 1 && r1.deviceNonce.length !== 12) {
        throw provError("protocol", `sec_patch_ver 1 needs a 12-byte device nonce, got ${r1.deviceNonce.length} bytes`);
      }
      // AES-256-GCM key = K[0:32], no AAD (security2.py).
      this.gcm = new Gcm(this.p.crypto, srp.K.subarray(0, 32));
      this.nonce = new Uint8Array(r1.deviceNonce);
      wipe(srp.K);
      wipe(srp.S);
      this.st = St.Done;
      return undefined;
    }
    throw provError("protocol", "unexpected prov-session response");
  }

  encrypt(plain: Uint8Array): Uint8Array {
    const out = this.cipher().encrypt(this.nonce!, plain);
    this.bump();
    return out;
  }

  decrypt(data: Uint8Array): Uint8Array {
    const out = this.cipher().decrypt(this.nonce!, data);
    if (!out) throw provError("session", "the device's response failed GCM authentication");
    this.bump();
    return out;
  }

  /** The nonce the next encrypt/decrypt uses (tests and verbose output). */
  currentNonce(): Uint8Array | undefined {
    return this.nonce ? new Uint8Array(this.nonce) : undefined;
  }

  /** Patch 1: the counter in nonce bytes 8..11 goes up after every encrypt and decrypt (_increment_nonce). */
  private bump(): void {
    if (this.patchVer !== 1) return;
    const n = this.nonce!;
    for (let i = 11; i >= 8; i--) {
      n[i] = (n[i]! + 1) & 255;
      if (n[i] !== 0) break;
    }
  }

  private cipher(): Gcm {
    if (this.st !== St.Done || !this.gcm) throw provError("session", "no security session established");
    return this.gcm;
  }
}
