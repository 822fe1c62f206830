// The result list (docs/spec/protocol.md §7.4): RSSI order, the MAX cap with ESP-IDF's merge, no de-duplication,
// lifetime, and index handling. Expected lists are written out by hand.
import assert from "node:assert/strict";
import { FakeClock } from "../../fakes/fake-clock";
import { FakeWifi, type FakeAp } from "../../fakes/fake-wifi";
import { Scanner } from "../../../src/wifi/scanner";

function scan(aps: FakeAp[], groupChannels: number, maxResults?: number) {
  const clock = new FakeClock();
  const wifi = new FakeWifi(clock);
  wifi.aps = aps;
  const sc = new Scanner(wifi, clock, { maxResults });
  sc.start({ blocking: false, passive: false, groupChannels, periodMs: 0 }, () => {});
  clock.runAll();
  const list: [string, number][] = [];
  for (let i = 0; i < sc.count(); i++) {
    const r = sc.result(i)!;
    list.push([Buffer.from(r.ssid).toString(), r.rssi]);
  }
  return { sc, list, wifi, clock };
}

const ap = (ssid: string, channel: number, rssi: number): FakeAp => ({ ssid, channel, rssi });

describe("Scanner result list", () => {
  it("sorts the records of a grouped scan by RSSI, strongest first", () => {
    const { list } = scan([ap("a", 11, -70), ap("b", 1, -30), ap("c", 6, -50), ap("d", 6, -90)], 5);
    assert.deepEqual(list, [["b", -30], ["c", -50], ["a", -70], ["d", -90]]);
  });

  it("keeps the strongest maxResults records of an all-channel scan (cap 4 of 6)", () => {
    const aps = [ap("a", 1, -60), ap("b", 2, -20), ap("c", 3, -80), ap("d", 4, -40), ap("e", 5, -50), ap("f", 6, -30)];
    assert.deepEqual(scan(aps, 0, 4).list, [["b", -20], ["f", -30], ["d", -40], ["e", -50]]);
  });

  it("honours the smallest cap, 1", () => {
    assert.deepEqual(scan([ap("a", 1, -60), ap("b", 9, -20)], 5, 1).list, [["b", -20]]);
  });

  it("honours the largest cap, 255, and defaults to 16", () => {
    const aps: FakeAp[] = [];
    for (let i = 0; i < 300; i++) aps.push(ap("n" + i, 1 + (i % 13), -20 - Math.floor(i / 4)));
    const big = scan(aps, 0, 255);
    assert.deepEqual([big.sc.count(), big.list[0]![1], big.list[254]![1]], [255, -20, -83]);
    assert.equal(scan(aps, 0).sc.count(), 16);
  });

  it("falls back to 16 for a cap outside 1..255", () => {
    const aps = [ap("a", 1, -60)];
    assert.equal(scan(aps, 0, 0).sc.maxResults(), 16);
    assert.equal(scan(aps, 0, 256).sc.maxResults(), 16);
  });

  it("keeps every record of the newest channel on overflow, as ESP-IDF's merge does", () => {
    // cap 4: channel 1 fills the list; channel 2's -90 takes slot 3 and drops -43
    const { list } = scan([ap("a", 1, -40), ap("b", 1, -41), ap("c", 1, -42), ap("d", 1, -43), ap("z", 2, -90)], 5, 4);
    assert.deepEqual(list, [["a", -40], ["b", -41], ["c", -42], ["z", -90]]);
  });

  it("puts the newer record first on equal RSSI", () => {
    assert.deepEqual(scan([ap("old", 1, -50), ap("new", 2, -50)], 5).list, [["new", -50], ["old", -50]]);
  });

  it("does not de-duplicate: one SSID on two BSSIDs gives two entries", () => {
    const { list } = scan([ap("home", 1, -40), ap("home", 6, -60), ap("home", 6, -70)], 5);
    assert.deepEqual(list, [["home", -40], ["home", -60], ["home", -70]]);
  });

  it("never reports a channel-14 access point from a grouped scan", () => {
    assert.deepEqual(scan([ap("jp", 14, -30), ap("a", 13, -60)], 5).list, [["a", -60]]);
  });

  it("clears the previous results when a new scan starts", () => {
    const t = scan([ap("a", 1, -40)], 0);
    t.wifi.aps = [ap("b", 13, -50)];
    t.sc.start({ blocking: false, passive: false, groupChannels: 5, periodMs: 0 }, () => {});
    t.clock.flush();
    assert.equal(t.sc.count(), 0);
    t.clock.runAll();
    assert.equal(t.sc.count(), 1);
    t.sc.clear();
    assert.equal(t.sc.count(), 0);
  });

  it("returns undefined beyond the list and reads the index as uint16 like the C handler", () => {
    const { sc } = scan([ap("a", 1, -40), ap("b", 2, -50)], 0);
    assert.equal(sc.result(2), undefined);
    assert.equal(sc.result(16), undefined);
    assert.equal(sc.result(65536), sc.result(0));
    assert.equal(sc.result(65537)!.rssi, -50);
  });
});
