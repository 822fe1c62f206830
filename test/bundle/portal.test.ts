// The web page and captive portal in the bundle tier, against the BUILT dist/storage: the optional
// Storage module "wifiprov-portal" is loaded while SoftAP provisioning runs; GET / is the stored
// page (wifiprov.html.gz, gzipped, streamed in chunks), the OS probes and other hosts get a 302 to
// it, a DNS query over loopback UDP gets the AP's address (a free port from dnsPort, never 53),
// protocomm still provisions, and at the end the DNS socket is closed and the portal's code is
// out of the module cache. captivePortal false: the page only.
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { gunzipSync } from "node:zlib";
import { provision } from "../../tools/prov-client/index.ts";
import { aRecords, dnsAsk, dnsQuery, freeUdpPort, httpGet } from "../helpers/portal-client.ts";
import { freePort } from "./espruino-run.ts";
import { Device, STORAGE } from "./harness.ts";

const APS = [{ ssid: "HomeNet", mac: "24:0a:c4:00:00:01", rssi: -48, channel: 6, authMode: "wpa2" as const, password: "correct horse" }];
const POP = "abcd1234";
const PAGE = join(STORAGE, "wifiprov.html.gz");

const cached = (dev: Device) => (dev.global.Modules as { getCached(): string[] }).getCached();

describe("bundle: web page and captive portal (wifiprov-portal)", function () {
  this.timeout(30000);
  let dev: Device | undefined;
  afterEach(() => dev?.powerOff());

  async function boot(extra: object): Promise<{ port: number; dns: number }> {
    const port = await freePort();
    const dns = await freeUdpPort();
    dev = new Device({ config: { serviceKey: "k3y-for-ap", security: 1, pop: POP, httpPort: port, dnsPort: dns, ...extra }, aps: APS });
    dev.boot();
    await dev.waitConsole(/^\{"ver":"v1"/);
    for (let i = 0; i < 100 && !dev.http.port; i++) await new Promise((r) => setTimeout(r, 10));
    return { port, dns };
  }

  it("serves the stored page, redirects probes and other hosts, answers DNS, provisions, then stops and unloads", async () => {
    const { port, dns } = await boot({});
    await dev!.waitConsole(/captive portal: DNS on udp port \d+/);
    assert.ok(cached(dev!).includes("wifiprov-portal"), "portal loaded while provisioning");

    const page = await httpGet(port, "/");
    assert.equal(page?.status, 200);
    assert.equal(page!.headers["content-encoding"], "gzip");
    assert.equal(page!.headers["content-length"], String(readFileSync(PAGE).length));
    assert.match(String(page!.headers["content-type"]), /^text\/html/);
    assert.deepEqual(page!.body, readFileSync(PAGE), "the Storage file, byte for byte");
    assert.match(gunzipSync(page!.body).toString("utf8"), /<html/i);
    const head = await httpGet(port, "/", undefined, "HEAD");
    assert.equal(head?.status, 200);

    const url = `http://127.0.0.1:${port}/`;
    for (const [path, host] of [["/generate_204", "connectivitycheck.gstatic.com"], ["/hotspot-detect.html", "captive.apple.com"], ["/connecttest.txt", "www.msftconnecttest.com"], ["/canonical.html", "detectportal.firefox.com"], ["/", "example.com"], ["/some/where", undefined]] as const) {
      const r = await httpGet(port, path, host);
      assert.equal(r?.status, 302, path + " " + host);
      assert.equal(r!.headers.location, url, path);
    }
    // Protocomm's endpoints are not the portal's: a GET keeps the transport's answer.
    assert.notEqual((await httpGet(port, "/prov-session"))?.status, 302);

    for (const name of ["connectivitycheck.gstatic.com", "captive.apple.com", "a.b"]) {
      const r = await dnsAsk(dns, dnsQuery(7, name));
      assert.ok(r, "a DNS answer for " + name);
      assert.deepEqual(aRecords(r!), ["127.0.0.1"], name);
    }

    // A page load in the middle of a session leaves it working.
    const r = await provision({ host: "127.0.0.1:" + port, sec: 1, pop: POP, ssid: "HomeNet", passphrase: "correct horse", pollMs: 100 });
    assert.equal(r.outcome, "provisioned", r.message);
    await dev!.waitConsole(/provisioning ended/);
    assert.equal(await dnsAsk(dns, dnsQuery(8, "a.b"), 800), undefined, "no DNS answer after provisioning");
    assert.ok(dev!.dgram.sockets.length >= 1 && dev!.dgram.sockets.every((s) => s.closed), "DNS socket closed");
    for (let i = 0; i < 100 && cached(dev!).length; i++) await new Promise((res) => setTimeout(res, 20));
    assert.ok(!cached(dev!).includes("wifiprov-portal"), "portal dropped from the module cache: " + cached(dev!).join(","));
  });

  it("captivePortal false: the page at / only, no redirects, no DNS", async () => {
    const { port } = await boot({ captivePortal: false });
    const page = await httpGet(port, "/");
    assert.equal(page?.status, 200);
    assert.deepEqual(page!.body, readFileSync(PAGE));
    assert.notEqual((await httpGet(port, "/generate_204", "connectivitycheck.gstatic.com"))?.status, 302);
    assert.equal(dev!.dgram.sockets.length, 0, "no DNS socket");
    assert.ok(!dev!.console.some((l) => /captive portal: DNS/.test(l)));
  });

  it("without the page file in Storage: 404 at /, protocomm unaffected", async () => {
    const port = await freePort();
    dev = new Device({ config: { serviceKey: "k3y-for-ap", security: 1, pop: POP, httpPort: port, captivePortal: false }, aps: APS });
    dev.storage.erase("wifiprov.html.gz");
    dev.boot();
    await dev.waitConsole(/^\{"ver":"v1"/);
    for (let i = 0; i < 100 && !dev.http.port; i++) await new Promise((r) => setTimeout(r, 10));
    assert.equal((await httpGet(port, "/"))?.status, 404);
    const r = await provision({ host: "127.0.0.1:" + port, sec: 1, pop: POP, ssid: "HomeNet", passphrase: "correct horse", pollMs: 100 });
    assert.equal(r.outcome, "provisioned", r.message);
  });
});
