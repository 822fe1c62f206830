// The virtual device's captive portal as a real process: a DNS query sent over loopback UDP gets
// the device's address for any name; each OS probe URL (with the probe's Host) gets a 302 to the
// page; GET / is the gzipped page; protocomm still answers; both stop when provisioning ends.
import assert from "node:assert/strict";
import * as dgram from "node:dgram";
import * as http from "node:http";
import { gunzipSync } from "node:zlib";
import { startSim, runCli, type SimProcess } from "../helpers/processes.ts";
import { runSim } from "./run.ts";
import { aRecords, dnsAsk as ask, dnsQuery as query } from "../helpers/portal-client.ts";

function get(port: number, path: string, host?: string): Promise<{ status: number; headers: http.IncomingHttpHeaders; body: Buffer } | undefined> {
  return new Promise((resolve) => {
    const req = http.get({ host: "127.0.0.1", port, path, headers: host ? { Host: host } : {}, agent: false }, (res) => {
      const chunks: Buffer[] = [];
      res.on("data", (c: Buffer) => chunks.push(c));
      res.on("end", () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks) }));
    });
    req.on("error", () => resolve(undefined));
  });
}

describe("cli: virtual device captive portal (DNS + probes)", function () {
  this.timeout(60000);
  let sim: SimProcess | undefined;
  afterEach(async () => {
    if (sim) await sim.stop();
    sim = undefined;
  });

  const dnsPort = (s: SimProcess) => Number(/captive portal: DNS on 127\.0\.0\.1:(\d+)\/udp/.exec(s.output())?.[1]);

  it("DNS: any name's A query gets the device's address; AAAA gets no record; the port is a free one, printed", async () => {
    sim = await startSim(["--sec", "0"]);
    const port = dnsPort(sim);
    assert.ok(port > 0 && port !== 53, sim.output());
    for (const [i, name] of ["connectivitycheck.gstatic.com", "captive.apple.com", "www.msftconnecttest.com", "example.org"].entries()) {
      const r = await ask(port, query(0x4000 + i, name));
      assert.ok(r, `an answer for ${name}`);
      assert.equal(r.readUInt16BE(0), 0x4000 + i, "the query's id");
      assert.equal(r[3]! & 15, 0, "NOERROR");
      assert.deepEqual(aRecords(r), ["127.0.0.1"], name);
    }
    const aaaa = await ask(port, query(7, "captive.apple.com", 28));
    assert.equal(aaaa!.readUInt16BE(6), 0, "no AAAA record");
  });

  it("--dns-port fixes the port; --no-captive-portal has none and answers probes as protocomm does (404)", async () => {
    const probe = await new Promise<number>((resolve) => {
      const s = dgram.createSocket("udp4");
      s.bind(0, "127.0.0.1", () => {
        const p = s.address().port;
        s.close(() => resolve(p));
      });
    });
    sim = await startSim(["--sec", "0", "--dns-port", String(probe)]);
    assert.equal(dnsPort(sim), probe);
    assert.deepEqual(aRecords((await ask(probe, query(1, "a.b")))!), ["127.0.0.1"]);
    await sim.stop();
    sim = await startSim(["--sec", "0", "--no-captive-portal"]);
    assert.doesNotMatch(sim.output(), /captive portal: DNS/);
    assert.equal((await get(sim.port, "/generate_204", "connectivitycheck.gstatic.com"))?.status, 404);
    assert.equal((await get(sim.port, "/"))?.status, 200, "the page stays");
    // A DNS port another program holds stops the start with the cause and the flags (exit 1).
    const holder = dgram.createSocket("udp4");
    await new Promise<void>((r) => holder.bind(probe, "127.0.0.1", () => r()));
    try {
      const busy = await runSim(["--port", "0", "--sec", "0", "--dns-port", String(probe)]);
      assert.equal(busy.code, 1, busy.stdout + busy.stderr);
      assert.match(busy.stderr, new RegExp(`the captive portal's DNS responder cannot listen on 127\\.0\\.0\\.1:${probe}/udp: EADDRINUSE \\(--dns-port, or --no-captive-portal\\)`));
    } finally {
      holder.close();
    }
    const r = await runSim(["--port", "0", "--dns-port", "53", "--no-captive-portal"]);
    assert.equal(r.code, 2);
    assert.match(r.stderr, /--dns-port and --no-captive-portal exclude each other/);
  });

  it("each OS probe gets a 302 to the page; GET / is the gzipped page; the URL is printed; protocomm's GET stays 405", async () => {
    sim = await startSim(["--sec", "1", "--pop", "abc"]);
    const page = `http://127.0.0.1:${sim.port}/`;
    assert.ok(sim.output().includes(`Provision it in a browser: open ${page}#pop=abc`), sim.output());
    const probes: [string, string][] = [
      ["connectivitycheck.gstatic.com", "/generate_204"],
      ["captive.apple.com", "/hotspot-detect.html"],
      ["www.msftconnecttest.com", "/connecttest.txt"],
      ["www.msftncsi.com", "/ncsi.txt"],
      ["detectportal.firefox.com", "/canonical.html"],
      ["example.com", "/"],
      [`127.0.0.1:${sim.port}`, "/no/such/page"],
    ];
    for (const [host, path] of probes) {
      const r = await get(sim.port, path, host);
      assert.equal(r?.status, 302, `${host}${path}`);
      assert.equal(r.headers.location, page, `${host}${path}`);
    }
    const r = await get(sim.port, "/");
    assert.equal(r?.status, 200);
    assert.equal(r.headers["content-encoding"], "gzip");
    const html = gunzipSync(r.body).toString("utf8");
    assert.match(html, /^<!doctype html>/);
    assert.match(html, /Content-Security-Policy" content="default-src 'none'; script-src 'sha256-/);
    assert.doesNotMatch(html, /(?:src|href)="https?:/, "no external resources");
    assert.equal((await get(sim.port, "/prov-session"))?.status, 405);
    assert.match(sim.output(), /captive portal: the android connectivity probe is redirected to the page/);
  });

  it("the page, the probes and DNS stop when provisioning ends", async () => {
    sim = await startSim(["--sec", "0"]);
    const port = dnsPort(sim);
    assert.ok(await ask(port, query(1, "x.y")), "DNS answers while provisioning");
    const c = await runCli(["--host", `127.0.0.1:${sim.port}`, "--ssid", "HomeNet", "--passphrase", "correct horse", "--poll-ms", "200"]);
    assert.equal(c.code, 0, c.stderr);
    await sim.waitFor("provisioning stopped");
    assert.equal(await ask(port, query(2, "x.y"), 1000), undefined, "no DNS answer after provisioning");
    assert.equal(await get(sim.port, "/generate_204", "connectivitycheck.gstatic.com"), undefined, "the HTTP server is closed");
    assert.equal(await get(sim.port, "/"), undefined);
  });
});
