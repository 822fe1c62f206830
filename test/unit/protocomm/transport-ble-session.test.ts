import assert from "node:assert/strict";
import { setLogSink } from "../../../src/core/log.ts";
import type { Security } from "../../../src/protocomm/security.ts";
import type { FakeClock } from "../../fakes/fake-clock.ts";
import { NodeSec1Client } from "../../helpers/node-sec1-client.ts";
import { h, hx, setup, VER } from "./transport-ble-harness.ts";

/** Sec0-like security that records session opens/closes. */
function recording(log: string[]) {
  return (clock: FakeClock): Security => ({
    ver: 0,
    patchVer: 0,
    newSession: (id) => (log.push(`open ${id}`), 0),
    closeSession: (id) => (log.push(`close ${id}`), 0),
    handshake: (_id, d, done) => void clock.setTimer(0, () => done(d[0] === 0x52 ? 0 : 0x102, h("52050801aa0100"))),
    decrypt: (_id, d) => d,
    encrypt: (_id, d) => d,
    cleanup: () => undefined,
  });
}

describe("BLE transport request/response (protocomm_ble.c)", () => {
  afterEach(() => setLogSink(undefined, 3));

  it("serves proto-ver, a sec0 session and get_status to a client that writes then reads", () => {
    const s = setup();
    s.ble.connect(512);
    assert.equal(Buffer.from(s.req("proto-ver", h("455350"))).toString(), VER);
    assert.equal(hx(s.req("prov-session", h("5203a20100"))), "52050801aa0100");
    assert.equal(hx(s.req("prov-config", h("5200"))), "08015a021001");
    assert.equal(hx(s.req("prov-config", h("080262060a0178120179"))), "08036a00");
    assert.equal(s.seen.ssid, "x");
    assert.ok(s.ble.traffic.includes("W ff52 5200"));
    assert.ok(s.ble.traffic.includes("R ff52 08015a021001"));
  });

  it("completes a security 1 handshake and an encrypted get_status through the fake", () => {
    const s = setup({ sec: "sec1", pop: "abcd1234" });
    s.ble.connect(512);
    const c = new NodeSec1Client("abcd1234");
    const cmd0 = c.cmd0();
    assert.equal(cmd0.length, 41); // fits the 61-byte onWrite limit
    const resp0 = s.req("prov-session", cmd0);
    assert.equal(resp0.length, 61);
    const cmd1 = c.cmd1(resp0);
    assert.equal(cmd1.length, 43);
    assert.ok(c.verify(s.req("prov-session", cmd1)));
    const resp = s.req("prov-config", new Uint8Array(c.crypt(h("5200"))));
    assert.equal(hx(c.crypt(resp)), "08015a021001");
  });

  it("opens a protocomm session per connection and closes it on disconnect", () => {
    const log: string[] = [];
    const s = setup({ sec: recording(log) });
    s.ble.connect(512);
    s.clock.runAll();
    s.ble.centralDisconnect();
    s.clock.runAll();
    s.ble.connect(512);
    s.clock.runAll();
    assert.deepEqual(log, ["open 0", "close 0", "open 1"]);
    s.run((cb) => s.scheme.stop(cb));
    assert.deepEqual(log, ["open 0", "close 0", "open 1", "close 1"]);
  });

  it("drops the link and closes the session when a handler fails (Bluedroid 'killing connection')", () => {
    const log: string[] = [];
    const s = setup({ sec: recording(log) });
    const lost: string[] = [];
    s.ble.onLinkLost = (by) => lost.push(by);
    s.ble.connect(512);
    s.ble.write("prov-session", h("0801"), () => undefined);
    s.clock.runAll();
    assert.deepEqual(lost, ["device"]);
    assert.deepEqual(log, ["open 0", "close 0"]);
    assert.ok(s.logs.some((l) => l.includes("prov-session failed 0x102, dropping link 0")));
  });

  it("ignores further writes from a failed link even if the port cannot drop it", () => {
    const log: string[] = [];
    const s = setup({ sec: recording(log), fake: { disconnectDropsLink: false } });
    s.ble.connect(512);
    s.ble.write("prov-session", h("0801"), () => undefined);
    s.clock.runAll();
    assert.equal(s.ble.connected, true);
    assert.equal(hx(s.req("prov-config", h("5200"))), "5200"); // only its own request echoed
    assert.deepEqual(s.seen.reqLens, []);
    assert.deepEqual(log, ["open 0", "close 0"]);
  });

  it("keeps the session and calls no handler for a zero-length write", () => {
    const s = setup();
    s.ble.connect(512);
    s.req("prov-session", h("5203a20100"));
    s.ble.write("prov-config", new Uint8Array(0), () => undefined);
    s.clock.runAll();
    assert.equal(s.ble.connected, true);
    assert.deepEqual(s.seen.reqLens, []);
  });
});
