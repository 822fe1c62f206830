// The built bundle, provisioned end to end over HTTP by the wifi-prov library with security 1,
// then rebooted: it joins the saved network and does not provision again.
import assert from "node:assert/strict";
import { provision } from "../../tools/prov-client/index.ts";
import { Device, EspStorage } from "./harness.ts";

const APS = [
  { ssid: "HomeNet", mac: "24:0a:c4:00:00:01", rssi: -48, channel: 6, authMode: "wpa2" as const, password: "correct horse" },
  { ssid: "OpenCafe", mac: "24:0a:c4:00:00:02", rssi: -71, channel: 1, authMode: "open" as const },
];
const CONFIG = { serviceKey: "k3y-for-ap", security: 1, pop: "abcd1234" };

async function started(dev: Device): Promise<string> {
  const qr = await dev.waitConsole(/^\{"ver":"v1"/);
  for (let i = 0; i < 100 && !dev.http.port; i++) await new Promise((r) => setTimeout(r, 10));
  return qr;
}

describe("bundle: security 1 provisioning over HTTP", function () {
  this.timeout(30000);
  let dev: Device | undefined;
  afterEach(() => dev?.powerOff());

  it("starts a WPA2 SoftAP named from the config and prints the QR payload with the PoP", async () => {
    dev = new Device({ config: CONFIG, aps: APS });
    dev.boot();
    const qr = await started(dev);
    assert.deepEqual(JSON.parse(qr), { ver: "v1", name: "PROV_123456", pop: "abcd1234", transport: "softap", security: 1, password: "k3y-for-ap" });
    assert.equal(dev.wifi.ap?.ssid, "PROV_123456");
    assert.deepEqual(dev.wifi.ap?.opts, { password: "k3y-for-ap", authMode: "wpa2" });
  });

  it("is provisioned by wifi-prov, saves the network, then boots into station mode", async () => {
    const storage = new EspStorage();
    dev = new Device({ storage, config: CONFIG, aps: APS });
    dev.boot();
    await started(dev);
    const r = await provision({ host: "127.0.0.1:" + dev.http.port, pop: "abcd1234", ssid: "HomeNet", passphrase: "correct horse", pollMs: 100 });
    assert.equal(r.outcome, "provisioned", r.message);
    assert.equal(r.sec, 1);
    assert.deepEqual(dev.wifi.connects.at(-1), { ssid: "HomeNet", password: "correct horse" });
    await dev.waitConsole(/provisioning ended/);
    assert.ok(storage.list().some((n) => n.startsWith("prov.sta~")), "credentials slot written");
    dev.powerOff();

    dev = new Device({ storage, aps: APS });
    dev.boot();
    await dev.waitConsole(/connected, IP 192\.168\.1\.42/);
    assert.equal(dev.wifi.ap, undefined, "no SoftAP after a reboot when provisioned");
    assert.ok(!dev.console.some((l) => l.startsWith('{"ver"')), "no QR payload when provisioned");
  });

  it("refuses a client with the wrong PoP and stays in provisioning", async () => {
    dev = new Device({ config: CONFIG, aps: APS });
    dev.boot();
    await started(dev);
    const r = await provision({ host: "127.0.0.1:" + dev.http.port, pop: "wrong-pop", ssid: "HomeNet", passphrase: "correct horse", pollMs: 100 });
    assert.notEqual(r.outcome, "provisioned");
    assert.equal(dev.wifi.connects.length, 0);
    assert.ok(dev.wifi.ap, "SoftAP still up");
  });
});
