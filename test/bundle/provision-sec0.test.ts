// The built bundle with security 0 over HTTP: provisioned by wifi-prov; a wrong passphrase is
// reported as an authentication failure from the `disconnected` reason string "202".
import assert from "node:assert/strict";
import { provision } from "../../tools/prov-client/index.ts";
import { Device } from "./harness.ts";

const APS = [
  { ssid: "HomeNet", mac: "24:0a:c4:00:00:01", rssi: -48, channel: 6, authMode: "wpa2" as const, password: "correct horse" },
  { ssid: "OpenCafe", mac: "24:0a:c4:00:00:02", rssi: -71, channel: 1, authMode: "open" as const },
];

async function start(config: object): Promise<Device> {
  const dev = new Device({ config, aps: APS });
  dev.boot();
  await dev.waitConsole(/^\{"ver":"v1"/);
  for (let i = 0; i < 100 && !dev.http.port; i++) await new Promise((r) => setTimeout(r, 10));
  return dev;
}

describe("bundle: security 0 provisioning over HTTP", function () {
  this.timeout(30000);
  let dev: Device | undefined;
  afterEach(() => dev?.powerOff());

  it("prints a QR payload without a PoP and starts an open AP when serviceKey is empty", async () => {
    dev = await start({ security: 0, serviceKey: "" });
    assert.deepEqual(JSON.parse(dev.console.find((l) => l.startsWith('{"ver"'))!), { ver: "v1", name: "PROV_123456", transport: "softap", security: 0 });
    assert.deepEqual(dev.wifi.ap?.opts, { authMode: "open" });
  });

  it("joins an open network chosen by wifi-prov and ends provisioning", async () => {
    dev = await start({ security: 0, serviceKey: "k3y-for-ap" });
    const r = await provision({ host: "127.0.0.1:" + dev.http.port, sec: 0, ssid: "OpenCafe", passphrase: "", pollMs: 100 });
    assert.equal(r.outcome, "provisioned", r.message);
    assert.equal(r.sec, 0);
    await dev.waitConsole(/provisioning ended/);
    assert.ok(dev.wifi.apStops > 0, "SoftAP stopped after provisioning");
  });

  it("reports a wrong passphrase as an authentication error and keeps the service up", async () => {
    dev = await start({ security: 0, serviceKey: "k3y-for-ap" });
    const r = await provision({ host: "127.0.0.1:" + dev.http.port, sec: 0, ssid: "HomeNet", passphrase: "wrong one!", pollMs: 100 });
    assert.equal(r.outcome, "failed");
    assert.match(r.message, /auth/i);
    await dev.waitConsole(/connection failed: authentication error/);
    assert.ok(dev.wifi.ap, "SoftAP still up");
  });

  it("fails a 32-byte SSID at once (Espruino keeps 31 bytes) instead of trying a truncated one", async () => {
    dev = await start({ security: 0, serviceKey: "k3y-for-ap" });
    const r = await provision({ host: "127.0.0.1:" + dev.http.port, sec: 0, ssid: "S".repeat(32), passphrase: "whatever1", pollMs: 100 });
    assert.equal(r.outcome, "failed");
    assert.equal(dev.wifi.connects.length, 0, "Wifi.connect never called");
  });

  it("maps the scan list (string channels, authMode names, mac text) into prov-scan results", async () => {
    dev = await start({ security: 0, serviceKey: "k3y-for-ap" });
    const seen: { ssid: string; channel: number; auth: number; bssid: string }[] = [];
    const r = await provision({
      host: "127.0.0.1:" + dev.http.port, sec: 0, pollMs: 100,
      hooks: {
        chooseNetwork: async (entries) => {
          for (const e of entries) seen.push({ ssid: e.ssid, channel: e.channel, auth: e.auth, bssid: e.bssid });
          return { ssid: "OpenCafe", passphrase: "" };
        },
      },
    });
    assert.equal(r.outcome, "provisioned", r.message);
    const home = seen.find((e) => e.ssid === "HomeNet");
    assert.deepEqual(home, { ssid: "HomeNet", channel: 6, auth: 3, bssid: "24:0a:c4:00:00:01" });
    assert.equal(seen.find((e) => e.ssid === "OpenCafe")?.auth, 0);
  });
});
