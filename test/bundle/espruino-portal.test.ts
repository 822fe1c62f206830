// The web page and captive portal in the Linux Espruino interpreter (radio faked; the prelude's
// SoftAP address is loopback): the Storage layout, the gzipped page among its files, serves GET /
// from Storage byte for byte (gzip, Content-Length), redirects a probe, answers DNS on a free UDP port
// (dnsPort, never 53), and a real headless Chromium provisions it through the page over loopback;
// after the end DNS is silent. Measures the JsVars the portal costs: its code while provisioning
// (idle with vs without wifiprov-portal in Storage) and the peak while the page is served (four
// loads at once, above idle), printed as "[portal] …" lines. Runs where ESPRUINO is set; the
// Chromium part where Chromium is installed (test/helpers/chromium.ts).
import assert from "node:assert/strict";
import { readFileSync, rmSync } from "node:fs";
import { join } from "node:path";
import type { Browser } from "puppeteer-core";
import { launchChromium } from "../helpers/chromium.ts";
import { aRecords, dnsAsk, dnsQuery, freeUdpPort, httpGet } from "../helpers/portal-client.ts";
import { requireTool } from "../helpers/tiers.ts";
import { assertHealthy, boot, freePort, prepareFlash, STORAGE, type Booted } from "./espruino-run.ts";

const POP = "abcd1234";
const PAGE = readFileSync(join(STORAGE, "wifiprov.html.gz"));

/** The highest process.memory().usage sampled every 10 ms while work runs (the sampler's own vars included). */
async function peakDuring(dev: Booted, work: () => Promise<void>): Promise<number> {
  dev.proc.stdin!.write("var pk_=0,sm_=setInterval(function(){var u=process.memory().usage;if(u>pk_)pk_=u;},10);\n");
  await new Promise((r) => setTimeout(r, 300));
  await work();
  await new Promise((r) => setTimeout(r, 300));
  dev.proc.stdin!.write('clearInterval(sm_);print("PK"+"="+pk_+";");delete pk_;delete sm_;\n');
  return Number((await dev.waitFor(/PK=(\d+);/, 10000))[1]);
}

/** usage settled (lowest of three). */
async function idleUsage(dev: Booted, tag: string): Promise<number> {
  let low = Infinity;
  for (let i = 0; i < 3; i++) {
    dev.proc.stdin!.write(`print("${tag}"+"${i}="+process.memory().usage+";")\n`);
    low = Math.min(low, Number((await dev.waitFor(new RegExp(tag + i + "=(\\d+);"), 10000))[1]));
    await new Promise((r) => setTimeout(r, 300));
  }
  return low;
}

describe("web page and captive portal in the Espruino interpreter", function () {
  this.timeout(300000);
  before(function () {
    requireTool(this, "ESPRUINO");
  });
  const dirs: string[] = [];
  after(() => {
    for (const d of dirs) rmSync(d, { recursive: true, force: true });
  });

  it("serves the page from Storage, redirects probes, answers DNS; the page's JsVars measured", async () => {
    const port = await freePort();
    const dns = await freeUdpPort();
    const config = { serviceKey: "k3y-for-ap", security: 1, pop: POP, httpPort: port, dnsPort: dns };
    const dir = prepareFlash(STORAGE, config);
    dirs.push(dir);
    const dev = boot(dir);
    try {
      await dev.waitFor(/captive portal: DNS on udp port (\d+)/, 60000);
      await dev.waitFor(/\[mem\] idle=\d+/, 60000);
      const page = await httpGet(port, "/");
      assert.equal(page?.status, 200, dev.out().slice(-1500));
      assert.equal(page!.headers["content-encoding"], "gzip");
      assert.equal(page!.headers["content-length"], String(PAGE.length));
      assert.ok(page!.body.equals(PAGE), "the page as stored: " + page!.body.length + " of " + PAGE.length + " bytes");
      const probe = await httpGet(port, "/generate_204", "connectivitycheck.gstatic.com");
      assert.equal(probe?.status, 302);
      assert.equal(probe!.headers.location, `http://127.0.0.1:${port}/`);
      const a = await dnsAsk(dns, dnsQuery(1, "captive.apple.com"));
      assert.ok(a, "a DNS answer");
      assert.deepEqual(aRecords(a!), ["127.0.0.1"]);

      // Dead connections go within 11 s (the http binding's sweep): then the idle reading.
      await new Promise((r) => setTimeout(r, 12000));
      const idle = await idleUsage(dev, "IDLE");
      const one = await peakDuring(dev, async () => {
        const r = await httpGet(port, "/");
        assert.ok(r?.body.equals(PAGE));
      });
      const four = await peakDuring(dev, async () => {
        const rs = await Promise.all([0, 1, 2, 3].map(() => httpGet(port, "/")));
        for (const r of rs) assert.ok(r?.body.equals(PAGE), "each of four loads at once is whole");
      });
      console.log(`      [portal] idle (provisioning, portal loaded) ${idle}; page served once: peak +${one - idle}, four at once: peak +${four - idle} JsVars`);
      await assertHealthy(dev, { joined: false });
    } finally {
      dev.stop();
    }
  });

  it("the portal's code while provisioning: idle with and without wifiprov-portal in Storage", async () => {
    const readings: number[] = [];
    for (const without of [false, true]) {
      const port = await freePort();
      const dir = prepareFlash(STORAGE, { serviceKey: "k3y-for-ap", security: 1, pop: POP, httpPort: port, dnsPort: await freeUdpPort() });
      dirs.push(dir);
      const dev = boot(dir, without ? ["-e", 'require("Storage").erase("wifiprov-portal")'] : []);
      try {
        // -e runs after the boot files: erase, then load() boots again without it.
        if (without) dev.proc.stdin!.write("load()\n");
        await dev.waitFor(without ? /no web page: wifiprov-portal is not in Storage[^]*\{"ver"/ : /captive portal: DNS on udp port/, 60000);
        await new Promise((r) => setTimeout(r, 16000));
        readings.push(await idleUsage(dev, without ? "WO" : "WI"));
      } finally {
        dev.stop();
      }
    }
    console.log(`      [portal] idle while provisioning: ${readings[0]} with the portal, ${readings[1]} without: +${readings[0]! - readings[1]!} JsVars`);
    assert.ok(readings[0]! > readings[1]!, "the portal costs something while loaded");
  });

  describe("Chromium", function () {
    let browser: Browser | undefined;
    let close: (() => Promise<void>) | undefined;
    before(async function () {
      const c = await launchChromium(this);
      browser = c.browser;
      close = c.close;
    });
    after(async () => {
      if (close) await close();
    });

    it("the page from Storage provisions the interpreter (PoP from #pop=, network from the scan list)", async () => {
      const port = await freePort();
      const dns = await freeUdpPort();
      const dir = prepareFlash(STORAGE, { serviceKey: "k3y-for-ap", security: 1, pop: POP, httpPort: port, dnsPort: dns });
      dirs.push(dir);
      const dev = boot(dir);
      try {
        await dev.waitFor(/captive portal: DNS on udp port/, 60000);
        const context = await browser!.createBrowserContext();
        // A probe URL lands on the page.
        const probe = await context.newPage();
        await probe.goto(`http://127.0.0.1:${port}/generate_204`, { waitUntil: "domcontentloaded" });
        assert.equal(probe.url(), `http://127.0.0.1:${port}/`);
        assert.ok(await probe.$("#pop"), "the page");
        await probe.close();
        const p = await context.newPage();
        const errors: string[] = [];
        p.on("pageerror", (e) => errors.push(String(e)));
        await p.goto(`http://127.0.0.1:${port}/#pop=${POP}`, { waitUntil: "domcontentloaded" });
        // The fragment's PoP connects without a prompt; the interpreter's X25519 takes seconds per step.
        try {
          await p.waitForSelector('#networks button[data-ssid="HomeNet"]', { timeout: 120000 });
        } catch (e) {
          throw new Error("no scan list; status: " + (await p.$eval("#status", (x) => x.textContent ?? "")) + "; errors: " + errors.join(" | ") + "\n" + dev.out().slice(-2000));
        }
        await p.click('#networks button[data-ssid="HomeNet"]');
        await p.type("#pass", "correct horse");
        await p.click("#apply");
        await p.waitForFunction(() => /Connected to “HomeNet”/.test(document.getElementById("status")?.textContent ?? ""), { timeout: 120000 });
        assert.match(await p.$eval("#status", (e) => e.textContent ?? ""), /IP address: 192\.168\.1\.42/);
        assert.deepEqual(errors, []);
        await context.close();
        await assertHealthy(dev);
        assert.equal(await dnsAsk(dns, dnsQuery(2, "a.b"), 1000), undefined, "no DNS answer after provisioning");
      } finally {
        dev.stop();
      }
    });
  });
});
