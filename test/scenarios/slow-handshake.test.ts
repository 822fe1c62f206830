// While a security-1 shared secret is computed in slices, the device keeps answering
// proto-ver and keeps processing Wi-Fi events (a connection started by an earlier client).
import assert from "node:assert/strict";
import { encodeWiFiConfigPayload } from "../../src/pb/wifi_config_pb.ts";
import { ProvManager } from "../../src/prov/manager.ts";
import { SchemeSoftAp } from "../../src/prov/scheme-softap.ts";
import { nodeCrypto } from "../../tools/node-platform/crypto.ts";
import { FakeClock } from "../fakes/fake-clock.ts";
import { FakeWifi } from "../fakes/fake-wifi.ts";
import { MemKv } from "../fakes/mem-kv.ts";
import { NodeSec1Client } from "../helpers/node-sec1-client.ts";
import { LoopTransport } from "../unit/prov/harness.ts";

describe("a slow security-1 handshake does not block the device", () => {
  it("answers proto-ver and completes a Wi-Fi connection while the shared secret is computed", () => {
    const clock = new FakeClock(5); // every clock read costs 5 ms: one X25519 spans seconds
    const wifi = new FakeWifi(clock);
    wifi.aps = [{ ssid: "home", channel: 6, rssi: -50, passphrase: "password1" }];
    const transport = new LoopTransport(clock);
    const log: string[] = [];
    const mgr = new ProvManager(
      { clock, wifi, kv: new MemKv(), crypto: nodeCrypto },
      { scheme: new SchemeSoftAp(wifi, clock, transport), onCredSuccess: () => log.push("CRED_SUCCESS") }
    );
    mgr.init();
    mgr.startProvisioning(1, { pop: new TextEncoder().encode("pop") }, "PROV_x", undefined);
    clock.runAll();
    const pc = transport.pc!;
    const send = (sid: number, ep: string, data: Uint8Array, cb: (err: number, out?: Uint8Array) => void) => pc.handle(ep, sid, data, cb);

    // Client A: handshake, credentials, apply (the connection starts 1 s later).
    const a = new NodeSec1Client("pop");
    pc.openSession(1);
    send(1, "prov-session", a.cmd0(), (_e, r0) => send(1, "prov-session", a.cmd1(r0!), (_e2, r1) => assert.ok(a.verify(r1!))));
    clock.runAll();
    const setCfg = encodeWiFiConfigPayload({ msg: 2, cmdSetConfig: { ssid: new TextEncoder().encode("home"), passphrase: new TextEncoder().encode("password1"), bssid: new Uint8Array(0), channel: 0 } });
    const apply = () =>
      send(1, "prov-config", a.crypt(encodeWiFiConfigPayload({ msg: 4, cmdApplyConfig: {} })), (e, out) => {
        assert.equal(e, 0);
        a.crypt(out!);
        log.push("applied");
        // Client B arrives at once: a new session and a handshake whose secret takes seconds.
        pc.openSession(2);
        const b = new NodeSec1Client("pop");
        send(2, "prov-session", b.cmd0(), (_e, r0) => {
          log.push("resp0");
          send(2, "prov-session", b.cmd1(r0!), (e1, r1) => log.push(e1 === 0 && b.verify(r1!) ? "resp1" : "resp1 bad"));
        });
        send(2, "proto-ver", new Uint8Array([1]), () => log.push("proto-ver"));
      });
    // One request at a time: the CTR stream advances in processing order (docs/spec/protocol.md §3.2).
    send(1, "prov-config", a.crypt(setCfg), (e, out) => {
      assert.equal(e, 0);
      a.crypt(out!);
      apply();
    });
    const t0 = clock.now();
    clock.runAll();
    // Resp0 waits for B's key pair and shared secret (security1.c answers Cmd0 after its ECDH).
    assert.deepEqual(log, ["applied", "proto-ver", "CRED_SUCCESS", "resp0", "resp1"]);
    assert.ok(clock.now() - t0 > 2000, "the handshake really spanned the connection");
  });
});
