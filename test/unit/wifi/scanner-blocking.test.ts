// When scan_start completes (docs/spec/protocol.md §7.1): blocking = ESP-IDF's wait loop (check under
// prov_ctx_lock, then vTaskDelay 120 ms; the lock is held through the inter-group pause);
// non-blocking = right after the first scan call. Times are hand-computed on FakeClock.
import assert from "node:assert/strict";
import { FakeClock } from "../../fakes/fake-clock";
import { FakeWifi } from "../../fakes/fake-wifi";
import { Scanner, type ScanCmd } from "../../../src/wifi/scanner";

function setup() {
  const clock = new FakeClock();
  const wifi = new FakeWifi(clock);
  const sc = new Scanner(wifi, clock);
  const start = (cmd: Partial<ScanCmd>) => {
    const r = { err: NaN, at: -1 };
    sc.start({ blocking: true, passive: false, groupChannels: 5, periodMs: 120, ...cmd }, (err) => {
      r.err = err;
      r.at = clock.now();
    });
    return r;
  };
  return { clock, wifi, sc, start };
}

describe("Scanner blocking and non-blocking start", () => {
  it("answers a blocking scan 120 ms after the first poll that sees it ended", () => {
    const cases: [number, number][] = [[0, 1680], [1, 3120], [4, 2040], [5, 1920], [14, 1680]];
    for (const [g, at] of cases) {
      const t = setup();
      const r = t.start({ groupChannels: g });
      t.clock.runAll();
      assert.deepEqual([g, r.err, r.at], [g, 0, at]);
    }
  });

  it("delays polls that fall inside a group pause until the pause ends (period 100, G 5)", () => {
    // scan ends at 1540; polls 0..480 (deferred to 520), 640..1120 (deferred to 1140),
    // 1260, 1380, 1500, 1620 (sees the end) -> answer at 1740, not 1680
    const t = setup();
    const r = t.start({ groupChannels: 5, periodMs: 100 });
    t.clock.runAll();
    assert.equal(t.wifi.scans[12]!.doneAt, 1540);
    assert.equal(r.at, 1740);
  });

  it("answers a non-blocking scan at once while the scan goes on", () => {
    const t = setup();
    const r = t.start({ blocking: false });
    t.clock.flush();
    assert.deepEqual([r.err, r.at, t.sc.finished()], [0, 0, false]);
    t.clock.advance(1799);
    assert.equal(t.sc.finished(), false);
    t.clock.advance(1);
    assert.equal(t.sc.finished(), true);
  });

  it("grows result_count channel by channel during a non-blocking grouped scan", () => {
    const t = setup();
    t.wifi.aps = [
      { ssid: "a", channel: 1, rssi: -40 }, { ssid: "b", channel: 3, rssi: -70 },
      { ssid: "c", channel: 6, rssi: -50 }, { ssid: "d", channel: 11, rssi: -60 },
    ];
    t.start({ blocking: false });
    const seen: [number, number, boolean][] = [];
    for (const at of [0, 119, 120, 359, 360, 839, 840, 1559, 1560, 1799, 1800]) {
      t.clock.advance(at - t.clock.now());
      seen.push([at, t.sc.count(), t.sc.finished()]);
    }
    assert.deepEqual(seen, [
      [0, 0, false], [119, 0, false], [120, 1, false], [359, 1, false], [360, 2, false],
      [839, 2, false], [840, 3, false], [1559, 3, false], [1560, 4, false], [1799, 4, false], [1800, 4, true],
    ]);
  });

  it("answers a second scan_start while scanning with OK at once, restarting nothing", () => {
    const t = setup();
    t.wifi.aps = [{ ssid: "a", channel: 1, rssi: -40 }];
    t.start({ blocking: false });
    t.clock.advance(300);
    const second = t.start({ blocking: true, groupChannels: 0 });
    t.clock.flush();
    assert.deepEqual([second.err, second.at, t.sc.count()], [0, 300, 1]);
    t.clock.runAll();
    assert.deepEqual(t.wifi.scans.map((s) => s.opts.channel), [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13]);
  });

  it("holds a scan_start or a locked query that arrives in a pause until the pause ends", () => {
    const t = setup();
    t.start({ blocking: false });
    t.clock.advance(500); // inside the 480..600 pause before channel 5
    let ranAt = -1;
    let callsThen = -1;
    t.sc.lock(() => {
      ranAt = t.clock.now();
      callsThen = t.wifi.scans.length;
    });
    const second = t.start({});
    t.clock.advance(99);
    assert.deepEqual([ranAt, second.at], [-1, -1]);
    t.clock.advance(1);
    t.clock.flush();
    assert.deepEqual([ranAt, callsThen, second.at, second.err], [600, 5, 600, 0]);
  });

  it("fails the start with FAIL, clearing old results, when the radio refuses the scan", () => {
    const t = setup();
    t.wifi.aps = [{ ssid: "a", channel: 1, rssi: -40 }];
    t.start({ groupChannels: 0 });
    t.clock.runAll();
    assert.equal(t.sc.count(), 1);
    t.wifi.failNextScan();
    const r = t.start({ blocking: true });
    t.clock.runAll();
    assert.deepEqual([r.err, r.at, t.sc.count(), t.sc.finished()], [-1, 1680, 0, true]);
  });

  it("ends the scan, keeping what it found, when a later channel fails", () => {
    const t = setup();
    t.wifi.aps = [{ ssid: "a", channel: 1, rssi: -40 }, { ssid: "b", channel: 3, rssi: -50 }];
    const r = t.start({ blocking: true });
    t.wifi.failNextScan(); // channel 1 is already running; channel 2 fails
    t.clock.runAll();
    assert.deepEqual(t.wifi.scans.map((s) => s.opts.channel), [1, 2]);
    assert.deepEqual([r.err, r.at, t.sc.count(), t.sc.finished()], [0, 240, 1, true]);
  });

  it("abandons a running scan on stop: no more channels, results freed, waiter released", () => {
    const t = setup();
    t.wifi.aps = [{ ssid: "a", channel: 1, rssi: -40 }];
    const r = t.start({ blocking: true });
    t.clock.advance(500); // in the pause before channel 5
    t.sc.stop();
    assert.deepEqual([t.sc.finished(), t.sc.count()], [true, 0]);
    t.clock.runAll();
    assert.equal(t.wifi.scans.length, 4);
    // the poll held since 480 by the pause is released by stop at 500 and sees the end
    assert.deepEqual([r.err, r.at], [0, 620]);
  });
});
