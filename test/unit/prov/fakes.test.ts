import assert from "node:assert/strict";
import { FakeClock } from "../../fakes/fake-clock";
import { FakeWifi, REASON } from "../../fakes/fake-wifi";
import { MemKv } from "../../fakes/mem-kv";
import type { WifiEvent } from "../../../src/platform/wifi";

const b = (s: string) => new Uint8Array(Buffer.from(s));

describe("FakeWifi", () => {
  function setup() {
    const clock = new FakeClock();
    const wifi = new FakeWifi(clock);
    wifi.aps = [
      { ssid: "home", channel: 6, rssi: -50, passphrase: "secret123" },
      { ssid: "cafe", channel: 1, rssi: -40 },
      { ssid: "far", channel: 11, rssi: -80, passphrase: "x" },
    ];
    const events: WifiEvent[] = [];
    wifi.listen((ev) => events.push(ev));
    return { clock, wifi, events };
  }

  it("never completes a scan inside the call and takes the per-channel dwell", () => {
    const { clock, wifi } = setup();
    let got: number[] | undefined;
    wifi.scan({ channel: 6, passive: false, dwellMs: 0 }, (err, r) => (got = r?.map((x) => x.channel)));
    assert.equal(got, undefined);
    clock.advance(119);
    assert.equal(got, undefined);
    clock.advance(1);
    assert.deepEqual(got, [6]);
  });

  it("scans all 13 channels in 13 x dwell with results sorted by RSSI", () => {
    const { clock, wifi } = setup();
    let got: string[] | undefined;
    wifi.scan({ channel: 0, passive: true, dwellMs: 0 }, (err, r) => (got = r?.map((x) => Buffer.from(x.ssid).toString())));
    clock.advance(13 * 360 - 1);
    assert.equal(got, undefined);
    clock.advance(1);
    assert.deepEqual(got, ["cafe", "home", "far"]);
    assert.equal(wifi.scans[0]?.doneAt, 13 * 360);
  });

  it("refuses scan options its caps do not declare", () => {
    const { wifi } = setup();
    wifi.caps.channelScan = false;
    assert.throws(() => wifi.scan({ channel: 3, passive: false, dwellMs: 0 }, () => {}));
  });

  it("connects with the right passphrase: connected, then gotIp with the AP", () => {
    const { clock, wifi, events } = setup();
    wifi.connect({ ssid: b("home"), password: b("secret123") }, () => {});
    clock.advance(500);
    assert.deepEqual(events.map((e) => e.kind), ["connected"]);
    clock.advance(300);
    assert.equal(events[1]?.kind, "gotIp");
    assert.equal(events[1]?.ip, "192.168.1.42");
    assert.equal(events[1]?.ap?.channel, 6);
  });

  it("joins the strongest access point when an SSID is on several", () => {
    const { clock, wifi, events } = setup();
    wifi.aps.push({ ssid: "home", channel: 13, rssi: -70, passphrase: "secret123" }, { ssid: "home", channel: 3, rssi: -30, passphrase: "secret123" });
    wifi.connect({ ssid: b("home"), password: b("secret123") }, () => {});
    clock.advance(800);
    assert.equal(events[1]?.ap?.channel, 3);
  });

  it("reports reason 15 for a wrong passphrase, 201 for an absent SSID, flaky reasons first", () => {
    const { clock, wifi, events } = setup();
    wifi.connect({ ssid: b("home"), password: b("nope") }, () => {});
    clock.advance(1000);
    wifi.connect({ ssid: b("nothere"), password: b("") }, () => {});
    clock.advance(1000);
    wifi.flakyConnects(1);
    wifi.connect({ ssid: b("cafe"), password: b("") }, () => {});
    clock.advance(1000);
    assert.deepEqual(events.map((e) => e.reason), [REASON.FOURWAY_HANDSHAKE_TIMEOUT, REASON.NO_AP_FOUND, REASON.CONNECTION_FAIL]);
  });
});

describe("MemKv", () => {
  it("fails a write on demand without storing anything", () => {
    const kv = new MemKv();
    kv.failNextWrite();
    assert.notEqual(kv.write("k", b("v")), 0);
    assert.equal(kv.read("k"), undefined);
    assert.equal(kv.write("k", b("v")), 0);
    assert.deepEqual(kv.read("k"), b("v"));
  });
});
