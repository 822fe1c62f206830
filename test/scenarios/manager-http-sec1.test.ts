import assert from "node:assert/strict";
import { NodeClock } from "../../tools/node-platform/clock";
import { nodeCrypto } from "../../tools/node-platform/crypto";
import { NodeHttp } from "../../tools/node-platform/http";
import { provision } from "../../tools/prov-client/provision";
import { FakeWifi } from "../fakes/fake-wifi";
import type { FakeClock } from "../fakes/fake-clock";
import { MemKv } from "../fakes/mem-kv";
import { TransportHttpd } from "../../src/protocomm/transport-httpd";
import { ProvManager } from "../../src/prov/manager";
import { SchemeSoftAp } from "../../src/prov/scheme-softap";

describe("manager scenario: sec1 over HTTP with the host client", () => {
  it("provisions end to end with a PoP and custom data, then ends", async function () {
    this.timeout(20000);
    const clock = new NodeClock();
    const wifi = new FakeWifi(clock as unknown as FakeClock);
    wifi.connectDelayMs = 20;
    wifi.ipDelayMs = 20;
    wifi.aps = [{ ssid: "home", channel: 6, rssi: -50, passphrase: "password1" }];
    const http = new NodeHttp();
    const transport = new TransportHttpd({ http, crypto: nodeCrypto, clock, port: 0, host: "127.0.0.1" });
    const events: string[] = [];
    const mgr = new ProvManager(
      { clock, crypto: nodeCrypto, kv: new MemKv(), wifi, http },
      { scheme: new SchemeSoftAp(wifi, clock, transport), onCredSuccess: () => events.push("SUCCESS"), onEnd: () => events.push("END") },
    );
    assert.equal(mgr.init(), 0);
    mgr.endpointCreate("custom-data");
    const started = await new Promise<number>((res) =>
      mgr.startProvisioning(1, { pop: new Uint8Array(Buffer.from("abcd1234")) }, "PROV_e2e", undefined, res),
    );
    assert.equal(started, 0);
    mgr.endpointRegister("custom-data", (s, d, done) => done(0, new Uint8Array(Buffer.from("SUCCESS\0"))));
    const res = await provision({
      host: "127.0.0.1:" + transport.boundPort(),
      sec: 1,
      pop: "abcd1234",
      ssid: "home",
      passphrase: "password1",
      customData: [{ endpoint: "custom-data", data: new Uint8Array(Buffer.from("hi")) }],
      pollMs: 200,
      waitMs: 1200,
    });
    assert.equal(res.outcome, "provisioned", res.message);
    assert.equal(Buffer.from(res.customReplies[0]!.reply).toString(), "SUCCESS\0");
    await new Promise<void>((r) => mgr.wait(r));
    assert.deepEqual(events, ["SUCCESS", "END"]);
    assert.ok(mgr.isProvisioned());
  });
});
