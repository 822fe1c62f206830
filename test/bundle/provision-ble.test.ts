// The BLE build (./build.sh --ble) in the harness: GATT service with 16-bit characteristic ids
// and 0x2901 names, one 31-byte advertisement, UART off, provisioned with security 0 and 1.
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { join } from "node:path";
import { DEFAULT_SERVICE_UUID } from "../../src/protocomm/ble-uuid.ts";
import { provision } from "../../tools/prov-client/index.ts";
import { GattClient } from "./gatt-client.ts";
import { Device, ROOT } from "./harness.ts";

const OUT = "dist/storage-ble";
const APS = [{ ssid: "HomeNet", mac: "24:0a:c4:00:00:01", rssi: -48, channel: 6, authMode: "wpa2" as const, password: "correct horse" }];

describe("bundle: BLE build provisioned over the GATT fake", function () {
  this.timeout(60000);
  let dev: Device | undefined;
  before(() => {
    const r = spawnSync("npx", ["tsx", "tools/bundle/build.ts", "--ble", "--storage=" + OUT], { cwd: ROOT, encoding: "utf8" });
    assert.equal(r.status, 0, r.stdout + r.stderr);
  });
  afterEach(() => dev?.powerOff());

  it("registers the provisioning service by 16-bit ids with endpoint names and advertises PROV_ in 31 bytes", async () => {
    dev = new Device({ config: { transport: "ble", security: 0 }, aps: APS, bundle: join(ROOT, OUT) });
    dev.boot();
    const qr = JSON.parse(await dev.waitConsole(/^\{"ver":"v1"/));
    assert.deepEqual(qr, { ver: "v1", name: "PROV_456", transport: "ble", security: 0 });
    assert.equal(dev.nrf.uart, false);
    assert.equal(dev.nrf.service, DEFAULT_SERVICE_UUID);
    const names = Object.fromEntries(dev.nrf.chars.map((c) => [c.description, c.uuid]));
    assert.equal(names["prov-session"], "0xff51");
    assert.equal(names["proto-ver"], "0xff53");
    const adv = Buffer.from(dev.nrf.advertising ?? []);
    assert.ok(adv.length <= 31);
    assert.ok(adv.includes(Buffer.from("PROV_456")), adv.toString("hex"));
    assert.equal(dev.wifi.ap, undefined, "no SoftAP in the BLE scheme");
    assert.doesNotMatch(dev.text(), /SoftAP is OPEN/, "no SoftAP warning without a SoftAP");
  });

  for (const sec of [0, 1]) {
    it("is provisioned over GATT with security " + sec, async () => {
      dev = new Device({ config: { transport: "ble", security: sec, pop: "abcd1234" }, aps: APS, bundle: join(ROOT, OUT) });
      dev.boot();
      await dev.waitConsole(/^\{"ver":"v1"/);
      dev.nrf.emit("connect", "aa:bb:cc:dd:ee:ff");
      const r = await provision({ transport: new GattClient(dev.nrf), sec, pop: "abcd1234", ssid: "HomeNet", passphrase: "correct horse", pollMs: 100 });
      assert.equal(r.outcome, "provisioned", r.message + "\n" + dev.text() + "\n" + JSON.stringify(dev.nrf.chars.map((c) => [c.description, Buffer.from(c.value, "latin1").toString("hex")])));
      assert.deepEqual(dev.wifi.connects.at(-1), { ssid: "HomeNet", password: "correct horse" });
    });
  }
});
