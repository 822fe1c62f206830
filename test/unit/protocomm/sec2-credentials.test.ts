// tools/prov-client/sec2-credentials.ts: salt + verifier generation (esp_prov --sec2_gen_cred,
// docs/spec/protocol.md §3.3) checked on the ESP-IDF example credentials and end to end against Sec2.
import assert from "node:assert/strict";
import { sec2Credentials, sec2CredentialsCommand } from "../../../tools/prov-client/sec2-credentials.ts";
import { Sec2Client } from "../../../tools/prov-client/security/sec2.ts";
import { nodeCrypto } from "../../../tools/node-platform/crypto.ts";
import { Dev, V, hex, queuedCrypto } from "./sec2-harness.ts";

const creds = { username: V.username!, password: V.password! };

function io() {
  const out = { stdout: "", stderr: "" };
  return { out, io: { stdout: { write: (s: string) => ((out.stdout += s), true) }, stderr: { write: (s: string) => ((out.stderr += s), true) } } as never };
}

describe("wifi-prov sec2-credentials", function () {
  this.timeout(20_000);

  it("gives the ESP-IDF example verifier for wifiprov / abcd1234 with the example salt", () => {
    const c = sec2Credentials(creds, queuedCrypto([hex(V.salt!)]));
    assert.deepEqual(c, { salt: V.salt, verifier: V.verifier });
  });

  it("draws the salt again when it starts with a zero byte (esp_prov's client would drop it)", () => {
    const c = sec2Credentials({ ...creds, saltLen: 4 }, queuedCrypto([hex("00010203"), hex("0a0b0c0d")]));
    assert.equal(c.salt, "0a0b0c0d");
  });

  it("honours the salt length, 16 bytes by default", () => {
    assert.equal(sec2Credentials(creds, nodeCrypto).salt.length, 32);
    assert.equal(sec2Credentials({ ...creds, saltLen: 32 }, nodeCrypto).salt.length, 64);
  });

  it("produces credentials a device accepts the password for, and rejects another password", () => {
    const c = sec2Credentials({ username: "alice", password: "s3cret pass" }, nodeCrypto);
    for (const [password, want] of [["s3cret pass", 0], ["s3cret pasS", -1]] as const) {
      const dev = new Dev({ salt: hex(c.salt), verifier: hex(c.verifier) });
      dev.pc.openSession(42);
      const cl = new Sec2Client({ crypto: nodeCrypto, username: "alice", password, patchVer: 1 });
      const r0 = dev.call("prov-session", cl.start());
      assert.equal(r0.err, 0);
      assert.equal(dev.call("prov-session", cl.next(r0.data as Uint8Array) as Uint8Array).err, want);
    }
  });

  it("prints the wifiprov.json sec2 object, and exits 2 without a password", async () => {
    const a = io();
    assert.equal(await sec2CredentialsCommand(nodeCrypto).run(["--username", "wifiprov", "--password", "abcd1234", "--salt-len", "8"], a.io), 0);
    const json = /"sec2": (\{[^}]*\})/.exec(a.out.stdout)?.[1];
    const o = JSON.parse(json ?? "null");
    assert.equal(o.username, "wifiprov");
    assert.equal(o.patch, 1);
    assert.match(o.salt, /^[0-9a-f]{16}$/);
    assert.ok(o.verifier.length > 700);
    assert.ok(!a.out.stdout.includes("abcd1234"), "the password is never printed");
    const b = io();
    assert.equal(await sec2CredentialsCommand(nodeCrypto).run(["--username", "wifiprov"], b.io), 2);
    assert.match(b.out.stderr, /needs --sec2-password/);
  });
});
