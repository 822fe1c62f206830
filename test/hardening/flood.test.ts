// A client flooding proto-ver must not cost the client being provisioned its requests or its
// session (src/protocomm/transport-httpd.ts: proto-ver is answered without session handling and
// never counts against the request-rate cap; the current session's requests never count either).
import assert from "node:assert/strict";
import { runCli, startSim, type SimProcess } from "../helpers/processes.ts";
import { rawRequest } from "../helpers/raw-http.ts";
import { MAX_REQUESTS_PER_SEC_DEFAULT } from "../../src/protocomm/transport-httpd.ts";

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
});
