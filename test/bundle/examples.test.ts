// The maker's examples (firmware/examples/*.js) in the bundle tier, against the BUILT
// dist/storage: each is the board's .bootcde with "autoStart": false, exactly as a maker sends it
// from the Web IDE, and wifi-prov (security 1) provisions it.
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { provision } from "../../tools/prov-client/index.ts";
import { Device, EspStorage, ROOT } from "./harness.ts";
import { savedNetwork } from "./maker.ts";

const APS = [{ ssid: "HomeNet", mac: "24:0a:c4:00:00:01", rssi: -48, channel: 6, authMode: "wpa2" as const, password: "correct horse" }];
const POP = "abcd1234";
const CONFIG = { serviceKey: "k3y-for-ap", security: 1, pop: POP, autoStart: false };
const example = (name: string) => readFileSync(join(ROOT, "firmware", "examples", name), "utf8");

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const qrLines = (dev: Device) => dev.console.filter((l) => l.startsWith('{"ver"'));
const cached = (dev: Device) => (dev.global.Modules as { getCached(): string[] }).getCached();

async function started(dev: Device): Promise<number> {
  for (let i = 0; i < 500 && (qrLines(dev).length < 1 || !dev.http.port); i++) await sleep(10);
  assert.equal(qrLines(dev).length, 1, "QR line:\n" + dev.text());
  assert.ok(dev.http.port, "HTTP server listening");
  return dev.http.port;
}

function prov(port: number, passphrase = "correct horse", customData?: string) {
  return provision({
    host: "127.0.0.1:" + port, sec: 1, pop: POP, ssid: "HomeNet", passphrase, pollMs: 100,
    customData: customData === undefined ? undefined : [{ endpoint: "custom-data", data: Buffer.from(customData) }],
  });
}

describe("bundle: firmware/examples run as a maker's .bootcde and are provisioned by wifi-prov", function () {
  this.timeout(30000);
  let dev: Device | undefined;
  afterEach(() => dev?.powerOff());

  it("custom-endpoint.js: the name sent with --custom-data is answered and stored in Storage devname.txt; kept across a reboot", async () => {
    const storage = new EspStorage();
    dev = new Device({ storage, config: CONFIG, aps: APS, files: { ".bootcde": example("custom-endpoint.js") } });
    dev.boot();
    const r = await prov(await started(dev), "correct horse", "Kitchen lamp");
    assert.equal(r.outcome, "provisioned", r.message);
    assert.equal(Buffer.from(r.customReplies[0]!.reply).toString(), "ok, my name is Kitchen lamp");
    assert.equal(storage.read("devname.txt"), "Kitchen lamp");
    await dev.waitConsole(/^Provisioning ended\. Device name: Kitchen lamp$/);
    assert.ok(dev.console.includes("Device name stored: Kitchen lamp"), dev.text());
    dev.powerOff();
    dev = new Device({ storage, bundle: null, aps: APS });
    dev.boot();
    await dev.waitConsole(/^Already provisioned\. Device name: Kitchen lamp$/);
    await sleep(200);
    assert.deepEqual(qrLines(dev), [], "no provisioning on a provisioned board");
  });

  it("led.js: off while idle, blinks while provisioning, on when connected (interval stopped)", async () => {
    dev = new Device({ config: CONFIG, aps: APS, files: { ".bootcde": example("led.js") } });
    dev.boot();
    assert.deepEqual(dev.pins, [["D2", false]], "idle: off");
    const port = await started(dev);
    // Slow blink: 500 ms per toggle (waited for, not timed: a loaded machine delays timers).
    for (let i = 0; i < 500 && dev.pins.length < 3; i++) await sleep(10);
    const blinks = dev.pins.slice(1);
    assert.ok(blinks.length >= 2, "blinks: " + JSON.stringify(dev.pins));
    assert.ok(blinks.every((p) => p[0] === "D2"));
    const r = await prov(port);
    assert.equal(r.outcome, "provisioned", r.message);
    await dev.waitConsole(/^Trying HomeNet$/);
    for (let i = 0; i < 200 && String(dev.pins.at(-1)) !== "D2,true"; i++) await sleep(10);
    const n = dev.pins.length;
    assert.deepEqual(dev.pins.at(-1), ["D2", true], "connected: on");
    await sleep(300);
    assert.equal(dev.pins.length, n, "no blinking once connected");
  });

  it("led.js: a wrong passphrase gives fast flashes", async () => {
    dev = new Device({ config: CONFIG, aps: APS, files: { ".bootcde": example("led.js") } });
    dev.boot();
    const r = await prov(await started(dev), "wrong horse");
    assert.notEqual(r.outcome, "provisioned", r.message);
    await dev.waitConsole(/^Failed: auth$/);
    const n = dev.pins.length;
    for (let i = 0; i < 300 && dev.pins.length - n < 3; i++) await sleep(10);
    assert.ok(dev.pins.length - n >= 3, "fast flashes (50 ms per toggle): " + (dev.pins.length - n));
  });

  it("app.js: not provisioned, it provisions, then runs the app; provisioned, it joins without the module and runs the app; memory printed in each phase", async () => {
    const storage = new EspStorage();
    dev = new Device({ storage, config: CONFIG, aps: APS, files: { ".bootcde": example("app.js") } });
    dev.boot();
    const r = await prov(await started(dev));
    assert.equal(r.outcome, "provisioned", r.message);
    await dev.waitConsole(/^\[app\] app running/);
    const phases = (d: Device) => d.console.filter((l) => l.startsWith("[app]")).map((l) => l.replace(/: \d+ JsVars in use$/, ""));
    assert.deepEqual(phases(dev), ["[app] boot", "[app] provisioning", "[app] provisioned", "[app] app running"]);
    assert.ok(dev.console.filter((l) => l.startsWith("[app]")).every((l) => /: \d+ JsVars in use$/.test(l)), dev.text());
    assert.ok(!cached(dev).includes("wifi-prov"), "released: " + cached(dev).join(","));
    dev.powerOff();

    dev = new Device({ storage, bundle: null, aps: APS });
    dev.boot();
    await dev.waitConsole(/^\[app\] app running/);
    assert.deepEqual(phases(dev), ["[app] boot", "[app] connected", "[app] app running"]);
    assert.deepEqual(dev.wifi.connects, [{ ssid: "HomeNet", password: "correct horse" }]);
    assert.deepEqual(cached(dev), [], "neither the module nor the reader stays loaded");
    assert.deepEqual(qrLines(dev), []);
  });

  it("app.js: a saved open network is joined with an empty password", async () => {
    const storage = new EspStorage();
    dev = new Device({ storage, config: CONFIG, aps: [{ ssid: "Cafe", mac: "24:0a:c4:00:00:02", rssi: -60, channel: 1, authMode: "open" }], files: { ".bootcde": example("app.js"), ...Object.fromEntries(Object.entries(savedNetwork("Cafe", "")).map(([k, v]) => [k, Buffer.from(v).toString("latin1")])) } });
    dev.boot();
    await dev.waitConsole(/^\[app\] app running/);
    assert.deepEqual(dev.wifi.connects, [{ ssid: "Cafe", password: "" }]);
  });
});
