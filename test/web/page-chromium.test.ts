// The provisioning web page in a real headless Chromium against the virtual device: PoP typed,
// network picked from the scan list, passphrase typed, "connected" shown; a wrong passphrase
// shows the reason and "Try again" (prov-ctrl reset) then succeeds; a hidden SSID typed by hand;
// security 0; a wrong PoP; the PoP from the #pop= fragment; an OS probe URL lands on the page.
// Every request stays on the device's origin and the page logs no error (CSP included).
// WEB_SCREENSHOTS=1 rewrites docs/img/web-*.png from these runs (never in CI: .ci/run's
// REQUIRE_CHROMIUM or CI set turn it off).
import assert from "node:assert/strict";
import * as fs from "node:fs";
import * as path from "node:path";
import type { Browser, Page } from "puppeteer-core";
import { launchChromium } from "../helpers/chromium.ts";
import { startSim, type SimProcess } from "../helpers/processes.ts";
import { tmpDir } from "../cli/run.ts";

const ROOT = path.resolve(import.meta.dirname, "../..");
const SHOTS = process.env.WEB_SCREENSHOTS === "1" && !process.env.CI && process.env.REQUIRE_CHROMIUM !== "1";
const POP = "sticker-pop";
/** A 30-byte SSID that would run script if it were ever put in as HTML. */
const XSS = "<img src=x onerror=pwned=1>";

interface Opened {
  page: Page;
  origin: string;
  requests: string[];
  errors: string[];
  statuses(): Promise<string[]>;
}

describe("web page in Chromium against the virtual device", function () {
  this.timeout(120000);
  let browser: Browser;
  let close: (() => Promise<void>) | undefined;
  let sim: SimProcess | undefined;

  before(async function () {
    const c = await launchChromium(this);
    browser = c.browser;
    close = c.close;
  });
  after(async () => {
    if (close) await close();
  });
  afterEach(async () => {
    if (sim) await sim.stop();
    sim = undefined;
  });

  async function open(port: number, pathAndHash = "/"): Promise<Opened> {
    const context = await browser.createBrowserContext();
    const page = await context.newPage();
    await page.setViewport({ width: 390, height: 720, deviceScaleFactor: 1 });
    const requests: string[] = [];
    const errors: string[] = [];
    page.on("request", (r) => requests.push(r.url()));
    page.on("console", (m) => m.type() === "error" && errors.push(m.text()));
    page.on("pageerror", (e) => errors.push(String(e)));
    // Every text the status line shows, in order (the session's progress steps among them).
    await page.evaluateOnNewDocument(() => {
      const w = window as unknown as { __st: string[] };
      w.__st = [];
      new MutationObserver(() => {
        const t = document.getElementById("status")?.textContent ?? "";
        if (t && w.__st[w.__st.length - 1] !== t) w.__st.push(t);
      }).observe(document, { subtree: true, childList: true, characterData: true });
    });
    const origin = `http://127.0.0.1:${port}`;
    await page.goto(origin + pathAndHash, { waitUntil: "domcontentloaded" });
    return { page, origin, requests, errors, statuses: () => page.evaluate(() => (window as unknown as { __st: string[] }).__st) };
  }

  const text = (p: Page, sel: string) => p.$eval(sel, (e) => e.textContent ?? "");
  const visible = (p: Page, sel: string) => p.$eval(sel, (e) => !(e as HTMLElement).closest("[hidden]"));
  async function waitStatus(p: Page, re: RegExp, ms = 60000): Promise<string> {
    await p.waitForFunction((src) => new RegExp(src).test(document.getElementById("status")?.textContent ?? ""), { timeout: ms }, re.source);
    return text(p, "#status");
  }
  async function shot(p: Page, name: string): Promise<void> {
    if (!SHOTS) return;
    const dir = path.join(ROOT, "docs/img");
    fs.mkdirSync(dir, { recursive: true });
    await p.screenshot({ path: path.join(dir, `web-${name}.png`) as `${string}.png`, fullPage: true });
  }
  async function typeInto(p: Page, sel: string, value: string): Promise<void> {
    await p.click(sel, { count: 3 });
    await p.keyboard.press("Backspace");
    await p.type(sel, value);
  }
  const ssids = (p: Page) => p.$$eval("#networks button[data-ssid]", (bs) => bs.map((b) => (b as HTMLElement).dataset.ssid ?? ""));
  /** expected: console errors the test provokes (a closed connection shows as ERR_EMPTY_RESPONSE). */
  function clean(o: Opened, expected?: RegExp): void {
    assert.deepEqual(o.requests.filter((u) => !u.startsWith(o.origin + "/")), [], "requests only to the device");
    assert.deepEqual(o.errors.filter((e) => !expected || !expected.test(e)), [], "no console errors (CSP violations included)");
  }

  it("security 1: PoP typed, network picked from the scan list, passphrase typed, connected with the IP", async () => {
    sim = await startSim(["--sec", "1", "--pop", POP]);
    const o = await open(sim.port);
    const p = o.page;
    await p.waitForSelector("#f-pop:not([hidden])");
    assert.match(await text(p, "#dev"), /Security 1: the passphrase is encrypted for the device; it asks for its proof of possession/);
    await p.type("#pop", POP);
    await shot(p, "1-pop");
    // The first handshake request is held 2 s, as a slow device would: the page says what is
    // happening and counts the seconds.
    await p.setRequestInterception(true);
    let release: (() => void) | undefined;
    const held = new Promise<void>((resolve) => {
      p.on("request", (r) => {
        if (!release && r.url().endsWith("/prov-session")) {
          release = () => void r.continue();
          resolve();
        } else void r.continue();
      });
    });
    await p.click("#connect");
    await held;
    assert.match(await waitStatus(p, /Exchanging keys.* \([12] s\)$/, 5000), /The device is computing its key: on an ESP32 this takes up to a minute/);
    await shot(p, "2-progress");
    release!();
    await p.waitForSelector('#networks button[data-ssid="HomeNet"]', { timeout: 60000 });
    const st = await o.statuses();
    assert.ok(st.some((s) => /Exchanging keys \(step 1 of 2\)/.test(s)), st.join(" | "));
    assert.ok(st.some((s) => /proof of possession \(step 2 of 2\)/.test(s)), st.join(" | "));
    assert.ok(st.some((s) => /scanning/.test(s)), st.join(" | "));
    // One row per SSID, strongest first; HomeNet's two BSSIDs merged; a lock on secured ones.
    assert.deepEqual(await ssids(p), ["HomeNet", "IoT-Lab", "Cafe Guest", "Printer-Direct", "Neighbour-5G-ext"]);
    assert.ok(await p.$('#networks button[data-ssid="HomeNet"] .sig .lock[aria-label="secured"]'), "a lock on a secured network");
    assert.equal(await p.$('#networks button[data-ssid="Cafe Guest"] .lock'), null, "no lock on an open one");
    assert.match(await text(p, "#networks li:last-child button"), /Other network \(hidden\)/);
    // Readable on a phone: nothing wider than a 390 px screen.
    assert.ok(await p.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth), "no horizontal scrolling");
    await shot(p, "3-networks");
    await p.click('#networks button[data-ssid="HomeNet"]');
    await p.type("#pass", "correct horse");
    await shot(p, "4-passphrase");
    await p.click("#apply");
    const done = await waitStatus(p, /Connected to “HomeNet”/);
    assert.match(done, /IP address: \d+\.\d+\.\d+\.\d+/);
    assert.ok(await visible(p, "#status"));
    assert.equal(await visible(p, "#s-net"), false, "the network list is gone");
    await shot(p, "5-connected");
    await sim.waitFor('connected to "HomeNet"');
    clean(o);
    assert.doesNotMatch(sim.output(), /correct horse|sticker-pop.*sticker-pop.*sticker-pop/, "the device logs no passphrase");
  });

  it("a wrong passphrase shows the reason, also after a reload; Try again resets the device over prov-ctrl and the right one connects (PoP from #pop=)", async () => {
    sim = await startSim(["--sec", "1", "--pop", POP]);
    const o = await open(sim.port, `/#pop=${POP}`);
    const p = o.page;
    // The fragment's PoP connects without a prompt, and leaves the address bar.
    await p.waitForSelector('#networks button[data-ssid="HomeNet"]', { timeout: 60000 });
    assert.equal(p.url(), `${o.origin}/`);
    assert.equal(await visible(p, "#f-pop"), false);
    await p.click('#networks button[data-ssid="HomeNet"]');
    await p.type("#pass", "wrong-passphrase");
    await p.click("#apply");
    const failed = await waitStatus(p, /could not connect/);
    assert.match(failed, /The device could not connect to “HomeNet”: the passphrase is wrong \(authentication failed\)/);
    assert.ok(await visible(p, "#retry"));
    await shot(p, "6-failed");
    await sim.waitFor("state: failed");
    // A reload (a new session: the PoP again) finds the device still failed and says so.
    await p.reload({ waitUntil: "domcontentloaded" });
    await p.waitForSelector("#f-pop:not([hidden])");
    await p.type("#pop", POP);
    await p.click("#connect");
    assert.match(await waitStatus(p, /could not connect/), /^The device could not connect: the passphrase is wrong/);
    assert.ok(await visible(p, "#retry"));
    await p.click("#retry");
    await waitStatus(p, /ready for new credentials/);
    assert.equal(await visible(p, "#retry"), false);
    await p.click('#networks button[data-ssid="HomeNet"]');
    assert.equal(await p.$eval("#pass", (e) => (e as HTMLInputElement).value), "", "the passphrase field is empty");
    await p.type("#pass", "correct horse");
    await p.click("#apply");
    await waitStatus(p, /Connected to “HomeNet”/);
    await sim.waitFor('connected to "HomeNet"');
    clean(o);
  });

  it("a hidden network, absent from the list, typed by hand; a hostile SSID is shown as text", async () => {
    const scenario = path.join(tmpDir("web-scn-"), "hidden.json");
    fs.writeFileSync(scenario, JSON.stringify({ aps: [
      { ssid: "HomeNet", passphrase: "correct horse", rssi: -45 },
      { ssid: "Attic", passphrase: "attic-secret", rssi: -50, hidden: true },
      { ssid: XSS, rssi: -70 },
    ] }));
    sim = await startSim(["--sec", "1", "--pop", POP, "--scenario", scenario]);
    const o = await open(sim.port, `/#pop=${POP}`);
    const p = o.page;
    await p.waitForSelector('#networks button[data-ssid="HomeNet"]', { timeout: 60000 });
    assert.deepEqual(await ssids(p), ["HomeNet", XSS], "the hidden network has no row");
    // A neighbour's SSID is text: no element made from it, nothing run.
    assert.equal(await text(p, "#networks li:nth-child(2) .ssid"), XSS);
    assert.equal(await p.$("#networks img"), null);
    assert.equal(await p.evaluate(() => (window as unknown as { pwned?: number }).pwned), undefined);
    assert.ok(await p.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth), "a long name does not widen the page");
    await p.click("#networks li:last-child button");
    assert.ok(await visible(p, "#ssid"));
    await p.type("#ssid", "Attic");
    await p.type("#pass", "attic-secret");
    await shot(p, "7-hidden");
    await p.click("#apply");
    await waitStatus(p, /Connected to “Attic”/);
    await sim.waitFor('connected to "Attic"');
    clean(o);
  });

  it("security 0: no PoP asked; an open network needs no passphrase", async () => {
    sim = await startSim(["--sec", "0", "--ap", "HomeNet:correct horse", "--ap", "Cafe Guest::1:-60"]);
    const o = await open(sim.port);
    const p = o.page;
    await p.waitForSelector('#networks button[data-ssid="Cafe Guest"]', { timeout: 60000 });
    assert.match(await text(p, "#dev"), /Security 0: no encryption. The passphrase crosses the setup network in the clear/);
    assert.equal(await visible(p, "#f-pop"), false);
    await p.click('#networks button[data-ssid="Cafe Guest"]');
    assert.equal(await visible(p, "#pass"), false, "no passphrase field for an open network");
    await p.click("#apply");
    await waitStatus(p, /Connected to “Cafe Guest”/);
    await sim.waitFor('connected to "Cafe Guest"');
    clean(o);
  });

  it("a wrong PoP is refused in words and the PoP can be typed again; a no-PoP device asks none", async () => {
    sim = await startSim(["--sec", "1", "--pop", POP]);
    const o = await open(sim.port);
    const p = o.page;
    await p.waitForSelector("#f-pop:not([hidden])");
    await p.type("#pop", "not-the-pop");
    await p.click("#connect");
    assert.match(await waitStatus(p, /PoP/), /The device closed the connection during the key exchange: most likely the proof of possession \(PoP\) is wrong/);
    assert.ok(await visible(p, "#f-pop"));
    await typeInto(p, "#pop", POP);
    await p.click("#connect");
    await p.waitForSelector('#networks button[data-ssid="HomeNet"]', { timeout: 60000 });
    // The device closes the connection on a wrong PoP, as ESP-IDF does: the browser logs that.
    clean(o, /Failed to load resource: net::ERR_EMPTY_RESPONSE/);
    await sim.stop();
    sim = await startSim(["--sec", "1", "--no-pop"]);
    const o2 = await open(sim.port);
    await o2.page.waitForSelector('#networks button[data-ssid="HomeNet"]', { timeout: 60000 });
    assert.match(await text(o2.page, "#dev"), /no proof of possession/);
    clean(o2);
  });

  it("an OS connectivity probe URL and an unknown path land on the page", async () => {
    sim = await startSim(["--sec", "0"]);
    for (const probe of ["/generate_204", "/hotspot-detect.html", "/connecttest.txt", "/some/where"]) {
      const o = await open(sim.port, probe);
      await o.page.waitForSelector("h1");
      assert.equal(o.page.url(), `${o.origin}/`, probe);
      assert.equal(await text(o.page, "h1"), "Wi-Fi setup");
      await o.page.close();
    }
  });
});
