import assert from "node:assert/strict";
import { applyConfigRequest, getStatusRequest, parseGetStatusResponse, parseSetConfigResponse, setConfigRequest } from "../../../tools/prov-client/prov/config.ts";
import { ctrlRequest, parseCtrlResponse } from "../../../tools/prov-client/prov/ctrl.ts";
import { scanResultRequest, scanStartRequest, scanStatusRequest } from "../../../tools/prov-client/prov/scan.ts";
import { Sec0Client } from "../../../tools/prov-client/security/sec0.ts";

const hex = (b: Uint8Array) => Buffer.from(b).toString("hex");
const bytes = (h: string) => new Uint8Array(Buffer.from(h.replace(/ /g, ""), "hex"));
const str = (s: string) => new Uint8Array(Buffer.from(s));

// Expected bytes: docs/platform/clients.md §2 (what esp_prov sends) and docs/spec/protocol.md §13.
describe("prov-client request encoding", () => {
  it("sends the esp_prov sec0 session request 52 03 a2 01 00", () => {
    assert.equal(hex(new Sec0Client().start()), "5203a20100");
  });

  it("encodes GetStatus as 52 00", () => {
    assert.equal(hex(getStatusRequest()), "5200");
  });

  it("encodes SetConfig ssid x / pass y as docs/platform/clients.md §2 shows", () => {
    assert.equal(hex(setConfigRequest(str("x"), str("y"))), "080262060a0178120179");
  });

  it("encodes SetConfig ssid ab / pass 12345678 as docs/spec/protocol.md §13 shows", () => {
    assert.equal(hex(setConfigRequest(str("ab"), str("12345678"))), "0802620e0a02616212083132333435363738");
  });

  it("encodes ApplyConfig as esp_prov (08 04) and as the apps (08 04 72 00)", () => {
    assert.equal(hex(applyConfigRequest()), "0804");
    assert.equal(hex(applyConfigRequest("app")), "08047200");
  });

  it("encodes the softap ScanStart (blocking, group 5, 120 ms) as 52 06 08 01 18 05 20 78", () => {
    assert.equal(hex(scanStartRequest()), "5206080118052078");
  });

  it("encodes ScanStatus as 08 02 and ScanResult(0, 3) as 08 04 72 02 10 03", () => {
    assert.equal(hex(scanStatusRequest()), "0802");
    assert.equal(hex(scanResultRequest(0, 3)), "080472021003");
  });

  it("encodes ctrl reset/reprov as esp_prov (08 01 / 08 03) and docs/spec/protocol.md §13's app form (08 01 5a 00)", () => {
    assert.equal(hex(ctrlRequest("reset")), "0801");
    assert.equal(hex(ctrlRequest("reprov")), "0803");
    assert.equal(hex(ctrlRequest("reset", "app")), "08015a00");
  });
});

describe("prov-client response decoding", () => {
  it("reads the three get_status forms of docs/spec/protocol.md §13", () => {
    assert.deepEqual(parseGetStatusResponse(bytes("08 01 5a 02 10 01")), { state: "connecting", attemptsRemaining: undefined });
    assert.deepEqual(parseGetStatusResponse(bytes("08 01 5a 04 10 03 50 00")), { state: "failed", failReason: "auth-error" });
    assert.deepEqual(parseGetStatusResponse(bytes("08 01 5a 04 10 03 50 01")), { state: "failed", failReason: "network-not-found" });
  });

  it("reads set_config ok / invalid-argument and the ctrl reset status", () => {
    assert.equal(parseSetConfigResponse(bytes("08 03 6a 00")), 0);
    assert.equal(parseSetConfigResponse(bytes("08 03 6a 02 08 04")), 4);
    assert.equal(parseCtrlResponse("reset", bytes("08 02 62 00")), 0);
  });

  it("treats a reply of the wrong message type as a protocol error", () => {
    assert.throws(() => parseGetStatusResponse(bytes("08 03 6a 00")), (e: Error & { kind?: string }) => e.kind === "protocol");
  });
});
