import assert from "node:assert/strict";
import { setLogSink } from "../../../src/core/log.ts";
import { encodeWiFiConfigPayload } from "../../../src/pb/wifi_config_pb.ts";
import type { Handler } from "../../../src/protocomm/protocomm.ts";
import { ATT_TIMEOUT_MS } from "../../fakes/fake-ble.ts";
import { h, hx, setup, VER } from "./transport-ble-harness.ts";

/** set_config with a 32-byte SSID and a 30-byte passphrase: 70 bytes, over Espruino's 61. */
const LONG_SET = encodeWiFiConfigPayload({
  msg: 2,
  cmdSetConfig: { ssid: Buffer.alloc(32, 0x61), passphrase: Buffer.alloc(30, 0x70), bssid: new Uint8Array(0), channel: 0 },
});
const echo: Handler = (_id, d, done) => done(0, new Uint8Array(d));

describe("BLE transport within Espruino ESP32's GATT limits (docs/ble.md)", () => {
  afterEach(() => setLogSink(undefined, 3));

  it("hands a 70-byte set_config to the handler cut to 61 bytes, which fails and drops the link", () => {
    assert.equal(LONG_SET.length, 70);
    const s = setup();
    s.ble.connect(512);
    s.req("prov-session", h("5203a20100"));
    s.ble.write("prov-config", LONG_SET, () => undefined);
    s.clock.runAll();
    assert.deepEqual(s.seen.reqLens, [61]);
    assert.equal(s.ble.connected, false);
    assert.equal(s.ble.hiddenValue("prov-config").length, 70);
    assert.ok(s.logs.some((l) => l.includes("write of 61 bytes may be truncated (port limit 61)")));
  });

  it("handles the same set_config when the port delivers whole values (hidden-variable binding)", () => {
    const s = setup({ fake: { maxWriteBytes: 512 } });
    s.ble.connect(512);
    s.req("prov-session", h("5203a20100"));
    assert.equal(hx(s.req("prov-config", LONG_SET)), "08036a00");
    assert.equal(s.seen.ssid, "a".repeat(32));
    assert.equal(s.seen.passLen, 30);
  });

  it("still handles a request of exactly 61 bytes, with a warning", () => {
    const s = setup({ extra: [["echo", 0xff54]], handlers: { echo } });
    s.ble.connect(512);
    s.req("prov-session", h("5203a20100"));
    const msg = new Uint8Array(61).fill(7);
    assert.deepEqual(s.req("echo", msg), msg);
    assert.ok(s.logs.some((l) => l.includes("may be truncated")));
  });

  it("never acknowledges a long (prepared) write on stock Espruino: fragments arrive as requests, then ATT timeout", () => {
    const s = setup({ extra: [["echo", 0xff54]], handlers: { echo } });
    s.ble.connect(23);
    s.req("prov-session", h("5203a20100"));
    const [err] = s.run<[number]>((cb) => s.ble.write("echo", new Uint8Array(30).fill(1), cb));
    assert.equal(err, 0x107);
    assert.ok(s.clock.now() >= ATT_TIMEOUT_MS);
    assert.equal(s.ble.connected, false);
    assert.ok(s.ble.traffic.some((t) => t.startsWith("set ff54 " + "01".repeat(18) + "")));
  });

  it("drops the link at once when a long-write fragment fails to decode", () => {
    const s = setup();
    s.ble.connect(23);
    s.req("prov-session", h("5203a20100"));
    const [err] = s.run<[number]>((cb) => s.ble.write("prov-config", LONG_SET, cb));
    assert.equal(err, 0x103);
    assert.deepEqual(s.seen.reqLens, [18]);
  });

  it("reassembles Prepare/Execute writes on a port that delivers them, up to 481 bytes", () => {
    const s = setup({ fake: { longWrites: true } });
    s.ble.connect(23);
    s.req("prov-session", h("5203a20100"));
    assert.equal(hx(s.req("prov-config", LONG_SET)), "08036a00");
    assert.deepEqual(s.seen.reqLens, [70]);
    const [err] = s.run<[number]>((cb) => s.ble.write("prov-config", new Uint8Array(482), cb));
    assert.equal(err, 0x104);
  });

  it("lets a read that beats a slow handler see the client's own request (write acked before JS)", () => {
    const slow: Handler = (_id, d, done) => void s.clock.setTimer(100, () => done(0, h("aa55")));
    const s = setup({ extra: [["slow", 0xff54]], handlers: { slow } });
    s.ble.connect(512);
    s.req("prov-session", h("5203a20100"));
    assert.equal(hx(s.req("slow", h("0102"), 30)), "0102");
    assert.equal(hx(s.run<[number, Uint8Array?]>((cb) => s.ble.read("slow", cb))[1]!), "aa55");
    assert.equal(hx(s.req("slow", h("0304"), 200)), "aa55");
  });

  it("cuts reads to MTU-1 and repeats byte 0 on Read Blob, so a long response needs a large MTU", () => {
    const s = setup();
    s.ble.connect(23);
    const first = s.req("proto-ver", h("00"));
    assert.equal(Buffer.from(first).toString(), VER.substring(0, 22));
    const [, all] = s.run<[number, Uint8Array?]>((cb) => s.ble.readLong("proto-ver", cb));
    assert.notEqual(Buffer.from(all!).toString(), VER);
    assert.equal(Buffer.from(all!.subarray(22, 44)).toString(), VER.substring(0, 22));
  });

  it("drops the link rather than store a response longer than 499 bytes", () => {
    const big: Handler = (_id, _d, done) => done(0, new Uint8Array(500));
    const s = setup({ extra: [["big", 0xff54]], handlers: { big } });
    s.ble.connect(512);
    s.req("prov-session", h("5203a20100"));
    s.ble.write("big", h("01"), () => undefined);
    s.clock.runAll();
    assert.equal(s.ble.connected, false);
    assert.deepEqual(s.ble.violations, []);
  });
});
