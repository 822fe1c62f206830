// Faults: storage, radio, HTTP server start, clients vanishing mid-handshake — each reported
// through the manager's events/return codes, with the device still provisioning afterwards.
import assert from "node:assert/strict";
import * as net from "node:net";
import { CREDS_KEY, loadCreds } from "../../src/wifi/creds.ts";
import { ProvManager } from "../../src/prov/manager.ts";
import { SchemeSoftAp } from "../../src/prov/scheme-softap.ts";
import { TransportHttpd } from "../../src/protocomm/transport-httpd.ts";
import { NodeClock } from "../../tools/node-platform/clock.ts";
import { nodeCrypto } from "../../tools/node-platform/crypto.ts";
import { NodeHttp } from "../../tools/node-platform/http.ts";
import { FakeWifi } from "../fakes/fake-wifi.ts";
import { MemKv } from "../fakes/mem-kv.ts";
import { client, handshake, provisionsHome, secRig, secureCall, sendCreds } from "./rig.ts";

describe("faults", function () {
  this.timeout(30_000);

  it("storage write failure at apply: InternalError, nothing saved, no CRED_RECV; a retry saves whole", async () => {
    const d = secRig(1);
    const c = client(1);
    assert.equal(await handshake(d, c), 0);
    d.kv.failNextWrite();
    assert.deepEqual(sendCreds(d, c, "home", "password1"), ["08036a00", "08057a020805"]);
    assert.equal(d.kv.has(CREDS_KEY), false);
    assert.equal(d.mgr.isProvisioned(), false);
    assert.ok(!d.events.some((e) => e.startsWith("CRED_RECV")));
    assert.deepEqual(sendCreds(d, c, "home", "password1"), ["08036a00", "08057a00"]);
    assert.equal(Buffer.from(loadCreds(d.kv)!.password).toString(), "password1");
  });

  it("radio refuses a scan: scan_start answers InternalError; the next scan works", async () => {
    const d = secRig(1);
    const c = client(1);
    assert.equal(await handshake(d, c), 0);
    d.wifi.failNextScan();
    // non-blocking scan_start (period 120 ms): InternalError in the outer status, then Success
    assert.equal(secureCall(d, c, "prov-scan", "52022078"), "080110055a00");
    assert.equal(secureCall(d, c, "prov-scan", "52022078"), "08015a00");
  });

  it("radio refuses to connect: CRED_FAIL(AP_NOT_FOUND) and ConnectionFailed in get_status; reset then retry succeeds", async () => {
    const d = secRig(1);
    const c = client(1);
    assert.equal(await handshake(d, c), 0);
    d.wifi.failNextConnect();
    assert.deepEqual(sendCreds(d, c, "home", "password1"), ["08036a00", "08057a00"]);
    d.clock.advance(1500);
    assert.ok(d.events.includes("CRED_FAIL:1"), d.events.join());
    assert.equal(secureCall(d, c, "prov-config", "5200"), "08015a0410035001");
    assert.equal(secureCall(d, c, "prov-ctrl", "08015a00"), "0802" + "6200");
    assert.deepEqual(sendCreds(d, c, "home", "password1"), ["08036a00", "08057a00"]);
    d.clock.advance(2000);
    assert.ok(d.events.includes("CRED_SUCCESS"));
  });

  it("sec1: a client that vanishes after Cmd0 (socket closed) does not block the next client", async () => {
    const d = secRig(1);
    const gone = client(1);
    d.transport.pc!.openSession(1);
    assert.equal(d.call("prov-session", await gone.start(), 1).err, 0);
    d.transport.pc!.closeSession(1); // socket closed
    assert.ok(await provisionsHome(d, 2));
  });

  it("sec1: a new session during the shared-secret computation ends the old Cmd1 with INVALID_STATE", async () => {
    const d = secRig(1);
    const pc = d.transport.pc!;
    const a = client(1);
    pc.openSession(1);
    const r0 = d.call("prov-session", await a.start(), 1);
    let aErr: number | undefined;
    // Cmd1 goes out before the device finished X25519 (no clock advance in between).
    pc.handle("prov-session", 1, (await a.next(r0.out!))!, (err) => (aErr = err));
    pc.openSession(2); // the transport saw a new client
    d.clock.advance(0);
    assert.equal(aErr, 0x103);
    assert.ok(await provisionsHome(d, 2));
  });
});

describe("faults: the HTTP server cannot start", function () {
  it("port in use: start done(err), back to IDLE, and a start works once the port is free", async () => {
    const blocker = net.createServer();
    await new Promise<void>((r) => blocker.listen(0, "127.0.0.1", () => r()));
    const busy = (blocker.address() as net.AddressInfo).port;
    const clock = new NodeClock();
    const wifi = new FakeWifi(clock);
    const http = new NodeHttp();
    const transport = new TransportHttpd({ http, crypto: nodeCrypto, clock, port: busy, host: "127.0.0.1" });
    const platform = { clock, wifi, kv: new MemKv(), crypto: nodeCrypto, http };
    const m = new ProvManager(platform, { scheme: new SchemeSoftAp(wifi, clock, transport) });
    assert.equal(m.init(), 0);
    const start = () => new Promise<number>((r) => assert.equal(m.startProvisioning(1, { pop: Buffer.from("x") }, "PROV_t", undefined, r), 0));
    assert.notEqual(await start(), 0);
    assert.equal(m.state(), 0, "IDLE");
    await new Promise((r) => blocker.close(r));
    assert.equal(await start(), 0, "same port, now free");
    assert.equal(m.state(), 2, "STARTED");
    await new Promise<void>((r) => m.deinit(() => r()));
    clock.clearAll();
  });
});
