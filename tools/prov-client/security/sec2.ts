// Security 2 client: SRP6a-3072/SHA-512 + AES-256-GCM. Mirrors esp_prov tools/esp_prov/security/
// security2.py + srp6a.py (spec §3.3, clients.md §3.4), on src/crypto/srp6a*.ts and gcm.ts.
import { utf8, wipe } from "../../../src/core/bytes.ts";
import { Gcm } from "../../../src/crypto/gcm.ts";
import { srpGroup3072, type SrpGroup } from "../../../src/crypto/srp6a.ts";
import { srpClientA, srpClientSession, srpClientVerify, type SrpClientSession } from "../../../src/crypto/srp6a-client.ts";
import type { CryptoPort } from "../../../src/platform/crypto.ts";
import { Sec2MsgType } from "../../../src/pb/sec2_pb.ts";
import { decodeSessionData, encodeSessionData, SecSchemeVersion } from "../../../src/pb/session_pb.ts";
import { provError } from "../errors.ts";
import type { ClientSecurity, SecurityParams } from "./security.ts";

const big = (b: Uint8Array) => (b.length ? BigInt("0x" + Buffer.from(b).toString("hex")) : 0n);

/** Host-only native modPow with BigInt (src/ has none: Espruino lacks BigInt). */
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

/** The sec2 client for one session. */
export class Sec2Client implements ClientSecurity {
  readonly ver = 2;
  private readonly p: SecurityParams;
  private readonly G: SrpGroup;
  private readonly I: Uint8Array;
  private a: Uint8Array;
  private A: Uint8Array | undefined;
  private sess: SrpClientSession | undefined;
  private gcm: Gcm | undefined;
  private nonce: Uint8Array | undefined;

  constructor(p: SecurityParams) {
    if (!p.username || !p.password) throw provError("usage", "security 2 needs a username and a password");
    this.p = p;
    const crypto: CryptoPort = p.crypto.modPow ? p.crypto : { ...p.crypto, modPow: bigModPow };
    this.G = srpGroup3072(crypto);
    this.I = utf8(p.username);
    // a: 256 random bits with the top bit set (srp6a.py).
    this.a = p.privateKey ? new Uint8Array(p.privateKey) : p.crypto.random(32);
    if (!p.privateKey) this.a[0]! |= 0x80;
  }

  start(): Uint8Array {
    this.A = srpClientA(this.G, this.a);
    return encodeSessionData({
      secVer: SecSchemeVersion.SecScheme2,
      sec2: { msg: Sec2MsgType.S2Session_Command0, sc0: { clientUsername: this.I, clientPubkey: this.A } },
    });
  }

  next(resp: Uint8Array): Uint8Array | undefined {
    const d = decodeSessionData(resp);
    const s = d && d.secVer === 2 ? d.sec2 : undefined;
    if (!this.sess) {
      const r0 = s?.sr0;
      if (!r0 || !this.A || r0.devicePubkey.length === 0) throw provError("protocol", "the device's security 2 reply (S2SessionResp0) is malformed (wrong --sec?)");
      const sess = srpClientSession(this.G, { I: this.I, p: utf8(this.p.password!), s: r0.deviceSalt, B: r0.devicePubkey, a: this.a, A: this.A });
      if (!sess) throw provError("session", "the device sent an invalid SRP public value");
      this.sess = sess;
      wipe(this.a);
      return encodeSessionData({ secVer: SecSchemeVersion.SecScheme2, sec2: { msg: Sec2MsgType.S2Session_Command1, sc1: { clientProof: sess.M } } });
    }
    const r1 = s?.sr1;
    if (!r1) throw provError("protocol", "the device's security 2 reply (S2SessionResp1) is malformed");
    if (!srpClientVerify(this.sess, r1.deviceProof)) throw provError("session", "failed to verify the device's proof");
    const patch = this.p.patchVer ?? 0;
    if (patch === 1 && r1.deviceNonce.length !== 12) throw provError("protocol", "security 2 patch 1 needs a 12-byte nonce");
    this.gcm = new Gcm(this.p.crypto, this.sess.K.subarray(0, 32));
    this.nonce = new Uint8Array(r1.deviceNonce);
    return undefined;
  }

  /** Patch 1: big-endian counter in nonce bytes 8..11, bumped after every encrypt/decrypt. */
  private bump(): void {
    if ((this.p.patchVer ?? 0) !== 1) return;
    const n = this.nonce!;
    for (let i = 11; i >= 8; i--) if ((n[i] = (n[i]! + 1) & 255) !== 0) break;
  }

  encrypt(plain: Uint8Array): Uint8Array {
    if (!this.gcm) throw provError("session", "no security session established");
    const out = this.gcm.encrypt(this.nonce!, plain);
    this.bump();
    return out;
  }

  decrypt(data: Uint8Array): Uint8Array {
    if (!this.gcm) throw provError("session", "no security session established");
    const out = this.gcm.decrypt(this.nonce!, data);
    if (!out) throw provError("session", "a response failed AES-GCM authentication (session out of step?)");
    this.bump();
    return out;
  }
}
