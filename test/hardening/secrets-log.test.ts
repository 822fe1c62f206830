// No secret in the device log, even at debug level: full sec1 and sec2 provisionings plus wrong
// PoP/password attempts with a capturing sink (the sim-level check: test/scenarios/sim-e2e-secrets).
import assert from "node:assert/strict";
import { setLogSink } from "../../src/core/log.ts";
import type { CryptoPort } from "../../src/platform/crypto.ts";
import { nodeCrypto } from "../../tools/node-platform/crypto.ts";
import { client, handshake, POP, provisionsHome, secRig, SEC2_PASSWORD } from "./rig.ts";

describe("secrets stay out of the device log", function () {
  this.timeout(30_000);
  afterEach(() => setLogSink(undefined, 3));

  it("logs no PoP, sec2 password, passphrase or session key at level 4 (debug)", async () => {
    const lines: string[] = [];
    setLogSink((level, tag, msg) => lines.push(`${level} ${tag} ${msg}`), 4);
    const keys: string[] = [];
    const spy: CryptoPort = {
      ...nodeCrypto,
      aesEcb: (key, data) => {
        const k = Buffer.from(key).toString("hex");
        if (!keys.includes(k)) keys.push(k);
        return nodeCrypto.aesEcb(key, data);
      },
    };
    for (const sec of [1, 2] as const) {
      const d = secRig(sec, {}, POP, spy);
      for (let i = 0; i < 2; i++) assert.equal(await handshake(d, client(sec, "wrong-" + i)), -1);
      assert.ok(await provisionsHome(d), `sec${sec} provisions`);
      d.clock.advance(5000);
    }
    assert.ok(keys.length >= 4, "session keys were captured");
    assert.ok(lines.some((l) => l.includes("mismatch")), "the wrong proofs were logged");
    const text = lines.join("\n");
    const secrets = [POP, SEC2_PASSWORD, "password1", "wrong-0"];
    for (const s of secrets) {
      assert.ok(!text.includes(s), `log contains ${s}`);
      assert.ok(!text.includes(Buffer.from(s).toString("hex")), `log contains hex of ${s}`);
    }
    for (const k of keys) {
      assert.ok(!text.toLowerCase().includes(k.substring(0, 16)), "log contains session key bytes");
    }
  });
});
