// Byte-exact vectors transcribed from docs/spec/protocol.md §13 and §3.1 (protobuf-c/Python form).
// "+ N B" rows use concrete fill bytes (0xa0.., 0xb0.., ...) for the keys, proofs and nonces.
import assert from "node:assert/strict";
import { fromHex } from "../../../src/core/bytes";
import { decodeSessionData, encodeSessionData } from "../../../src/pb/session_pb";
import { decodeWiFiConfigPayload, encodeWiFiConfigPayload } from "../../../src/pb/wifi_config_pb";
import { decodeWiFiCtrlPayload, encodeWiFiCtrlPayload } from "../../../src/pb/wifi_ctrl_pb";
import { decodeWiFiScanPayload, encodeWiFiScanPayload } from "../../../src/pb/wifi_scan_pb";

const E = new Uint8Array(0);
/** n bytes counting up from `start` (distinct per field so misplacements show). */
const fill = (n: number, start: number) => new Uint8Array(n).map((_v, i) => (start + i) & 0xff);
const hex = (...parts: (string | Uint8Array)[]): Uint8Array => {
  const chunks = parts.map((p) => (typeof p === "string" ? fromHex(p.replace(/ /g, ""))! : p));
  const out = new Uint8Array(chunks.reduce((n, c) => n + c.length, 0));
  let o = 0;
  for (const c of chunks) {
    out.set(c, o);
    o += c.length;
  }
  return out;
};
const A = fill(32, 0xa0), B = fill(32, 0xb0), R = fill(16, 0xc0), SA = fill(384, 1), SB = fill(384, 2);
const P64 = fill(64, 0x40), N12 = fill(12, 0xe0), SALT = fill(16, 0xd0);
const WIFIPROV = hex("77 69 66 69 70 72 6f 76");

type Row = [string, (m: never) => Uint8Array, (b: Uint8Array) => unknown, object, Uint8Array];
const S = encodeSessionData as Row[1], C = encodeWiFiConfigPayload as Row[1];
const SC = encodeWiFiScanPayload as Row[1], K = encodeWiFiCtrlPayload as Row[1];
const dS = decodeSessionData, dC = decodeWiFiConfigPayload, dSC = decodeWiFiScanPayload, dK = decodeWiFiCtrlPayload;
const rs = (status: number, staState: number, x: object = {}) => ({ msg: 1, respGetStatus: { status, staState, ...x } });

const ROWS: Row[] = [
  ["sec0 request (esp_prov)", S, dS, { secVer: 0, sec0: { msg: 0, sc: {} } }, hex("52 03 a2 01 00")],
  ["sec0 response", S, dS, { secVer: 0, sec0: { msg: 1, sr: { status: 0 } } }, hex("52 05 08 01 aa 01 00")],
  ["sec1 Cmd0", S, dS, { secVer: 1, sec1: { msg: 0, sc0: { clientPubkey: A } } }, hex("10 01 5a 25 a2 01 22 0a 20", A)],
  ["sec1 Resp0", S, dS, { secVer: 1, sec1: { msg: 1, sr0: { status: 0, devicePubkey: B, deviceRandom: R } } },
    hex("10 01 5a 39 08 01 aa 01 34 12 20", B, "1a 10", R)],
  ["sec1 Cmd1", S, dS, { secVer: 1, sec1: { msg: 2, sc1: { clientVerifyData: B } } }, hex("10 01 5a 27 08 02 b2 01 22 12 20", B)],
  ["sec1 Resp1", S, dS, { secVer: 1, sec1: { msg: 3, sr1: { status: 0, deviceVerifyData: A } } },
    hex("10 01 5a 27 08 03 ba 01 22 1a 20", A)],
  ["sec2 Cmd0", S, dS, { secVer: 2, sec2: { msg: 0, sc0: { clientUsername: WIFIPROV, clientPubkey: SA } } },
    hex("10 02 62 91 03 a2 01 8d 03 0a 08", WIFIPROV, "12 80 03", SA)],
  ["sec2 Resp0", S, dS, { secVer: 2, sec2: { msg: 1, sr0: { status: 0, devicePubkey: SB, deviceSalt: SALT } } },
    hex("10 02 62 9b 03 08 01 aa 01 95 03 12 80 03", SB, "1a 10", SALT)],
  ["sec2 Cmd1", S, dS, { secVer: 2, sec2: { msg: 2, sc1: { clientProof: P64 } } }, hex("10 02 62 47 08 02 b2 01 42 0a 40", P64)],
  ["sec2 Resp1 (patch 1)", S, dS, { secVer: 2, sec2: { msg: 3, sr1: { status: 0, deviceProof: P64, deviceNonce: N12 } } },
    hex("10 02 62 55 08 03 ba 01 50 12 40", P64, "1a 0c", N12)],
  ["get_status request", C, dC, { msg: 0, cmdGetStatus: {} }, hex("52 00")],
  ["get_status connecting", C, dC, rs(0, 1), hex("08 01 5a 02 10 01")],
  ["get_status auth fail", C, dC, rs(0, 3, { failReason: 0 }), hex("08 01 5a 04 10 03 50 00")],
  ["get_status not found", C, dC, rs(0, 3, { failReason: 1 }), hex("08 01 5a 04 10 03 50 01")],
  ["set_config ssid ab", C, dC,
    { msg: 2, cmdSetConfig: { ssid: hex("61 62"), passphrase: hex("31 32 33 34 35 36 37 38"), bssid: E, channel: 0 } },
    hex("08 02 62 0e 0a 02 61 62 12 08 31 32 33 34 35 36 37 38")],
  ["set_config resp ok", C, dC, { msg: 3, respSetConfig: { status: 0 } }, hex("08 03 6a 00")],
  ["set_config resp invalid", C, dC, { msg: 3, respSetConfig: { status: 4 } }, hex("08 03 6a 02 08 04")],
  ["apply request", C, dC, { msg: 4, cmdApplyConfig: {} }, hex("08 04 72 00")],
  ["apply ok", C, dC, { msg: 5, respApplyConfig: { status: 0 } }, hex("08 05 7a 00")],
  ["apply internal error", C, dC, { msg: 5, respApplyConfig: { status: 5 } }, hex("08 05 7a 02 08 05")],
  ["scan start", SC, dSC, { msg: 0, status: 0, cmdScanStart: { blocking: true, passive: false, groupChannels: 5, periodMs: 120 } },
    hex("52 06 08 01 18 05 20 78")],
  ["scan status resp", SC, dSC, { msg: 3, status: 0, respScanStatus: { scanFinished: true, resultCount: 7 } },
    hex("08 03 6a 04 08 01 10 07")],
  ["one scan entry", SC, dSC,
    { msg: 5, status: 0, respScanResult: { entries: [{ ssid: hex("78"), channel: 6, rssi: -40, bssid: fill(6, 0x11).fill(0x11), auth: 3 }] } },
    hex("08 05 7a 1c 0a 1a 0a 01 78 10 06 18 d8 ff ff ff ff ff ff ff ff 01 22 06 11 11 11 11 11 11 28 03")],
  ["ctrl reset request", K, dK, { msg: 1, status: 0, cmdCtrlReset: {} }, hex("08 01 5a 00")],
  ["ctrl reset response", K, dK, { msg: 2, status: 0, respCtrlReset: {} }, hex("08 02 62 00")],
];

describe("docs/spec/protocol.md §13 wire vectors", () => {
  for (const [name, enc, dec, msg, bytes] of ROWS) {
    it(`${name}: encodes to exactly the listed bytes`, () => {
      assert.deepStrictEqual(enc(msg as never), bytes);
    });
    it(`${name}: decodes back to the message`, () => {
      assert.deepStrictEqual(dec(bytes), msg);
    });
  }

  it("the sec2 Cmd0 and Resp0 vectors have the stated total sizes (406 B, 416 B)", () => {
    assert.equal(ROWS[6]![4].length, 406);
    assert.equal(ROWS[7]![4].length, 416);
  });
});

describe("docs/spec/protocol.md §3.1 sec0 request forms", () => {
  const sc = { secVer: 0, sec0: { msg: 0, sc: {} } };
  it("accepts the esp_prov form 52 03 a2 01 00", () => {
    assert.deepStrictEqual(decodeSessionData(hex("52 03 a2 01 00")), sc);
  });
  it("accepts 52 00 from encoders that drop the empty sub-message", () => {
    assert.deepStrictEqual(decodeSessionData(hex("52 00")), { secVer: 0, sec0: { msg: 0 } });
  });
  it("accepts explicit zeros 10 00 52 05 08 00 a2 01 00", () => {
    assert.deepStrictEqual(decodeSessionData(hex("10 00 52 05 08 00 a2 01 00")), sc);
  });
});
