import assert from "node:assert/strict";
import { setLogSink } from "../../../src/core/log.ts";
import { h, hx, setup } from "./transport-ble-harness.ts";

describe("BLE GATT table and advertisement (scheme_ble.c on Espruino ESP32)", () => {
  afterEach(() => setLogSink(undefined, 3));

  it("registers one characteristic per endpoint in v5.1+ order, each named by its 0x2901 description", () => {
    const s = setup({ extra: [["custom-data", 0xff54]] });
    assert.equal(s.startErr, 0);
    const cfg = s.transport.gattConfig()!;
    assert.deepEqual(
      cfg.characteristics.map((c) => `${c.uuid} ${c.description}`),
      [
        "1775ff4f-6b43-439b-877c-060f2d9bed07 prov-ctrl",
        "1775ff50-6b43-439b-877c-060f2d9bed07 prov-scan",
        "1775ff51-6b43-439b-877c-060f2d9bed07 prov-session",
        "1775ff52-6b43-439b-877c-060f2d9bed07 prov-config",
        "1775ff53-6b43-439b-877c-060f2d9bed07 proto-ver",
        "1775ff54-6b43-439b-877c-060f2d9bed07 custom-data",
      ]
    );
    // What a client discovers: Espruino cuts characteristic UUIDs to their 16-bit part.
    s.ble.connect(512);
    assert.deepEqual(
      s.ble.discover().map((c) => `${c.uuid.substring(0, 8)} ${c.name}`),
      ["0000ff4f prov-ctrl", "0000ff50 prov-scan", "0000ff51 prov-session", "0000ff52 prov-config", "0000ff53 proto-ver", "0000ff54 custom-data"]
    );
    assert.ok(s.ble.discover().every((c) => c.properties.includes("read") && c.properties.includes("write")));
  });

  it("advertises the service UUID and a PROV_ name that scanners can match", () => {
    const s = setup({ serviceUuid: "021a9004-0382-4aea-bff4-6b3f1c5adfb4", name: "PROV_1A2" });
    const adv = s.ble.scan()!;
    assert.deepEqual(adv, { flags: 6, name: "PROV_1A2", nameComplete: true, services128: ["021a9004-0382-4aea-bff4-6b3f1c5adfb4"] });
    assert.equal(s.ble.traffic[0], "adv 0201061107b4df5a1c3f6bf4bfea4a820304901a02090950524f565f314132");
  });

  it("advertises a shortened 8-byte name for longer service names and logs it", () => {
    const s = setup({ name: "PROV_A1B2C3" });
    const adv = s.ble.scan()!;
    assert.equal(adv.name, "PROV_A1B");
    assert.equal(adv.nameComplete, false);
    assert.ok(s.logs.some((l) => l.includes("shortened name 'PROV_A1B'")));
  });

  it("refuses endpoint names longer than Espruino's 15-byte description, with a log line", () => {
    const s = setup({ extra: [["custom-endpoint-1", 0xff54], ["fifteen-bytes-x", 0xff55]] });
    assert.deepEqual(s.setEp.slice(5), [0x102, 0]);
    assert.ok(s.logs.some((l) => l.startsWith("1 ble endpoint 'custom-endpoint-1' is 17 bytes")));
    assert.deepEqual(
      s.ble.discover().map((c) => c.name).slice(5),
      ["fifteen-bytes-x"]
    );
  });

  it("refuses duplicate ids, changes while running, and a start without a name", () => {
    const s = setup();
    assert.equal(s.scheme.setEndpoint("other", 0xff60), 0x103);
    const t = setup({ name: "" });
    assert.equal(t.startErr, 0x102);
    assert.equal(t.scheme.setEndpoint("dup", 0xff51), 0x102);
  });

  it("serves a registered custom endpoint at 0xFF54 and drops the link for an unregistered one", () => {
    const s = setup({
      extra: [["custom-data", 0xff54], ["later", 0xff55]],
      handlers: { "custom-data": (_id, d, done) => done(0, new Uint8Array([...d, 0x21])) },
    });
    s.ble.connect();
    s.req("prov-session", h("5203a20100"));
    assert.equal(hx(s.req("0000ff54-0000-1000-8000-00805f9b34fb", h("68656c6c6f"))), "68656c6c6f21");
    s.ble.write("later", h("01"), () => undefined);
    s.clock.runAll();
    assert.equal(s.ble.connected, false);
    assert.ok(s.ble.traffic.includes("device disconnect 0"));
  });

  it("stops advertising and drops a connected client on stop", () => {
    const s = setup();
    s.ble.connect();
    s.clock.runAll();
    const [err] = s.run<[number]>((cb) => s.scheme.stop(cb));
    assert.equal(err, 0);
    assert.equal(s.ble.connected, false);
    assert.equal(s.ble.scan(), undefined);
    assert.equal(s.run<[number]>((cb) => s.scheme.stop(cb))[0], 0);
  });
});
