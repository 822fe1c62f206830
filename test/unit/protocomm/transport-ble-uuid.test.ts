import assert from "node:assert/strict";
import {
  advertisedName,
  buildAdvertising,
  charUuid,
  DEFAULT_SERVICE_UUID,
  lsbToUuid,
  uuid16Of,
  uuidToLsb,
} from "../../../src/protocomm/ble-uuid.ts";
import { h, hx } from "./transport-ble-harness.ts";

const EXAMPLE = "021a9004-0382-4aea-bff4-6b3f1c5adfb4";

describe("BLE UUIDs (protocomm_ble.c, docs/spec/protocol.md §4.2)", () => {
  it("stores the default and example service UUIDs LSB-first as the spec lists them", () => {
    assert.equal(hx(uuidToLsb(DEFAULT_SERVICE_UUID)!), "07ed9b2d0f067c879b43436b4d247517");
    assert.equal(hx(uuidToLsb(EXAMPLE)!), "b4df5a1c3f6bf4bfea4a820304901a02");
    assert.equal(lsbToUuid(h("07ed9b2d0f067c879b43436b4d247517")), DEFAULT_SERVICE_UUID);
  });

  it("puts the 16-bit id into array bytes 12-13, i.e. the low half of the first group", () => {
    assert.equal(charUuid(DEFAULT_SERVICE_UUID, 0xff51), "1775ff51-6b43-439b-877c-060f2d9bed07");
    assert.equal(charUuid(EXAMPLE, 0xff51), "021aff51-0382-4aea-bff4-6b3f1c5adfb4");
    const ids: [number, string][] = [
      [0xff4f, "1775ff4f"],
      [0xff50, "1775ff50"],
      [0xff52, "1775ff52"],
      [0xff53, "1775ff53"],
      [0xff54, "1775ff54"],
    ];
    for (const [id, first] of ids) assert.equal(charUuid(DEFAULT_SERVICE_UUID, id), `${first}-6b43-439b-877c-060f2d9bed07`);
    const b = uuidToLsb(charUuid(EXAMPLE, 0x1234)!)!;
    assert.deepEqual([b[12], b[13]], [0x34, 0x12]);
  });

  it("rejects malformed service UUIDs", () => {
    assert.equal(uuidToLsb("1775244d6b43439b877c060f2d9bed07"), undefined);
    assert.equal(charUuid("1775244d-6b43-439b-877c-060f2d9bed0", 0xff51), undefined);
  });

  it("reads the 16-bit id from every form a port may report", () => {
    for (const s of ["ff51", "0xFF51", "1775FF51-6b43-439b-877c-060f2d9bed07", "0000ff51-0000-1000-8000-00805f9b34fb"]) {
      assert.equal(uuid16Of(s), 0xff51, s);
    }
    assert.equal(uuid16Of("zz"), -1);
  });
});

describe("BLE advertising packet (one 31-byte packet, no scan response)", () => {
  it("is flags, the complete 128-bit service list and an 8-byte complete name, 31 bytes exactly", () => {
    const adv = buildAdvertising("PROV_1A2", DEFAULT_SERVICE_UUID)!;
    assert.equal(hx(adv), "020106" + "1107" + "07ed9b2d0f067c879b43436b4d247517" + "0909" + "50524f565f314132");
    assert.equal(adv.length, 31);
  });

  it("shortens longer names to 8 bytes with the Shortened Local Name type", () => {
    const adv = buildAdvertising("PROV_A1B2C3", EXAMPLE)!;
    assert.equal(hx(adv), "020106" + "1107" + "b4df5a1c3f6bf4bfea4a820304901a02" + "0908" + "50524f565f413142");
    assert.equal(advertisedName("PROV_A1B2C3"), "PROV_A1B");
    assert.equal(advertisedName("PROV_1"), "PROV_1");
  });

  it("keeps short names complete and whole", () => {
    assert.equal(hx(buildAdvertising("PROV_", DEFAULT_SERVICE_UUID)!.subarray(21)), "060950524f565f");
  });
});
