// Random requests over loopback HTTP against the virtual device in process (sec1 with a PoP):
// bad methods, paths, Content-Lengths, Cookies and bodies; afterwards the same device still
// completes a sec1 provisioning with wifi-prov (provision()).
import assert from "node:assert/strict";
import * as fs from "node:fs";
import * as net from "node:net";
import * as os from "node:os";
import * as path from "node:path";
import fc from "fast-check";
import { MAX_REQUESTS_PER_SEC_DEFAULT } from "../../src/protocomm/transport-httpd.ts";
import { provision } from "../../tools/prov-client/index.ts";
import { VirtualDevice } from "../../tools/sim/device.ts";
import { rawRequest } from "../helpers/raw-http.ts";
import { ENDPOINTS, payload, runs } from "./fuzz-helpers.ts";

const PACE_MS = Math.ceil(1000 / MAX_REQUESTS_PER_SEC_DEFAULT) + 1;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

const request = fc.record({
  method: fc.constantFrom("POST", "POST", "POST", "GET", "PUT", "DELETE", "OPTIONS"),
  path: fc.oneof(fc.constantFrom(...ENDPOINTS.map((e) => "/" + e)), fc.stringMatching(/^\/[a-z0-9\-_.%]{0,20}$/)),
  body: payload,
  contentLength: fc.oneof(
    fc.constant(undefined),
    fc.constantFrom("0", "4097", "99999", "-1", "abc", "12"),
  ),
  cookie: fc.oneof(fc.constant(undefined), fc.stringMatching(/^[a-z=0-9; ]{0,30}$/), fc.nat().map((n) => "session=" + n)),
});

describe("fuzz: the virtual device over loopback HTTP", function () {
  this.timeout(600_000);
  let dev: VirtualDevice;
  let port = 0;
  let pop = "";
  const lines: string[] = [];

  before(async () => {
    const stateDir = fs.mkdtempSync(path.join(os.tmpdir(), "fuzz-sim-"));
    const aps = [{ ssid: "home", passphrase: "password1", channel: 6, rssi: -50 }];
    dev = new VirtualDevice(
      { host: "127.0.0.1", port: 0, sec: 1, pop: "fuzz-pop-1", noPop: false, sec2Patch: 1, stateDir, reset: true, help: false, aps },
      {},
      { line: (t) => lines.push(t) },
    );
    const s = await dev.start();
    port = s.port;
    pop = s.pop!;
  });
  after(() => dev.stop());

  it("survives random requests and still provisions with wifi-prov (sec1)", async () => {
    let answered = 0;
    await fc.assert(
      fc.asyncProperty(request, async (r) => {
        const headers: Record<string, string> = { Connection: "close" };
        if (r.contentLength !== undefined) headers["Content-Length"] = r.contentLength;
        if (r.cookie !== undefined) headers["Cookie"] = r.cookie;
        // A body shorter than its Content-Length leaves the server waiting: give up after 300 ms.
        const sock = net.connect(port, "127.0.0.1");
        sock.on("error", () => undefined);
        const timer = setTimeout(() => sock.destroy(), 300);
        const res = await rawRequest(port, { method: r.method, path: r.path, headers, body: r.body, sock });
        clearTimeout(timer);
        sock.destroy();
        if (res) {
          answered++;
          assert.ok([200, 400, 404, 405].includes(res.status), `status ${res.status}`);
        }
        await sleep(PACE_MS);
      }),
      { numRuns: runs(40, 20) },
    );
    assert.ok(answered > 0, "some requests were answered");
    await sleep(1000);
    const result = await provision({ host: `127.0.0.1:${port}`, sec: 1, pop, ssid: "home", passphrase: "password1", pollMs: 200 });
    assert.equal(result.outcome, "provisioned", result.message);
  });
});
