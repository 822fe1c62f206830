// Edge cases of the shared wire Reader/Writer, observed through generated decoders.
import assert from "node:assert/strict";
import { fromHex, toHex } from "../../../src/core/bytes";
import { decodeCustomConfigRequest, encodeCustomConfigRequest } from "../../../src/pb/custom_config_pb";
import { decodeCmdScanResult, decodeCmdScanStart, decodeWiFiScanPayload, decodeWiFiScanResult } from "../../../src/pb/wifi_scan_pb";
import { decodeRespGetStatus, encodeRespGetStatus } from "../../../src/pb/wifi_config_pb";

const h = (s: string) => fromHex(s.replace(/ /g, ""))!;

describe("wire format details", () => {
  it("writes int32 -1 and INT32_MIN as 10-byte sign-extended varints", () => {
    assert.equal(toHex(encodeCustomConfigRequest({ info: "", version: -1 })), "10ffffffffffffffffff01");
    assert.equal(toHex(encodeCustomConfigRequest({ info: "", version: -0x80000000 })), "1080808080f8ffffffff01");
  });

  it("reads int32 as the low 32 bits taken as signed, also from 5-byte varints", () => {
    assert.equal(decodeCustomConfigRequest(h("10 ff ff ff ff ff ff ff ff ff 01"))!.version, -1);
    assert.equal(decodeCustomConfigRequest(h("10 ff ff ff ff 0f"))!.version, -1);
    assert.equal(decodeWiFiScanResult(h("18 d8 ff ff ff 0f"))!.rssi, -40);
  });

  it("reads uint32 up to 0xffffffff as a non-negative number", () => {
    assert.equal(decodeCmdScanResult(h("08 ff ff ff ff 0f"))!.startIndex, 0xffffffff);
  });

  it("rejects a varint longer than 10 bytes and a truncated varint", () => {
    assert.equal(decodeCustomConfigRequest(h("10 ff ff ff ff ff ff ff ff ff ff 01")), undefined);
    assert.equal(decodeCustomConfigRequest(h("10 ff")), undefined);
  });

  it("rejects a length running past the end and a wrong wire type for a known field", () => {
    assert.equal(decodeCustomConfigRequest(h("0a 05 61 62")), undefined);
    assert.equal(decodeCustomConfigRequest(h("08 01")), undefined); // info is length-delimited
    assert.equal(decodeCmdScanStart(h("0a 00")), undefined); // blocking is a varint
  });

  it("rejects field number 0, groups and wire types 6 and 7", () => {
    for (const b of ["00 00", "0b 0c", "0c", "0e 00", "0f 00"]) {
      assert.equal(decodeCmdScanStart(h(b)), undefined, b);
    }
  });

  it("skips unknown fields of every valid wire type", () => {
    const m = decodeCmdScanStart(h("38 96 01 41 01 02 03 04 05 06 07 08 4a 02 aa bb 55 01 02 03 04 08 01"));
    assert.deepStrictEqual(m, { blocking: true, passive: false, groupChannels: 0, periodMs: 0 });
    assert.equal(decodeCmdScanStart(h("41 01 02 03")), undefined); // fixed64 cut short
    assert.equal(decodeCmdScanStart(h("55 01 02")), undefined); // fixed32 cut short
  });

  it("rejects the whole message when a nested message is malformed", () => {
    assert.equal(decodeWiFiScanPayload(h("08 05 7a 03 0a 01 ff")), undefined);
  });

  it("keeps unknown enum values and reads absent repeated fields as []", () => {
    assert.equal(decodeWiFiScanResult(h("28 0a"))!.auth, 10);
    assert.deepStrictEqual(decodeWiFiScanPayload(h("08 05 7a 00"))!.respScanResult, { entries: [] });
  });

  it("writes a oneof enum member even when it is 0 and omits unselected members", () => {
    assert.equal(toHex(encodeRespGetStatus({ status: 0, staState: 3, failReason: 0 })), "10035000");
    assert.equal(toHex(encodeRespGetStatus({ status: 0, staState: 0 })), "");
    assert.deepStrictEqual(decodeRespGetStatus(h("")), { status: 0, staState: 0 });
  });

  it("copies decoded bytes so that they survive reuse of the input buffer", () => {
    const input = h("0a 01 78");
    const m = decodeWiFiScanResult(input)!;
    input.fill(0);
    assert.deepStrictEqual(m.ssid, h("78"));
  });
});
