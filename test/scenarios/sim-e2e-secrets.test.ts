// No secret in the output: the PoP only in the start banner, passphrases never.
import assert from "node:assert/strict";
import { runCli, startSim } from "../helpers/processes.ts";

describe("virtual device + wifi-prov: secrets stay out of the output", function () {
  this.timeout(60000);

  it("prints the PoP only in the banner and no passphrase anywhere", async () => {
    const pop = "PoP-9f3k2";
    const pass = "Sup3rSecretPass";
    const sim = await startSim(["--pop", pop, "--ap", `Vault:${pass}:6:-40`, "--ap", "Other:Other-secret-1:1:-70"]);
    const bad = await runCli(["--host", `127.0.0.1:${sim.port}`, "--pop", "not-the-pop", "--ssid", "Vault", "--passphrase", pass, "--poll-ms", "200"]);
    assert.equal(bad.code, 3);
    const r = await runCli(["--host", `127.0.0.1:${sim.port}`, "--pop", pop, "--ssid", "Vault", "--passphrase", pass, "--poll-ms", "200"]);
    assert.equal(r.code, 0, r.stderr);
    await sim.waitFor("provisioning stopped");
    assert.equal(await sim.stop(), 0);
    const out = sim.output();
    const bannerEnd = out.indexOf("listening on");
    assert.ok(out.indexOf(pop) >= 0 && out.indexOf(pop) < bannerEnd, "the PoP is shown in the banner");
    assert.equal(out.indexOf(pop, bannerEnd), -1, "the PoP never appears after the banner");
    for (const secret of [pass, "Other-secret-1", "not-the-pop"]) {
      assert.equal(out.includes(secret), false, `device output contains ${secret}`);
    }
    for (const stream of [r.stdout, r.stderr, bad.stdout, bad.stderr]) {
      assert.equal(stream.includes(pass), false);
      assert.equal(stream.includes(pop), false);
    }
  });
});
