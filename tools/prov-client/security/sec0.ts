// Security 0 client: one plaintext round trip. Mirrors esp_prov security/security0.py
// (docs/spec/protocol.md §3.1, docs/platform/clients.md §2: request 52 03 a2 01 00).
import { Sec0MsgType } from "../../../src/pb/sec0_pb.ts";
import { decodeSessionData, encodeSessionData } from "../../../src/pb/session_pb.ts";
import { provError } from "../errors.ts";
import type { ClientSecurity } from "./security.ts";

/** The sec0 client. */
export class Sec0Client implements ClientSecurity {
  readonly ver = 0;

  start(): Uint8Array {
    return encodeSessionData({ secVer: 0, sec0: { msg: Sec0MsgType.S0_Session_Command, sc: {} } });
  }

  next(resp: Uint8Array): undefined {
    // esp_prov checks only sec_ver (an empty body decodes as sec_ver 0 and passes).
    const d = decodeSessionData(resp);
    if (!d || d.secVer !== 0) throw provError("protocol", "the device did not answer the security 0 handshake (wrong --sec?)");
    return undefined;
  }

  encrypt(plain: Uint8Array): Uint8Array {
    return plain;
  }

  decrypt(data: Uint8Array): Uint8Array {
    return data;
  }
}
