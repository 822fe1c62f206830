// wifi-prov with WIFI_PROV_CRYPTO=pure (the web page's pure-JS SHA-256/AES and getRandomValues)
// provisions the virtual device over security 1: the page's primitives interoperate with the
// device's node:crypto ones. A bad value is a usage error.
import assert from "node:assert/strict";
import { startSim, type SimProcess } from "../helpers/processes.ts";
import { run, WIFI_PROV } from "./run.ts";

describe("cli: wifi-prov with the page's pure-JS crypto", function () {
  this.timeout(60000);
  let sim: SimProcess | undefined;
  afterEach(async () => {
    if (sim) await sim.stop();
    sim = undefined;
  });

  it("provisions a security 1 device (PoP) with WIFI_PROV_CRYPTO=pure", async () => {
    sim = await startSim(["--sec", "1", "--pop", "sticker-pop"]);
    const r = await run(process.execPath, [WIFI_PROV, "--host", `127.0.0.1:${sim.port}`, "--pop", "sticker-pop", "--ssid", "HomeNet", "--passphrase", "correct horse", "--poll-ms", "200"], {
      env: { ...process.env, WIFI_PROV_CRYPTO: "pure" },
    });
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout + r.stderr, /Provisioned: the device is connected to "HomeNet"/);
  });

  it("a wrong PoP still fails the handshake (exit 3)", async () => {
    sim = await startSim(["--sec", "1", "--pop", "sticker-pop"]);
    const r = await run(process.execPath, [WIFI_PROV, "--host", `127.0.0.1:${sim.port}`, "--pop", "not-the-pop", "--ssid", "HomeNet", "--passphrase", "correct horse"], {
      env: { ...process.env, WIFI_PROV_CRYPTO: "pure" },
    });
    assert.equal(r.code, 3, r.stdout + r.stderr);
  });

  it("an unknown WIFI_PROV_CRYPTO is a usage error (exit 2) naming the values", async () => {
    const r = await run(process.execPath, [WIFI_PROV, "--host", "127.0.0.1:9", "--ssid", "x", "--passphrase", ""], { env: { ...process.env, WIFI_PROV_CRYPTO: "subtle" } });
    assert.equal(r.code, 2, r.stdout + r.stderr);
    assert.match(r.stderr, /WIFI_PROV_CRYPTO=subtle: expected "node" or "pure"/);
  });
});
