import assert from "node:assert/strict";
import { chooseSecurity, parseProtoVer } from "../../../tools/prov-client/prov/version.ts";

const pv = (s: string) => parseProtoVer(new Uint8Array(Buffer.from(s)));

describe("prov-client proto-ver handling", () => {
  it("reads IDF's cJSON_Print form with an app entry (docs/spec/protocol.md §2.5 example)", () => {
    const p = pv('{\n\t"my_app":\t{\n\t\t"ver":\t"1.345",\n\t\t"cap":\t["cloud", "local_ctrl"]\n\t},\n\t"prov":\t{\n\t\t"ver":\t"v1.1",\n\t\t"sec_ver":\t1,\n\t\t"cap":\t["wifi_scan"]\n\t}\n}');
    assert.deepEqual([p.json, p.ver, p.secVer, p.secPatchVer, p.caps], [true, "v1.1", 1, 0, ["wifi_scan"]]);
  });

  it("picks prov.sec_ver when present, including 2 (esp_prov would pick 1)", () => {
    assert.equal(chooseSecurity(pv('{"prov":{"ver":"v1.1","sec_ver":2,"sec_patch_ver":1,"cap":["wifi_scan"]}}')), 2);
    assert.equal(pv('{"prov":{"sec_ver":2,"sec_patch_ver":1,"cap":[]}}').secPatchVer, 1);
  });

  it("falls back like esp_prov without sec_ver: no_sec → 0, else 1", () => {
    assert.equal(chooseSecurity(pv('{"prov":{"ver":"v1.1","cap":["no_sec","wifi_scan"]}}')), 0);
    assert.equal(chooseSecurity(pv('{"prov":{"ver":"v1.1","cap":["wifi_scan"]}}')), 1);
  });

  it("treats a non-JSON answer as no capabilities and security 1", () => {
    const p = pv("v1.0");
    assert.deepEqual([p.json, p.caps, chooseSecurity(p)], [false, [], 1]);
  });
});
