// The page's steps (tools/web/flow.ts over the fetch transport and the pure-JS crypto) against the
// virtual device under Node, no browser: the same run as the Chromium tests, so the page's logic
// is checked wherever Chromium is missing. A cookie jar stands in for the browser's.
import assert from "node:assert/strict";
import { createPureCrypto } from "../../tools/prov-client/crypto/pure.ts";
import { FetchTransport } from "../../tools/web/fetch-transport.ts";
import { failWords, Flow, FlowError, STEP_TEXT } from "../../tools/web/flow.ts";
import { startSim, type SimProcess } from "../helpers/processes.ts";

/** fetch with one cookie, as a browser keeps protocomm's session=<id>. */
function cookieFetch() {
  let cookie: string | undefined;
  return async (url: string, init: { method: string; body: Uint8Array; headers: { [k: string]: string } }) => {
    const r = await fetch(url, { ...init, body: Buffer.from(init.body), headers: { ...init.headers, ...(cookie ? { Cookie: cookie } : {}) } });
    const c = r.headers.get("set-cookie");
    if (c) cookie = c.split(";")[0];
    return r;
  };
}

const enc = (s: string) => new TextEncoder().encode(s);

describe("cli: the web page's flow under Node against the virtual device", function () {
  this.timeout(60000);
  let sim: SimProcess | undefined;
  afterEach(async () => {
    if (sim) await sim.stop();
    sim = undefined;
  });

  async function waitEnd(f: Flow) {
    for (;;) {
      await new Promise((r) => setTimeout(r, 200));
      const st = await f.status();
      if (st.state === "connected" || st.state === "failed") return st;
    }
  }

  it("security 1: probe, session (progress steps), scan, wrong passphrase, failed-state refusal, reset, success", async () => {
    sim = await startSim(["--sec", "1", "--pop", "pp"]);
    const steps: string[] = [];
    const f = new Flow(new FetchTransport(`http://127.0.0.1:${sim.port}`, cookieFetch()), createPureCrypto(), (t) => steps.push(t));
    const info = await f.probe();
    assert.deepEqual([info.sec, info.needsPop, info.supported, info.scan], [1, true, true, true]);
    await f.connect("pp");
    assert.deepEqual(steps, [STEP_TEXT.pv, STEP_TEXT.key1, STEP_TEXT.key2]);
    // Page loads and OS probes from other tabs or the phone never disturb the running session.
    for (let i = 0; i < 5; i++) {
      assert.equal((await fetch(`http://127.0.0.1:${sim.port}/`)).status, 200);
      assert.equal((await fetch(`http://127.0.0.1:${sim.port}/generate_204`, { redirect: "manual" })).status, 302);
    }
    const nets = await f.scan();
    assert.deepEqual(nets.map((n) => n.ssid), ["HomeNet", "IoT-Lab", "Cafe Guest", "Printer-Direct", "Neighbour-5G-ext"]);
    await f.send(enc("HomeNet"), enc("wrong-passphrase"));
    const st = await waitEnd(f);
    assert.equal(st.state, "failed");
    assert.equal(failWords(st), "the passphrase is wrong (authentication failed)");
    await assert.rejects(f.send(enc("HomeNet"), enc("correct horse")), (e: FlowError) => e.code === "failed-state" && /Press "Try again" to reset it/.test(e.message));
    await f.reset();
    await f.send(enc("HomeNet"), enc("correct horse"));
    const ok = await waitEnd(f);
    assert.equal(ok.state, "connected");
    assert.match(ok.connected!.ip4, /^\d+\.\d+\.\d+\.\d+$/);
  });

  it("a wrong PoP is a 'pop' FlowError in words; security 2 is refused as unsupported; an unreachable device says so", async () => {
    sim = await startSim(["--sec", "1", "--pop", "pp"]);
    const f = new Flow(new FetchTransport(`http://127.0.0.1:${sim.port}`, cookieFetch()), createPureCrypto(), () => undefined);
    await assert.rejects(f.connect("nope"), (e: FlowError) => e.code === "pop" && /most likely the proof of possession \(PoP\) is wrong/.test(e.message));
    await sim.stop();
    sim = await startSim(["--sec", "2"]);
    const f2 = new Flow(new FetchTransport(`http://127.0.0.1:${sim.port}`, cookieFetch()), createPureCrypto(), () => undefined);
    assert.equal((await f2.probe()).supported, false);
    await assert.rejects(f2.connect(""), (e: FlowError) => e.code === "unsupported" && /security 2, which this page does not speak/.test(e.message));
    const port = sim.port;
    await sim.stop();
    sim = undefined;
    const f3 = new Flow(new FetchTransport(`http://127.0.0.1:${port}`, cookieFetch()), createPureCrypto(), () => undefined);
    await assert.rejects(f3.probe(), (e: FlowError) => e.code === "unreachable" && /does not answer/.test(e.message));
  });
});
