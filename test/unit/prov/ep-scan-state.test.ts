// prov-scan behaviour over time: when scan_start is answered, scans refused outside STARTED
// (DEVIATION: ESP-IDF hangs), a second start while scanning, and queries during a group pause.
import assert from "node:assert/strict";
import { FakeClock } from "../../fakes/fake-clock";
import { FakeWifi } from "../../fakes/fake-wifi";
import { Scanner } from "../../../src/wifi/scanner";
import { makeScanHandler } from "../../../src/prov/ep-scan";
import { fromHex, toHex } from "../../../src/core/bytes";

function harness() {
  const clock = new FakeClock();
  const wifi = new FakeWifi(clock);
  wifi.aps = [{ ssid: "a", channel: 1, rssi: -40 }, { ssid: "b", channel: 6, rssi: -60 }];
  const state = { canScan: true };
  const handler = makeScanHandler(((sc) => () => sc)(new Scanner(wifi, clock)), () => state.canScan);
  /** Sends without running the clock; the result fills in when the handler answers. */
  const send = (hex: string) => {
    const r = { err: NaN, hex: "", at: -1 };
    handler(1, fromHex(hex.replace(/ /g, ""))!, (err, out) => {
      r.err = err;
      r.hex = out ? toHex(out) : "";
      r.at = clock.now();
    });
    return r;
  };
  return { clock, wifi, state, send };
}

const START_NONBLOCKING_G5 = "52 04 18 05 20 78";
const START_BLOCKING_G5 = "52 06 08 01 18 05 20 78";

describe("prov-scan handler over time", () => {
  it("answers a non-blocking scan_start at once and status shows the scan running", () => {
    const t = harness();
    const r = t.send(START_NONBLOCKING_G5);
    t.clock.flush();
    assert.deepEqual(r, { err: 0, hex: "08015a00", at: 0 });
    const s = t.send("08 02");
    assert.equal(s.hex, "08036a00"); // scan_finished false, result_count 0: both defaults
    t.clock.advance(900); // channels 1..6 done (ch 6 ends at 840)
    assert.equal(t.send("08 02").hex, "08036a021002");
    t.clock.runAll();
    assert.equal(t.send("08 02").hex, "08036a0408011002");
  });

  it("delays a blocking scan_start's response until the scan has ended", () => {
    const t = harness();
    const r = t.send(START_BLOCKING_G5);
    t.clock.advance(1919);
    assert.equal(r.at, -1);
    t.clock.advance(1);
    assert.deepEqual(r, { err: 0, hex: "08015a00", at: 1920 });
  });

  it("answers InternalError and starts nothing when a scan is asked for while connecting", () => {
    const t = harness();
    t.state.canScan = false;
    const r = t.send(START_BLOCKING_G5);
    t.clock.runAll();
    assert.deepEqual(r, { err: 0, hex: "080110055a00", at: 0 });
    assert.equal(t.wifi.scans.length, 0);
  });

  it("still answers status and results of an earlier scan while connecting", () => {
    const t = harness();
    t.send(START_BLOCKING_G5);
    t.clock.runAll();
    t.state.canScan = false;
    assert.equal(t.send("08 02").hex, "08036a0408011002");
    const res = t.send("08 04 72 02 10 01");
    assert.ok(res.hex.startsWith("08057a"));
  });

  it("answers a second scan_start while one runs with Success at once and keeps its results", () => {
    const t = harness();
    t.send(START_NONBLOCKING_G5);
    t.clock.advance(300);
    const second = t.send("52 02 08 01"); // blocking all-channel: nothing restarted, no wait
    t.clock.flush();
    assert.deepEqual(second, { err: 0, hex: "08015a00", at: 300 });
    assert.equal(t.send("08 02").hex, "08036a021001");
    t.clock.runAll();
    assert.equal(t.wifi.scans.length, 13);
  });

  it("answers a status request that arrives in a group pause when the pause ends", () => {
    const t = harness();
    t.send(START_NONBLOCKING_G5);
    t.clock.advance(540); // pause 480..600 before channel 5
    const s = t.send("08 02");
    t.clock.advance(59);
    assert.equal(s.at, -1);
    t.clock.advance(1);
    assert.deepEqual(s, { err: 0, hex: "08036a021001", at: 600 });
  });

  it("answers InternalError when the radio refuses to start the scan", () => {
    const t = harness();
    t.wifi.failNextScan();
    const r = t.send(START_BLOCKING_G5);
    t.clock.runAll();
    assert.deepEqual(r, { err: 0, hex: "080110055a00", at: 0 });
  });
});
