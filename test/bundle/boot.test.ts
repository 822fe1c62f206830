// Boot of the built bundle: consoles off, config problems reported with defaults (never a
// crash), entropy seed persisted, generated PoP kept, console reprovision(), reprovision after
// failed connects.
import assert from "node:assert/strict";
import { crc32 } from "node:zlib";
import { provision } from "../../tools/prov-client/index.ts";
import { Device, EspStorage } from "./harness.ts";

const APS = [{ ssid: "HomeNet", mac: "24:0a:c4:00:00:01", rssi: -48, channel: 6, authMode: "wpa2" as const, password: "correct horse" }];

describe("bundle: boot", function () {
  this.timeout(20000);
  let dev: Device | undefined;
  afterEach(() => dev?.powerOff());

  it("switches the Telnet and BLE UART consoles off and stops BLE advertising", async () => {
    dev = new Device({ config: { serviceKey: "k3y-for-ap", pop: "abcd1234" } });
    dev.boot();
    await dev.waitConsole(/^\{"ver"/);
    assert.equal(dev.telnet.mode, "off");
    assert.equal(dev.nrf.uart, false);
    assert.equal(dev.nrf.slept, true);
  });

  it("reports a missing config and provisions with defaults: PROV_ + last 3 MAC bytes, security 1", async () => {
    dev = new Device({ mac: "24:6f:28:aa:bb:cc" });
    dev.boot();
    const qr = JSON.parse(await dev.waitConsole(/^\{"ver"/));
    assert.equal(qr.name, "PROV_AABBCC");
    assert.match(qr.pop, /^[0-9a-f]{8}$/);
    assert.match(dev.text(), /wifiprov\.json not found: using defaults/);
    assert.match(dev.text(), /SoftAP is OPEN/);
  });

  it("reports each invalid field, keeps the valid ones and never throws", async () => {
    dev = new Device({ config: { security: 7, serviceKey: "short", httpPort: "80", serviceName: "MyDevice", transport: "ble", autoStop: 1 } });
    dev.boot();
    const qr = JSON.parse(await dev.waitConsole(/^\{"ver"/));
    assert.equal(qr.name, "MyDevice");
    assert.equal(qr.transport, "softap");
    for (const f of ["security", "serviceKey", "httpPort", "transport", "autoStop"]) assert.match(dev.text(), new RegExp("config: " + f + ": "));
  });

  it("refuses a 32-character serviceName (Espruino's startAP keeps 31 SSID bytes)", async () => {
    dev = new Device({ config: { serviceName: "N".repeat(32), serviceKey: "k3y-for-ap", pop: "abcd1234" } });
    dev.boot();
    await dev.waitConsole(/^\{"ver"/);
    assert.match(dev.text(), /config: serviceName: /);
    assert.match(dev.text(), /"name":"PROV_123456"/);
  });

  it("survives a config file that is not JSON", async () => {
    dev = new Device({ config: "{not json" });
    dev.boot();
    await dev.waitConsole(/^\{"ver"/);
    assert.match(dev.text(), /not a JSON object: using defaults/);
  });

  it("keeps a generated PoP across reboots and writes a new entropy seed at every boot", async () => {
    const storage = new EspStorage();
    dev = new Device({ storage, config: { serviceKey: "k3y-for-ap" } });
    dev.boot();
    const pop1 = JSON.parse(await dev.waitConsole(/^\{"ver"/)).pop;
    const seed1 = storage.read("wifiprov.seed");
    dev.powerOff();
    dev = new Device({ storage });
    dev.boot();
    const pop2 = JSON.parse(await dev.waitConsole(/^\{"ver"/)).pop;
    assert.equal(pop2, pop1);
    assert.equal(storage.read("wifiprov.seed")?.length, 32);
    assert.notEqual(storage.read("wifiprov.seed"), seed1);
  });

  it("provisions again after reprovisionAfter failed connects to the saved network", async () => {
    const storage = staleNetwork();
    dev = new Device({ storage, config: { serviceKey: "k3y-for-ap", pop: "abcd1234", reprovisionAfter: 1 }, aps: APS });
    dev.boot();
    await dev.waitConsole(/joining the saved network/);
    await dev.waitConsole(/1 failed connection attempts in a row: provisioning again/);
    await dev.waitConsole(/^\{"ver"/);
    assert.deepEqual(dev.wifi.connects[0], { ssid: "HomeNet", password: "stale" });
  });

  it("keeps no copy of the replaced network's passphrase in Storage once the new one is saved", async () => {
    const storage = staleNetwork();
    dev = new Device({ storage, config: { serviceKey: "k3y-for-ap", pop: "abcd1234", reprovisionAfter: 1 }, aps: APS });
    dev.boot();
    await dev.waitConsole(/^\{"ver"/);
    for (let i = 0; i < 100 && !dev.http.port; i++) await new Promise((r) => setTimeout(r, 10));
    const r = await provision({ host: "127.0.0.1:" + dev.http.port, pop: "abcd1234", ssid: "HomeNet", passphrase: "correct horse", pollMs: 100 });
    assert.equal(r.outcome, "provisioned", r.message);
    const slots = storage.list().filter((n) => n.startsWith("prov.sta~"));
    assert.deepEqual(slots, ["prov.sta~1"], "the older slot is erased after the new one is verified");
    assert.ok(!(storage.read("prov.sta~1") ?? "").includes("stale"));
  });

  it("forgets the saved network and provisions when require(\"wifi-prov\").reprovision() is called on the console", async () => {
    const storage = staleNetwork();
    dev = new Device({ storage, config: { serviceKey: "k3y-for-ap", pop: "abcd1234", reprovisionAfter: 0 }, aps: APS });
    dev.boot();
    await dev.waitConsole(/failure 1/);
    ((dev.global.require as (n: string) => { reprovision(): void })("wifi-prov")).reprovision();
    await dev.waitConsole(/^\{"ver"/);
    assert.ok(!storage.list().some((n) => n.startsWith("prov.sta~")), "saved network erased");
  });
});

function staleNetwork(): EspStorage {
  const storage = new EspStorage();
  // A saved network whose passphrase no longer works (kv record format: src/wifi/creds.ts).
  const rec = Buffer.concat([Buffer.from([1, 7]), Buffer.from("HomeNet"), Buffer.from([5]), Buffer.from("stale")]);
  const crc = crc32(rec);
  const slot = Buffer.alloc(5);
  slot.writeUInt32LE(crc, 1);
  storage.write("prov.sta~0", Buffer.concat([slot, rec]).toString("latin1"));
  return storage;
}
