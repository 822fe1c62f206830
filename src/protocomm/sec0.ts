// Security 0: no handshake state, no encryption. Mirrors ESP-IDF components/protocomm/src/
// security/security0.c (docs/spec/protocol.md §3.1).
import type { ClockPort } from "../platform/clock";
import type { Done } from "../platform/done";
import { Err } from "../core/err";
import { decodeSessionData, encodeSessionData } from "../pb/session_pb";
import type { Security } from "./security";

/**
 * The security-0 scheme: any SessionData with sec_ver 0 gets the fixed S0 response. A factory, not
 * a class: on Espruino a class's methods exist (~6 JsVars each) from load on, even on a device
 * configured for security 1; these closures exist only once security 0 is chosen.
 */
export function sec0(clock: ClockPort): Security {
  return {
    ver: 0,
    patchVer: 0,
    newSession: () => Err.OK,
    closeSession: () => Err.OK,
    handshake: (id: number, input: Uint8Array, done: Done<Uint8Array>): void => {
      const req = decodeSessionData(input);
      // security0.c: only sec_ver is checked, the payload is not.
      if (!req || req.secVer !== 0) {
        clock.setTimer(0, () => done(Err.INVALID_ARG));
        return;
      }
      // 52 05 08 01 aa 01 00: sec0 { msg: S0_Session_Response, sr {} }.
      const out = encodeSessionData({ secVer: 0, sec0: { msg: 1, sr: { status: 0 } } });
      clock.setTimer(0, () => done(Err.OK, out));
    },
    decrypt: (id: number, data: Uint8Array) => data,
    encrypt: (id: number, data: Uint8Array) => data,
    cleanup: () => undefined,
  };
}
