import assert from "node:assert/strict";
import { FakeClock } from "../../fakes/fake-clock";
import { FakeWifi } from "../../fakes/fake-wifi";
import { Protocomm } from "../../../src/protocomm/protocomm";
import { SchemeSoftAp } from "../../../src/prov/scheme-softap";
import { LoopTransport } from "./harness";

function setup() {
  const clock = new FakeClock();
  const wifi = new FakeWifi(clock);
  const t = new LoopTransport(clock);
  const s = new SchemeSoftAp(wifi, clock, t);
  const start = (key: string | undefined, name = "PROV_ab") => {
    let err: number | undefined;
    s.start(new Protocomm(clock), name, key, (e) => (err = e));
    assert.equal(err, undefined);
    clock.advance(0);
    return err;
  };
  return { clock, wifi, t, s, start };
}

describe("SoftAP scheme", () => {
  it("starts the transport and an open APSTA access point for at most 5 stations without a key", () => {
    const x = setup();
    assert.equal(x.start(undefined), 0);
    assert.equal(x.t.starts, 1);
    assert.deepEqual(x.wifi.modes, ["apsta"]);
    assert.equal(Buffer.from(x.wifi.apStarts[0]!.ssid).toString(), "PROV_ab");
    assert.equal(x.wifi.apStarts[0]!.password.length, 0);
    assert.equal(x.wifi.apStarts[0]!.maxConnections, 5);
    assert.equal(x.s.wifiMode, "apsta");
  });

  it("accepts keys of 8 and 64 characters as the AP password", () => {
    const x = setup();
    assert.equal(x.start("12345678"), 0);
    assert.equal(Buffer.from(x.wifi.apStarts[0]!.password).toString(), "12345678");
    const y = setup();
    assert.equal(y.start("a".repeat(64)), 0);
  });

  it("refuses keys of 7 or 65 characters and an empty name with INVALID_ARG, starting nothing", () => {
    for (const [k, n] of [["1234567", "P"], ["a".repeat(65), "P"], [undefined, ""]] as const) {
      const x = setup();
      assert.equal(x.start(k, n), 0x102);
      assert.equal(x.t.starts, 0);
      assert.equal(x.wifi.apStarts.length, 0);
    }
  });

  it("cuts a long service name to a 32-byte SSID", () => {
    const x = setup();
    x.start(undefined, "N".repeat(40));
    assert.equal(x.wifi.apStarts[0]!.ssid.length, 32);
  });

  it("ignores endpoint ids and stops the transport on stop", () => {
    const x = setup();
    assert.equal(x.s.setEndpoint("prov-ctrl", 0xff4f), 0);
    x.start(undefined);
    let err: number | undefined;
    x.s.stop((e) => (err = e));
    x.clock.advance(0);
    assert.equal(err, 0);
    assert.equal(x.t.stops, 1);
  });
});
