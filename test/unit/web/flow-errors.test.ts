// tools/web/flow.ts's words for handshake failures, on a scripted transport: a device whose verify
// data does not match (a certain wrong PoP) vs one that closes the connection (most likely one).
import assert from "node:assert/strict";
import { provError } from "../../../tools/prov-client/errors.ts";
import type { Transport } from "../../../tools/prov-client/transport/transport.ts";
import { createPureCrypto } from "../../../tools/prov-client/crypto/pure.ts";
import { Sec1MsgType } from "../../../src/pb/sec1_pb.ts";
import { encodeSessionData, SecSchemeVersion } from "../../../src/pb/session_pb.ts";
import { Flow, FlowError } from "../../../tools/web/flow.ts";

const PV = new TextEncoder().encode(JSON.stringify({ prov: { ver: "v1.1", sec_ver: 1, cap: ["wifi_scan"] } }));

function device(step2: "garbage" | "close"): Transport {
  let n = 0;
  return {
    send: async (ep) => {
      if (ep === "proto-ver") return PV;
      if (n++ === 0) {
        return encodeSessionData({
          secVer: SecSchemeVersion.SecScheme1,
          sec1: { msg: Sec1MsgType.Session_Response0, sr0: { status: 0, devicePubkey: new Uint8Array(32).fill(9), deviceRandom: new Uint8Array(16).fill(1) } },
        });
      }
      if (step2 === "close") throw provError("closed", "the device closed the connection without a response (POST /prov-session)");
      return encodeSessionData({ secVer: SecSchemeVersion.SecScheme1, sec1: { msg: Sec1MsgType.Session_Response1, sr1: { status: 0, deviceVerifyData: new Uint8Array(32).fill(7) } } });
    },
    close: () => undefined,
  };
}

describe("web: the page's handshake failures in words", () => {
  it("verify data that does not match: the device refused the PoP (certain)", async () => {
    const f = new Flow(device("garbage"), createPureCrypto(), () => undefined);
    await assert.rejects(f.connect("x"), (e: FlowError) => e.code === "pop" && /^The device refused the proof of possession \(PoP\)/.test(e.message));
  });

  it("a closed connection: most likely a wrong PoP", async () => {
    const f = new Flow(device("close"), createPureCrypto(), () => undefined);
    await assert.rejects(f.connect("x"), (e: FlowError) => e.code === "pop" && /most likely the proof of possession \(PoP\) is wrong/.test(e.message));
  });

  it("no session yet: scan and send say so", async () => {
    const f = new Flow(device("close"), createPureCrypto(), () => undefined);
    await assert.rejects(f.scan(), (e: FlowError) => /No session with the device yet/.test(e.message));
  });
});
