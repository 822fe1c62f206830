// The console scheme as an optional Storage part of the firmware, in the bundle tier (the BUILT
// dist/storage): with "transport": "console" in wifiprov.json the module loads "wifiprov-console",
// and wifi-prov's own console client (tools/prov-client/transport/console.ts, the code behind
// `wifi-prov --port`) provisions it with security 1 through prov.console(...) calls typed on the
// REPL; at the end prov.console/prov.line, the global prov and the cached module are gone. The
// serial console stays open, Telnet goes off unless "telnet": true; the SoftAP path never loads
// the console part. The interpreter tier is test/bundle/espruino-console.test.ts.
import assert from "node:assert/strict";
import * as vm from "node:vm";
import { provision } from "../../tools/prov-client/index.ts";
import { ConsoleTransport, type ConsoleLink } from "../../tools/prov-client/transport/console.ts";
import { Device } from "./harness.ts";

const APS = [{ ssid: "HomeNet", mac: "24:0a:c4:00:00:01", rssi: -48, channel: 6, authMode: "wpa2" as const, password: "correct horse" }];
const POP = "abcd1234";
const CONSOLE = { transport: "console", security: 1, pop: POP };

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const cached = (dev: Device) => (dev.global.Modules as { getCached(): string[] }).getCached();

/**
 * The device's REPL as a ConsoleLink: each line written runs as console input in the bundle's
 * global scope (Espruino's echo-off prefix \x10 dropped), and every console line comes back.
 */
function replLink(dev: Device): ConsoleLink {
  const rx: ((t: string) => void)[] = [];
  const push = dev.console.push.bind(dev.console);
  dev.console.push = (...lines: string[]) => {
    const n = push(...lines);
    for (const l of lines) for (const cb of rx) cb(l + "\r\n");
    return n;
  };
  let buf = "";
  return {
    async write(text: string) {
      buf += text;
      for (let i = buf.indexOf("\n"); i >= 0; i = buf.indexOf("\n")) {
        const line = buf.slice(0, i).replace(/^\x10/, "");
        buf = buf.slice(i + 1);
        try {
          vm.runInContext(line, dev.global as vm.Context);
        } catch (e) {
          dev.console.push("Uncaught " + (e as Error).message);
        }
      }
    },
    onData: (cb) => void rx.push(cb),
    onClose: () => undefined,
    close: () => undefined,
  };
}

async function ready(dev: Device): Promise<void> {
  await dev.waitConsole(/^\[wifiprov\] provisioning: console/);
}

describe("bundle: the console scheme (\"transport\": \"console\")", function () {
  this.timeout(30000);
  let dev: Device | undefined;
  afterEach(() => dev?.powerOff());

  it("wifi-prov's console client provisions it (security 1) through prov.console(); the console part is gone after", async () => {
    dev = new Device({ config: CONSOLE, aps: APS });
    dev.boot();
    await ready(dev);
    assert.ok(cached(dev).includes("wifiprov-console"), "the console part is loaded");
    assert.equal(typeof (dev.global.prov as { console?: unknown }).console, "function");
    assert.ok(!dev.http.port, "no HTTP server");
    assert.equal(dev.telnet.mode, "off", "Telnet off");
    const qr = JSON.parse(await dev.waitConsole(/^\{"ver"/));
    assert.equal(qr.transport, "console");
    const t = new ConsoleTransport({ link: replLink(dev), where: "the bundle's REPL", session: 7, timeoutMs: 10000 });
    const r = await provision({ transport: t, pop: POP, ssid: "HomeNet", passphrase: "correct horse", pollMs: 100 });
    assert.equal(r.outcome, "provisioned", r.message + "\n" + dev.text());
    assert.equal(r.sec, 1);
    await dev.waitConsole(/^\[wifiprov\] provisioning ended/);
    for (let i = 0; i < 200 && "prov" in dev.global; i++) await sleep(10);
    assert.ok(!("prov" in dev.global), "the global prov is removed");
    assert.deepEqual(cached(dev).filter((m) => /wifi-?prov/.test(m)), [], "module, console part and store dropped from the cache");
    assert.deepEqual(dev.wifi.connects.at(-1), { ssid: "HomeNet", password: "correct horse" });
    assert.match(dev.text(), /WIFIPROV-RESP prov-session 7 /);
    assert.doesNotMatch(dev.text(), /correct horse|Uncaught/);
  });

  it("answers esp_prov's pasted line through prov.line(), and errors as WIFIPROV-ERR lines", async () => {
    dev = new Device({ config: CONSOLE, aps: APS });
    dev.boot();
    await ready(dev);
    const prov = dev.global.prov as { console(ep: string, hex: string, sid?: number): void; line(l: string): void };
    // proto-ver is plaintext: the answer is the version JSON in hex.
    prov.line("Client->Device msg : proto-ver 0 " + Buffer.from("---").toString("hex"));
    const v = await dev.waitConsole(/^WIFIPROV-RESP proto-ver 0 [0-9a-f]+$/);
    assert.equal(JSON.parse(Buffer.from(v.split(" ")[3]!, "hex").toString()).prov.sec_ver, 1);
    prov.console("nope", "00");
    await dev.waitConsole(/^WIFIPROV-ERR nope 0 0x105 no such endpoint$/);
    prov.console("prov-session", "abc");
    await dev.waitConsole(/^WIFIPROV-ERR prov-session 0 0x102 bad hex/);
  });

  it("keeps Telnet on only when wifiprov.json opts in with \"telnet\": true (and says so)", async () => {
    dev = new Device({ config: { ...CONSOLE, telnet: true }, aps: APS });
    dev.boot();
    await ready(dev);
    assert.equal(dev.telnet.mode, undefined, "Telnet left as it was");
    assert.match(dev.text(), /config: telnet: on while provisioning, with no password/);
    dev.powerOff();
    dev = new Device({ config: { ...CONSOLE, telnet: "yes" }, aps: APS });
    dev.boot();
    await ready(dev);
    assert.equal(dev.telnet.mode, "off");
    assert.match(dev.text(), /config: telnet: must be true or false; using false/);
  });

  it("a maker's require(\"wifi-prov\") gets prov.console on its own prov object, gone with the exports at release", async () => {
    const maker = 'var prov = require("wifi-prov"); prov.on("end", function () { console.log("[maker] end"); }); prov.start({ transport: "console" }, function (e) { console.log("[maker] started " + e); });';
    dev = new Device({ config: { ...CONSOLE, autoStart: false }, aps: APS, files: { ".bootcde": maker } });
    dev.boot();
    await dev.waitConsole(/^\[maker\] started null/);
    const mine = dev.global.prov as Record<string, unknown>;
    assert.equal(typeof mine.console, "function");
    assert.equal(typeof mine.start, "function", "the same object as the exports");
    const t = new ConsoleTransport({ link: replLink(dev), where: "the bundle's REPL", timeoutMs: 10000 });
    const r = await provision({ transport: t, sec: 1, pop: POP, ssid: "HomeNet", passphrase: "correct horse", pollMs: 100 });
    assert.equal(r.outcome, "provisioned", r.message);
    await dev.waitConsole(/^\[maker\] end/);
    for (let i = 0; i < 200 && Object.keys(mine).length; i++) await sleep(10);
    assert.deepEqual(Object.keys(mine), [], "exports emptied, prov.console and prov.line with them");
    assert.equal(dev.global.prov, mine, "the maker's own variable stays");
    assert.ok(!cached(dev).includes("wifiprov-console"));
  });

  it("the SoftAP transport never loads the console part and defines no prov", async () => {
    dev = new Device({ config: { serviceKey: "k3y-for-ap", pop: POP }, aps: APS });
    dev.boot();
    await dev.waitConsole(/^\{"ver"/);
    assert.ok(!cached(dev).includes("wifiprov-console"));
    assert.ok(!("prov" in dev.global));
  });
});
