// Security 1 client: X25519 + PoP + one AES-256-CTR stream for both directions. Mirrors esp_prov
// tools/esp_prov/security/security1.py (docs/spec/protocol.md §3.2, docs/platform/clients.md §3.4).
import { equalCt, utf8, wipe } from "../../../src/core/bytes.ts";
import { ctrStream, type CtrStream } from "../../../src/crypto/aes-ctr.ts";
import { x25519, x25519Base } from "../../../src/crypto/x25519.ts";
import { Sec1MsgType } from "../../../src/pb/sec1_pb.ts";
import { decodeSessionData, encodeSessionData, SecSchemeVersion } from "../../../src/pb/session_pb.ts";
import { provError } from "../errors.ts";
import type { ClientSecurity, SecurityParams } from "./security.ts";

const enum St {
  Start,
  WaitResp0,
  WaitResp1,
  Done,
}

/** The sec1 client for one session. */
export class Sec1Client implements ClientSecurity {
  readonly ver = 1;
  private readonly p: SecurityParams;
  private st = St.Start;
  private priv: Uint8Array;
  private pub: Uint8Array;
  private ctr: CtrStream | undefined;

  constructor(p: SecurityParams) {
    this.p = p;
    this.priv = p.privateKey ? new Uint8Array(p.privateKey) : p.crypto.random(32);
    this.pub = x25519Base(this.priv);
  }

  /** Our X25519 public key (what the device's verify data must decrypt to). */
  publicKey(): Uint8Array {
    return this.pub;
  }

  start(): Uint8Array {
    this.st = St.WaitResp0;
    return encodeSessionData({
      secVer: SecSchemeVersion.SecScheme1,
      sec1: { msg: Sec1MsgType.Session_Command0, sc0: { clientPubkey: this.pub } },
    });
  }

  next(resp: Uint8Array): Uint8Array | undefined {
    const d = decodeSessionData(resp);
    const s = d && d.secVer === 1 ? d.sec1 : undefined;
    if (this.st === St.WaitResp0) {
      const r0 = s?.sr0;
      if (!r0 || r0.devicePubkey.length !== 32 || r0.deviceRandom.length !== 16) {
        throw provError("protocol", "the device's security 1 reply (SessionResp0) is malformed (wrong --sec?)");
      }
      // key = X25519(client_priv, dev_pub) XOR SHA-256(PoP) when a PoP is used (docs/spec/protocol.md §3.2 step 3).
      const key = x25519(this.priv, r0.devicePubkey);
      if (this.p.pop) {
        const h = this.p.crypto.sha256(utf8(this.p.pop));
        for (let i = 0; i < 32; i++) key[i]! ^= h[i]!;
      }
      this.ctr = ctrStream(this.p.crypto, key, r0.deviceRandom);
      wipe(key);
      wipe(this.priv);
      this.st = St.WaitResp1;
      return encodeSessionData({
        secVer: SecSchemeVersion.SecScheme1,
        sec1: { msg: Sec1MsgType.Session_Command1, sc1: { clientVerifyData: this.ctr.apply(r0.devicePubkey) } },
      });
    }
    if (this.st === St.WaitResp1) {
      const r1 = s?.sr1;
      if (!r1 || r1.deviceVerifyData.length !== 32) {
        throw provError("protocol", "the device's security 1 reply (SessionResp1) is malformed");
      }
      if (!equalCt(this.ctr!.apply(r1.deviceVerifyData), this.pub)) {
        throw provError("session", "failed to establish session: the device's verify data does not match (wrong PoP?)");
      }
      this.st = St.Done;
      return undefined;
    }
    throw provError("protocol", "unexpected prov-session response");
  }

  encrypt(plain: Uint8Array): Uint8Array {
    return this.stream().apply(plain);
  }

  decrypt(data: Uint8Array): Uint8Array {
    return this.stream().apply(data);
  }

  private stream(): CtrStream {
    if (this.st !== St.Done || !this.ctr) throw provError("session", "no security session established");
    return this.ctr;
  }
}
