// The module's API in the bundle tier, against the BUILT dist/storage: a maker's three-line
// .bootcde ("autoStart": false) provisioned by wifi-prov (security 1) with its custom endpoint,
// the events in order, release on deinit and a fresh module from require() again (reprovision);
// every maker mistake is one "[wifiprov]" console line plus a callback Error, never a throw;
// nothing starts by itself with autoStart false; isProvisioned()/reset().
import assert from "node:assert/strict";
import { provision } from "../../tools/prov-client/index.ts";
import { Device, EspStorage } from "./harness.ts";

const APS = [{ ssid: "HomeNet", mac: "24:0a:c4:00:00:01", rssi: -48, channel: 6, authMode: "wpa2" as const, password: "correct horse" }];
const POP = "abcd1234";
const CONFIG = { serviceKey: "k3y-for-ap", security: 1, pop: POP, autoStart: false };
const EVENTS = ["start", "credRecv", "credFail", "credSuccess", "end", "deinit"];

/** The maker's script: three lines of plain JS (every event logged as "[maker] <event> <arg>"). */
const MAKER = [
  'var prov = require("wifi-prov");',
  'prov.endpoint("custom-data", function (d) { console.log("[maker] got " + d); return "stored " + d; });',
  `${JSON.stringify(EVENTS)}.forEach(function (e) { prov.on(e, function (a) { console.log("[maker] " + e + (a === undefined ? "" : " " + JSON.stringify(a))); }); }); prov.start({}, function (err) { console.log("[maker] started " + (err ? err.message : "ok")); });`,
].join("\n");

type Cb = (err: Error | null) => void;
interface Prov {
  start(options?: unknown, cb?: Cb): number;
  on(ev: string, fn: (a?: unknown) => void): number;
  endpoint(name: string, fn: (d: string) => string): number;
  isProvisioned(): boolean;
  reset(): number;
  resetSmStates(again?: boolean): number;
  stop(): number;
  reprovision(cb?: Cb): number;
  connect(cb?: Cb): number;
  release(): void;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const requireProv = (dev: Device) => (dev.global.require as (n: string) => Prov)("wifi-prov");
const cached = (dev: Device) => (dev.global.Modules as { getCached(): string[] }).getCached();
const qrLines = (dev: Device) => dev.console.filter((l) => l.startsWith('{"ver"'));
const makerEvents = (dev: Device) => dev.console.filter((l) => /^\[maker\] (start|credRecv|credFail|credSuccess|end|deinit)\b/.test(l));

/** Waits for the n-th QR line and the HTTP server it announces; returns its port. */
async function started(dev: Device, n = 1): Promise<number> {
  for (let i = 0; i < 500 && (qrLines(dev).length < n || !dev.http.port); i++) await sleep(10);
  assert.equal(qrLines(dev).length, n, "QR lines:\n" + dev.text());
  assert.ok(dev.http.port, "HTTP server listening");
  return dev.http.port;
}

function provisionWithCustom(port: number, data: string) {
  return provision({ host: "127.0.0.1:" + port, sec: 1, pop: POP, ssid: "HomeNet", passphrase: "correct horse", pollMs: 100, customData: [{ endpoint: "custom-data", data: Buffer.from(data) }] });
}

/**
 * Runs one maker mistake: it must not throw, must print exactly one console line, starting
 * "[wifiprov]" and matching `re`, return an error code (not 0) and, when it takes a callback,
 * call it once with an Error carrying the same words.
 */
async function mistake(dev: Device, re: RegExp, run: (cb: Cb) => unknown, withCb = true): Promise<void> {
  const n0 = dev.console.length;
  const errs: (Error | null)[] = [];
  let ret: unknown;
  assert.doesNotThrow(() => {
    ret = run((e) => errs.push(e));
  });
  // Only what the call itself printed (provisioning's own progress lines may follow later).
  const lines = dev.console.slice(n0);
  assert.equal(lines.length, 1, "one console line for " + re + ", got:\n" + lines.join("\n"));
  const line = lines[0]!;
  assert.ok(line.startsWith("[wifiprov] "), line);
  assert.match(line, re);
  assert.equal(typeof ret, "number", "returns an error code");
  assert.notEqual(ret, 0, "returns an error code");
  await sleep(30);
  if (!withCb) return;
  assert.equal(errs.length, 1, "the callback is called once");
  const err = errs[0];
  // The bundle's Error is from another realm: no instanceof.
  assert.equal(Object.prototype.toString.call(err), "[object Error]");
  assert.equal(err!.message, line.slice("[wifiprov] ".length));
}

describe("bundle: the wifi-prov module's API (require(\"wifi-prov\") from a maker's .bootcde)", function () {
  this.timeout(30000);
  let dev: Device | undefined;
  afterEach(() => dev?.powerOff());

  it("a three-line maker script provisions with its custom endpoint; events in order; released on deinit; require() again reprovisions", async () => {
    const storage = new EspStorage();
    dev = new Device({ storage, config: CONFIG, aps: APS, files: { ".bootcde": MAKER } });
    dev.boot();
    const prov = dev.global.prov as Prov;
    const port = await started(dev);
    assert.ok(dev.console.includes("[maker] started ok"), dev.text());
    assert.equal(prov.isProvisioned(), false);

    const r = await provisionWithCustom(port, "kitchen");
    assert.equal(r.outcome, "provisioned", r.message);
    assert.equal(Buffer.from(r.customReplies[0]!.reply).toString(), "stored kitchen", "the reply is the maker's function's");
    assert.ok(dev.console.includes("[maker] got kitchen"));
    await dev.waitConsole(/^\[maker\] deinit$/);
    assert.deepEqual(makerEvents(dev), ["[maker] start", '[maker] credRecv {"ssid":"HomeNet"}', "[maker] credSuccess", "[maker] end", "[maker] deinit"]);
    assert.deepEqual(dev.wifi.connects.at(-1), { ssid: "HomeNet", password: "correct horse" });

    // Released: the exports object is empty and the module is out of the cache.
    assert.deepEqual(Object.keys(prov), []);
    assert.ok(!cached(dev).includes("wifi-prov"), "module cache: " + cached(dev).join(","));

    // Reprovision: a fresh module from flash.
    const again = requireProv(dev);
    assert.notEqual(again, prov);
    assert.equal(again.isProvisioned(), true);
    assert.equal(again.reset(), 0);
    assert.equal(again.isProvisioned(), false);
    assert.ok(!storage.list().some((n) => n.startsWith("prov.sta~")), "saved network erased");
    const seen: string[] = [];
    for (const e of EVENTS) assert.equal(again.on(e, () => seen.push(e)), 0);
    assert.equal(again.endpoint("custom-data", (d) => "again " + d), 0);
    const errs: (Error | null)[] = [];
    dev.http.port = 0;
    assert.equal(again.start({}, (e) => errs.push(e)), 0);
    const port2 = await started(dev, 2);
    assert.deepEqual(errs, [null]);
    const r2 = await provisionWithCustom(port2, "hall");
    assert.equal(r2.outcome, "provisioned", r2.message);
    assert.equal(Buffer.from(r2.customReplies[0]!.reply).toString(), "again hall");
    for (let i = 0; i < 200 && !seen.includes("deinit"); i++) await sleep(10);
    assert.deepEqual(seen, ["start", "credRecv", "credSuccess", "end", "deinit"]);
    assert.equal(makerEvents(dev).length, 5, "the first module's listeners were dropped");
    assert.deepEqual(Object.keys(again), []);
    assert.equal(requireProv(dev).isProvisioned(), true);
  });

  it("autoStart false: nothing starts by itself, the module is not even loaded, until the maker calls start()", async () => {
    dev = new Device({ config: CONFIG, aps: APS });
    dev.boot();
    await sleep(300);
    assert.deepEqual(qrLines(dev), []);
    assert.equal(dev.wifi.ap, undefined);
    assert.equal(dev.http.servers.length, 0);
    assert.equal(dev.wifi.connects.length, 0);
    assert.ok(!cached(dev).includes("wifi-prov"), "module cache: " + cached(dev).join(","));
    assert.ok(!dev.console.some((l) => l.startsWith("[wifiprov]")), dev.text());
    const prov = requireProv(dev);
    assert.equal(prov.start(), 0);
    await started(dev);
    assert.equal((dev.wifi as { ap?: { ssid: string } }).ap?.ssid, "PROV_123456", "SoftAP up");
  });

  it("autoStart false on a provisioned board: no join, no provisioning; isProvisioned() true; reset() forgets the network", async () => {
    const storage = new EspStorage();
    dev = new Device({ storage, config: CONFIG, aps: APS, files: { ".bootcde": MAKER } });
    dev.boot();
    const r = await provisionWithCustom(await started(dev), "x");
    assert.equal(r.outcome, "provisioned", r.message);
    await dev.waitConsole(/^\[maker\] deinit$/);
    dev.powerOff();

    dev = new Device({ storage, bundle: null, aps: APS });
    dev.boot();
    await sleep(300);
    assert.equal(dev.wifi.connects.length, 0, "autoStart false: the maker joins, not the boot file");
    const prov = requireProv(dev);
    assert.equal(prov.isProvisioned(), true);
    assert.equal(prov.reset(), 0);
    assert.equal(prov.isProvisioned(), false);
    assert.ok(!storage.list().some((n) => n.startsWith("prov.sta~")));
    dev.powerOff();
    // Forgotten across a reboot too: the maker's script now provisions.
    dev = new Device({ storage, bundle: null, aps: APS });
    dev.boot();
    await started(dev);
    assert.ok(dev.console.includes("[maker] started ok"));
  });

  it("maker mistakes before start: one [wifiprov] line and a callback Error each, never a throw", async () => {
    dev = new Device({ config: CONFIG, aps: APS });
    dev.boot();
    const prov = requireProv(dev);
    await mistake(dev, /unknown event "connected"/, () => prov.on("connected", () => undefined), false);
    await mistake(dev, /listener must be a function/, () => prov.on("end", "x" as never), false);
    await mistake(dev, /"prov-config" exists already/, () => prov.endpoint("prov-config", (d) => d), false);
    assert.equal(prov.endpoint("custom-data", (d) => d), 0);
    await mistake(dev, /"custom-data" exists already/, () => prov.endpoint("custom-data", (d) => d), false);
    await mistake(dev, /needs a name and a function/, () => prov.endpoint("other", undefined as never), false);
    await mistake(dev, /resetSmStates: provisioning is not running/, () => prov.resetSmStates(), false);
    await mistake(dev, /stop: provisioning is not running/, () => prov.stop(), false);
    await mistake(dev, /start: options must be an object/, (cb) => prov.start("softap", cb));
    await mistake(dev, /start: options must be an object/, (cb) => prov.start(null, cb));
    await mistake(dev, /^\[wifiprov\] start: bogus: unknown option$/, (cb) => prov.start({ bogus: 1 }, cb));
    await mistake(dev, /^\[wifiprov\] start: httpPort: must be an integer 1-65535$/, (cb) => prov.start({ httpPort: "80" }, cb));
    await mistake(dev, /^\[wifiprov\] start: security: must be 0, 1 or 2; autoStop: must be true or false$/, (cb) => prov.start({ security: 7, autoStop: 1, force: true }, cb));
    await mistake(dev, /start: .*the callback must be a function/, () => prov.start({}, "cb" as never), false);
    await mistake(dev, /^\[wifiprov\] connect: no saved network \(start\(\) provisions one\)$/, (cb) => prov.connect(cb));
    await mistake(dev, /connect: the callback must be a function/, () => prov.connect(1 as never), false);
    // Nothing of those started anything.
    await sleep(200);
    assert.deepEqual(qrLines(dev), []);
    assert.equal(dev.wifi.ap, undefined);
    // The module still works after them.
    assert.equal(prov.start({}), 0);
    await started(dev);
  });

  it("maker mistakes while running: start twice (same tick too), endpoint after start; stop() then ends and releases", async () => {
    dev = new Device({ config: CONFIG, aps: APS });
    dev.boot();
    const prov = requireProv(dev);
    const errs: (Error | null)[] = [];
    assert.equal(prov.start({}, (e) => errs.push(e)), 0);
    // Still in start()'s Wi-Fi scan: already running.
    await mistake(dev, /start: provisioning is running already/, (cb) => prov.start({}, cb));
    await mistake(dev, /endpoint: add endpoints before start\(\)/, () => prov.endpoint("late", (d) => d), false);
    await started(dev);
    assert.deepEqual(errs, [null]);
    await mistake(dev, /start: provisioning is running already/, (cb) => prov.start({}, cb));
    await mistake(dev, /reprovision: provisioning is running already/, (cb) => prov.reprovision(cb));
    await mistake(dev, /endpoint: add endpoints before start\(\)/, () => prov.endpoint("late", (d) => d), false);
    await mistake(dev, /resetSmStates: not now \(0x[0-9a-f]+\)/, () => prov.resetSmStates(), false);
    await mistake(dev, /connect: provisioning is running/, (cb) => prov.connect(cb));
    await sleep(200);
    assert.equal(qrLines(dev).length, 1, "one provisioning only");
    assert.equal(dev.http.servers.length, 1, "one HTTP server only");
    const seen: string[] = [];
    prov.on("end", () => seen.push("end"));
    prov.on("deinit", () => seen.push("deinit"));
    assert.equal(prov.stop(), 0);
    for (let i = 0; i < 300 && !seen.includes("deinit"); i++) await sleep(10);
    assert.deepEqual(seen, ["end", "deinit"]);
    assert.deepEqual(Object.keys(prov), []);
    assert.equal(dev.wifi.ap, undefined, "SoftAP stopped");
  });

  it("start while provisioned: refused without reset(), starts with {force: true}", async () => {
    const storage = new EspStorage();
    dev = new Device({ storage, config: CONFIG, aps: APS, files: { ".bootcde": MAKER } });
    dev.boot();
    assert.equal((await provisionWithCustom(await started(dev), "x")).outcome, "provisioned");
    await dev.waitConsole(/^\[maker\] deinit$/);
    const prov = requireProv(dev);
    assert.equal(prov.isProvisioned(), true);
    await mistake(dev, /start: already provisioned; prov\.reset\(\) forgets the network, or start\(\{force: true\}\)/, (cb) => prov.start({}, cb));
    await mistake(dev, /start: already provisioned/, (cb) => prov.start(undefined, cb));
    await sleep(200);
    assert.equal(qrLines(dev).length, 1, "refused: no provisioning");
    const errs: (Error | null)[] = [];
    dev.http.port = 0;
    assert.equal(prov.start({ force: true }, (e) => errs.push(e)), 0);
    await started(dev, 2);
    assert.deepEqual(errs, [null]);
    assert.equal(prov.isProvisioned(), true, "force keeps the saved network until a new one is applied");
  });
});
