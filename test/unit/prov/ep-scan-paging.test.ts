// scan_result paging bounds (docs/spec/protocol.md §7.3 [impl]): entries found so far + InternalError when an
// index runs past the list; count 0 is an empty Success.
import assert from "node:assert/strict";
import { FakeClock } from "../../fakes/fake-clock";
import { FakeWifi, type FakeAp } from "../../fakes/fake-wifi";
import { Scanner } from "../../../src/wifi/scanner";
import { makeScanHandler } from "../../../src/prov/ep-scan";
import { decodeWiFiScanPayload, encodeWiFiScanPayload } from "../../../src/pb/wifi_scan_pb";

function harness(n: number) {
  const clock = new FakeClock();
  const wifi = new FakeWifi(clock);
  const aps: FakeAp[] = [];
  for (let i = 0; i < n; i++) aps.push({ ssid: "ap" + i, channel: 1 + (i % 13), rssi: -30 - 5 * i });
  wifi.aps = aps;
  const handler = makeScanHandler(((sc) => () => sc)(new Scanner(wifi, clock)), () => true);
  const send = (bytes: Uint8Array) => {
    let res: ReturnType<typeof decodeWiFiScanPayload>;
    handler(1, bytes, (err, out) => {
      assert.equal(err, 0);
      res = decodeWiFiScanPayload(out!);
    });
    clock.runAll();
    return res!;
  };
  const page = (startIndex: number, count: number) => {
    const r = send(encodeWiFiScanPayload({ msg: 4, status: 0, cmdScanResult: { startIndex, count } }));
    assert.equal(r.msg, 5);
    return { status: r.status, ssids: r.respScanResult!.entries.map((e) => Buffer.from(e.ssid).toString()) };
  };
  send(encodeWiFiScanPayload({ msg: 0, status: 0, cmdScanStart: { blocking: true, passive: false, groupChannels: 0, periodMs: 0 } }));
  return { page, send, clock };
}

describe("prov-scan scan_result paging", () => {
  it("returns a page inside the list with Success", () => {
    assert.deepEqual(harness(5).page(1, 3), { status: 0, ssids: ["ap1", "ap2", "ap3"] });
  });

  it("returns the whole list when start 0 and count equal its length", () => {
    assert.deepEqual(harness(5).page(0, 5), { status: 0, ssids: ["ap0", "ap1", "ap2", "ap3", "ap4"] });
  });

  it("returns the entries that exist and InternalError when count runs past the end", () => {
    assert.deepEqual(harness(5).page(3, 4), { status: 5, ssids: ["ap3", "ap4"] });
  });

  it("returns InternalError and the whole list for a count far larger than the list", () => {
    assert.deepEqual(harness(5).page(0, 100), { status: 5, ssids: ["ap0", "ap1", "ap2", "ap3", "ap4"] });
  });

  it("returns InternalError and no entries when start is at or beyond the end", () => {
    const t = harness(5);
    assert.deepEqual(t.page(5, 1), { status: 5, ssids: [] });
    assert.deepEqual(t.page(40, 2), { status: 5, ssids: [] });
  });

  it("returns an empty Success for count 0, even with start beyond the end", () => {
    const t = harness(5);
    assert.deepEqual(t.page(0, 0), { status: 0, ssids: [] });
    assert.deepEqual(t.page(99, 0), { status: 0, ssids: [] });
  });

  it("returns InternalError for any page of an empty result list", () => {
    assert.deepEqual(harness(0).page(0, 4), { status: 5, ssids: [] });
  });

  it("pages 4 at a time over the capped list of 16 as the BLE clients do", () => {
    const t = harness(20);
    const got: string[] = [];
    for (let s = 0; s < 16; s += 4) {
      const p = t.page(s, 4);
      assert.equal(p.status, 0);
      got.push(...p.ssids);
    }
    assert.deepEqual([got.length, got[0], got[15]], [16, "ap0", "ap15"]);
    assert.deepEqual(t.page(16, 4), { status: 5, ssids: [] });
  });
});
