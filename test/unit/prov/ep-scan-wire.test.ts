// prov-scan wire format against docs/spec/protocol.md §13 rows and §14 items 6/8: msg + 1, Status in the outer
// payload, empty resp_scan_start always written, transport-level errors for bad requests.
import assert from "node:assert/strict";
import { FakeClock } from "../../fakes/fake-clock";
import { FakeWifi, type FakeAp } from "../../fakes/fake-wifi";
import { Scanner } from "../../../src/wifi/scanner";
import { makeScanHandler } from "../../../src/prov/ep-scan";
import { fromHex, toHex } from "../../../src/core/bytes";

function harness(aps: FakeAp[]) {
  const clock = new FakeClock();
  const wifi = new FakeWifi(clock);
  wifi.aps = aps;
  const handler = makeScanHandler(((sc) => () => sc)(new Scanner(wifi, clock)), () => true);
  const call = (hex: string) => {
    const r = { err: NaN, hex: "", at: -1 };
    handler(1, fromHex(hex.replace(/ /g, ""))!, (err, out) => {
      r.err = err;
      r.hex = out ? toHex(out) : "";
      r.at = clock.now();
    });
    clock.runAll();
    return r;
  };
  return { clock, wifi, call };
}

const sp = (hex: string) => hex.replace(/ /g, "");

describe("prov-scan handler wire format", () => {
  it("answers esp_prov's softap scan start (§13) after the blocking scan with 08 01 5a 00", () => {
    const t = harness([]);
    const r = t.call("52 06 08 01 18 05 20 78"); // blocking, G 5, 120 ms
    assert.deepEqual(r, { err: 0, hex: sp("08 01 5a 00"), at: 1920 });
    assert.deepEqual(t.wifi.scans.map((s) => s.opts.channel), [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13]);
  });

  it("answers scan status with the §13 bytes for a finished scan of 7 entries", () => {
    const aps: FakeAp[] = [];
    for (let i = 0; i < 7; i++) aps.push({ ssid: "n" + i, channel: 1 + i, rssi: -40 - i });
    const t = harness(aps);
    t.call("52 02 08 01"); // blocking all-channel scan
    assert.equal(t.call("08 02").hex, sp("08 03 6a 04 08 01 10 07"));
  });

  it("encodes one scan entry exactly as the §13 row (ssid x, ch 6, -40 dBm, bssid 11x6, WPA2)", () => {
    const t = harness([{ ssid: "x", channel: 6, rssi: -40, auth: 3, bssid: new Uint8Array(6).fill(0x11) }]);
    t.call("52 02 08 01");
    const r = t.call("08 04 72 02 10 01"); // start 0, count 1
    assert.equal(r.hex, sp("08 05 7a 1c 0a 1a 0a 01 78 10 06 18 d8 ff ff ff ff ff ff ff ff 01 22 06 11 11 11 11 11 11 28 03"));
  });

  it("cuts an SSID at its first NUL and at 32 bytes (strnlen in wifi_scan.c)", () => {
    const long = new Uint8Array(34).fill(0x61);
    const t = harness([
      { ssid: new Uint8Array([0x61, 0x62, 0, 0x63]), channel: 1, rssi: -40, bssid: new Uint8Array(6) },
      { ssid: long, channel: 2, rssi: -50, bssid: new Uint8Array(6) },
    ]);
    t.call("52 02 08 01");
    const r = t.call("08 04 72 02 10 02");
    assert.ok(r.hex.startsWith(sp("08 05 7a")));
    assert.ok(r.hex.includes(sp("0a 02 61 62 10 01")));
    assert.ok(r.hex.includes("0a20" + "61".repeat(32) + "1002"));
  });

  it("fails the request, with no response, for an unknown msg or a response msg", () => {
    const t = harness([]);
    assert.deepEqual(t.call("08 06"), { err: -1, hex: "", at: 0 });
    assert.equal(t.call("08 03").err, -1);
  });

  it("fails the request for undecodable bytes", () => {
    const t = harness([]);
    assert.notEqual(t.call("08").err, 0); // truncated varint
    assert.notEqual(t.call("52 05 08 01").err, 0); // length past the end
  });

  it("fails scan start and scan result that lack their sub-message (ESP-IDF would crash)", () => {
    const t = harness([]);
    assert.equal(t.call("").err, 0x102);
    assert.equal(t.call("08 04").err, 0x102);
    assert.equal(t.wifi.scans.length, 0);
  });

  it("accepts scan status with msg only (esp_prov) or with the empty sub-message (apps)", () => {
    const t = harness([]);
    assert.equal(t.call("08 02").hex, sp("08 03 6a 02 08 01"));
    assert.equal(t.call("08 02 62 00").hex, sp("08 03 6a 02 08 01"));
  });
});
