// A client flooding proto-ver must not cost the client being provisioned its requests or its
// session (src/protocomm/transport-httpd.ts: proto-ver is answered without session handling and
// never counts against the request-rate cap; the current session's requests never count either).
import assert from "node:assert/strict";
import { runCli, startSim, type SimProcess } from "../helpers/processes.ts";
import { rawRequest } from "../helpers/raw-http.ts";
import { MAX_REQUESTS_PER_SEC_DEFAULT } from "../../src/protocomm/transport-httpd.ts";
import { floodLine, openLoopFlood } from "../helpers/flood.ts";

/** The slowed device's CPU per request (--slow-ms), so at most 1000 / SLOW_MS requests per second. */
const SLOW_MS = 20;

describe("hardening: a proto-ver flood while another client provisions", function () {
  this.timeout(90000);
  let sim: SimProcess | undefined;
  afterEach(async () => {
    if (sim) assert.equal(await sim.stop(), 0);
    sim = undefined;
  });

  it("wifi-prov (sec1) provisions while 4 loops post proto-ver as fast as they can", async () => {
    sim = await startSim(["--pop", "p0p"]);
    const port = sim.port;
    let stop = false;
    let sent = 0;
    let answered = 0;
    const flooder = async () => {
      while (!stop) {
        sent++;
        const r = await rawRequest(port, { path: "/proto-ver", headers: { Connection: "close" }, body: Buffer.from("---") });
        if (r?.status === 200) answered++;
      }
    };
    const t0 = Date.now();
    const floods = [flooder(), flooder(), flooder(), flooder()];
    const r = await runCli(["--host", `127.0.0.1:${port}`, "--pop", "p0p", "--ssid", "HomeNet", "--passphrase", "correct horse", "--poll-ms", "200"]);
    stop = true;
    await Promise.all(floods);
    const rate = sent / ((Date.now() - t0) / 1000);
    // Here the flood runs at several hundred per second, past the cap: before proto-ver was
    // exempt, the cap (and each cookie-less proto-ver replacing the session) failed wifi-prov.
    console.log(`      flood: ${sent} proto-ver requests, ${rate.toFixed(0)}/s (rate cap ${MAX_REQUESTS_PER_SEC_DEFAULT}/s)`);
    assert.equal(r.code, 0, r.stdout + r.stderr);
    assert.equal(answered, sent, "every flood request answered too");
  });

  it(`on a device slowed to ${1000 / SLOW_MS} requests/s, wifi-prov (sec1) provisions while a flood offers 4x that`, async () => {
    sim = await startSim(["--pop", "p0p", "--slow-ms", String(SLOW_MS)]);
    const flood = openLoopFlood(sim.port, { rate: 4 * (1000 / SLOW_MS), maxOpen: 6, request: "POST /proto-ver HTTP/1.1\r\nHost: x\r\nContent-Length: 3\r\n\r\n---" });
    const r = await runCli(["--host", `127.0.0.1:${sim.port}`, "--pop", "p0p", "--ssid", "HomeNet", "--passphrase", "correct horse", "--poll-ms", "200"]);
    const s = await flood.stop();
    console.log(`      ${floodLine(s)}`);
    assert.equal(r.code, 0, r.stdout + r.stderr);
    // The flood really exceeded the device: it offered at least 3x what the device answered.
    assert.ok(s.offered >= 3 * s.answered, floodLine(s));
    assert.ok(s.answered > 0, "the flood was served too, in its turn");
  });
});
