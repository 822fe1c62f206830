import assert from "node:assert/strict";
import { cjsonString, provVersionJson } from "../../../src/prov/version";

const base = { secVer: 1, secPatchVer: 0, emitPatchVer: false, noPop: false };

describe("proto-ver JSON (cJSON_Print form)", () => {
  it("prints the docs/spec/protocol.md §2.5 example byte for byte", () => {
    const s = provVersionJson([{ label: "my_app", version: "1.345", capabilities: ["cloud", "local_ctrl"] }], base);
    assert.equal(
      s,
      '{\n\t"my_app":\t{\n\t\t"ver":\t"1.345",\n\t\t"cap":\t["cloud", "local_ctrl"]\n\t},\n\t"prov":\t{\n\t\t"ver":\t"v1.1",\n\t\t"sec_ver":\t1,\n\t\t"cap":\t["wifi_scan"]\n\t}\n}',
    );
  });

  it("lists no_sec for security 0 and no_pop for security 1 without a PoP, before wifi_scan", () => {
    assert.match(provVersionJson([], { ...base, secVer: 0 }), /"sec_ver":\t0,\n\t\t"cap":\t\["no_sec", "wifi_scan"\]/);
    assert.match(provVersionJson([], { ...base, noPop: true }), /"cap":\t\["no_pop", "wifi_scan"\]/);
    assert.match(provVersionJson([], { ...base, secVer: 2, noPop: true }), /"cap":\t\["wifi_scan"\]/);
  });

  it("emits sec_patch_ver as a number between sec_ver and cap only when asked", () => {
    const s = provVersionJson([], { ...base, secVer: 2, secPatchVer: 1, emitPatchVer: true });
    assert.match(s, /"sec_ver":\t2,\n\t\t"sec_patch_ver":\t1,\n\t\t"cap"/);
    assert.doesNotMatch(provVersionJson([], base), /sec_patch_ver/);
    assert.deepEqual(JSON.parse(s).prov, { ver: "v1.1", sec_ver: 2, sec_patch_ver: 1, cap: ["wifi_scan"] });
  });

  it("keeps duplicate app labels in call order and prints an empty capability list as []", () => {
    const s = provVersionJson(
      [
        { label: "a", version: "1", capabilities: [] },
        { label: "a", version: "2", capabilities: ["x"] },
      ],
      base,
    );
    assert.ok(s.startsWith('{\n\t"a":\t{\n\t\t"ver":\t"1",\n\t\t"cap":\t[]\n\t},\n\t"a":\t{\n\t\t"ver":\t"2"'));
  });

  it("escapes strings as cJSON does", () => {
    assert.equal(cjsonString('a"b\\c\n\t\x01'), '"a\\"b\\\\c\\n\\t\\u0001"');
  });
});
