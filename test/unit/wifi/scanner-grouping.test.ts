// Channel order, group pauses and dwell of the grouped scan (docs/spec/protocol.md §7.1). Expected values are
// worked out by hand from manager.c's rule (curr = (curr+1) % 14, 120 ms pause before channel
// curr when curr % G == 0) with FakeWifi's dwell: opts.dwellMs, else 120 active / 360 passive.
import assert from "node:assert/strict";
import { FakeClock } from "../../fakes/fake-clock";
import { FakeWifi } from "../../fakes/fake-wifi";
import { Scanner, type ScanCmd } from "../../../src/wifi/scanner";

function run(cmd: Partial<ScanCmd>, bleCoex = false) {
  const clock = new FakeClock();
  const wifi = new FakeWifi(clock);
  const sc = new Scanner(wifi, clock, { bleCoex });
  const full: ScanCmd = { blocking: true, passive: false, groupChannels: 0, periodMs: 120, ...cmd };
  let doneAt = -1;
  sc.start(full, (err) => {
    assert.equal(err, 0);
    doneAt = clock.now();
  });
  clock.runAll();
  const calls = wifi.scans.map((s) => [s.opts.channel, s.at]);
  const endedAt = wifi.scans[wifi.scans.length - 1]!.doneAt;
  return { calls, endedAt, doneAt, opts: wifi.scans.map((s) => s.opts), sc };
}

describe("Scanner channel grouping", () => {
  it("scans all channels in one call when group_channels is 0", () => {
    const r = run({ groupChannels: 0 });
    assert.deepEqual(r.calls, [[0, 0]]);
    assert.equal(r.endedAt, 1560); // 13 channels x 120 ms
  });

  it("scans channels 1..13 in groups 1-4 | 5-9 | 10-13 with 120 ms pauses when G is 5", () => {
    const r = run({ groupChannels: 5 });
    assert.deepEqual(r.calls, [
      [1, 0], [2, 120], [3, 240], [4, 360],
      [5, 600], [6, 720], [7, 840], [8, 960], [9, 1080],
      [10, 1320], [11, 1440], [12, 1560], [13, 1680],
    ]);
    assert.equal(r.endedAt, 1800); // 13 x 120 + 2 pauses x 120
  });

  it("scans in groups 1-3 | 4-7 | 8-11 | 12-13 when G is 4", () => {
    const r = run({ groupChannels: 4 });
    assert.deepEqual(r.calls, [
      [1, 0], [2, 120], [3, 240],
      [4, 480], [5, 600], [6, 720], [7, 840],
      [8, 1080], [9, 1200], [10, 1320], [11, 1440],
      [12, 1680], [13, 1800],
    ]);
    assert.equal(r.endedAt, 1920); // 13 x 120 + 3 pauses
  });

  it("pauses 120 ms before every channel after the first when G is 1", () => {
    const r = run({ groupChannels: 1 });
    assert.deepEqual(r.calls, [
      [1, 0], [2, 240], [3, 480], [4, 720], [5, 960], [6, 1200], [7, 1440],
      [8, 1680], [9, 1920], [10, 2160], [11, 2400], [12, 2640], [13, 2880],
    ]);
    assert.equal(r.endedAt, 3000); // 13 x 120 + 12 pauses
  });

  it("never pauses and never scans channel 14 when G is 14", () => {
    const r = run({ groupChannels: 14 });
    assert.deepEqual(r.calls, [
      [1, 0], [2, 120], [3, 240], [4, 360], [5, 480], [6, 600], [7, 720],
      [8, 840], [9, 960], [10, 1080], [11, 1200], [12, 1320], [13, 1440],
    ]);
    assert.equal(r.endedAt, 1560);
  });

  it("truncates group_channels to uint8 as the C API does (256 = all channels, 261 = 5)", () => {
    assert.deepEqual(run({ groupChannels: 256 }).calls, [[0, 0]]);
    assert.deepEqual(run({ groupChannels: 261 }).calls.map((c) => c[1]), [0, 120, 240, 360, 600, 720, 840, 960, 1080, 1320, 1440, 1560, 1680]);
  });

  it("uses period_ms as the active dwell (min = max) on every channel", () => {
    const r = run({ groupChannels: 5, periodMs: 300 });
    for (const o of r.opts) assert.deepEqual({ passive: o.passive, dwellMs: o.dwellMs }, { passive: false, dwellMs: 300 });
    assert.equal(r.endedAt, 4140); // 13 x 300 + 2 x 120
  });

  it("uses period_ms as the passive dwell and the driver default when it is 0", () => {
    const p = run({ groupChannels: 5, passive: true, periodMs: 300 });
    assert.deepEqual(p.opts[0], { channel: 1, passive: true, dwellMs: 300 });
    assert.equal(p.endedAt, 4140);
    const d = run({ groupChannels: 5, passive: true, periodMs: 0 });
    assert.deepEqual(d.opts[12], { channel: 13, passive: true, dwellMs: 0 });
    assert.deepEqual(d.calls.map((c) => c[1]), [0, 360, 720, 1080, 1560, 1920, 2280, 2640, 3000, 3480, 3840, 4200, 4560]);
    assert.equal(d.endedAt, 4920); // 13 x 360 (driver passive default) + 2 x 120
  });

  it("ignores period_ms in a Bluetooth build (v5.x coexistence rule)", () => {
    const r = run({ groupChannels: 5, periodMs: 300 }, true);
    for (const o of r.opts) assert.equal(o.dwellMs, 0);
    assert.equal(r.endedAt, 1800);
  });
});
