// Radio capability model: what WifiCaps lacks is never passed; a
// radio without single-channel scans (stock Espruino Wifi.scan) gets one all-channel scan.
import assert from "node:assert/strict";
import { FakeClock } from "../../fakes/fake-clock";
import { FakeWifi } from "../../fakes/fake-wifi";
import { Scanner, type ScanCmd } from "../../../src/wifi/scanner";
import { setLogSink } from "../../../src/core/log";

function setup(caps: Partial<FakeWifi["caps"]>) {
  const clock = new FakeClock();
  const wifi = new FakeWifi(clock);
  wifi.caps = { ...wifi.caps, ...caps };
  wifi.aps = [{ ssid: "a", channel: 3, rssi: -60 }, { ssid: "b", channel: 9, rssi: -40 }];
  const sc = new Scanner(wifi, clock);
  const warnings: string[] = [];
  setLogSink((level, tag, msg) => {
    if (level === 2) warnings.push(tag + ": " + msg);
  }, 4);
  const start = (cmd: Partial<ScanCmd>) => {
    const r = { err: NaN, at: -1 };
    sc.start({ blocking: true, passive: false, groupChannels: 5, periodMs: 120, ...cmd }, (err) => {
      r.err = err;
      r.at = clock.now();
    });
    clock.runAll();
    return r;
  };
  return { clock, wifi, sc, warnings, start };
}

describe("Scanner radio capabilities", () => {
  afterEach(() => setLogSink(undefined, 3));

  it("runs one all-channel scan instead of groups when the radio cannot scan one channel", () => {
    const t = setup({ channelScan: false, passiveScan: false, dwellTime: false });
    const r = t.start({ groupChannels: 5 });
    assert.deepEqual(t.wifi.scans.map((s) => [s.opts, s.at]), [[{ channel: 0, passive: false, dwellMs: 0 }, 0]]);
    // 13 x 120 ms driver default; the poll at 1560 sees the end, answer 120 ms later
    assert.deepEqual([r.err, r.at, t.sc.finished(), t.sc.count()], [0, 1680, true, 2]);
    assert.equal(t.sc.result(0)!.rssi, -40);
  });

  it("states each degradation once in the log, not on every scan", () => {
    const t = setup({ channelScan: false, passiveScan: false, dwellTime: false });
    t.start({ groupChannels: 5, passive: true, periodMs: 300 });
    t.start({ groupChannels: 4, passive: true, periodMs: 200 });
    assert.deepEqual(t.warnings, [
      "scanner: radio scans all channels only: one all-channel scan, no groups",
      "scanner: radio cannot scan passively: active scan instead",
      "scanner: radio cannot set the dwell time: driver default used",
    ]);
  });

  it("logs nothing when the request needs no missing capability", () => {
    const t = setup({ channelScan: false, passiveScan: false, dwellTime: false });
    t.start({ groupChannels: 0, passive: false, periodMs: 0 });
    assert.deepEqual(t.warnings, []);
  });

  it("keeps grouping but drops passive mode and dwell when only those are missing", () => {
    const t = setup({ passiveScan: false, dwellTime: false });
    t.start({ groupChannels: 14, passive: true, periodMs: 300 });
    assert.equal(t.wifi.scans.length, 13);
    for (const s of t.wifi.scans) assert.deepEqual([s.opts.passive, s.opts.dwellMs], [false, 0]);
    assert.equal(t.warnings.length, 2);
  });
});
