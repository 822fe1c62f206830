import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { Sec2Client } from "../../../tools/prov-client/security/sec2.ts";
import { nodeCrypto } from "../../../tools/node-platform/crypto.ts";

// test/vectors/esp-idf/sec2-transcript.json: client messages made by esp_prov's security2.py.
const file = JSON.parse(readFileSync(new URL("../../vectors/esp-idf/sec2-transcript.json", import.meta.url), "utf8"));
const v = file.vectors[0] as Record<string, string>;
const hex = (k: string) => new Uint8Array(Buffer.from(v[k]!, "hex"));
const toHex = (b: Uint8Array | undefined) => (b ? Buffer.from(b).toString("hex") : "(none)");

function client(password = v.password!): Sec2Client {
  return new Sec2Client({ crypto: nodeCrypto, username: v.username, password, patchVer: 1, privateKey: hex("client_private_a") });
}

describe("prov-client sec2 against the esp_prov transcript (patch 1)", function () {
  this.timeout(20_000);

  it("sends S2SessionCmd0 and S2SessionCmd1 byte for byte as esp_prov does with the same a", () => {
    const c = client();
    assert.equal(toHex(c.start()), v.session_cmd0);
    assert.equal(toHex(c.next(hex("session_resp0")) as Uint8Array), v.session_cmd1);
  });

  it("verifies the device proof, then encrypts with counter 1 and decrypts with counter 2", () => {
    const c = client();
    c.start();
    c.next(hex("session_resp0"));
    assert.equal(c.next(hex("session_resp1")), undefined);
    assert.equal(toHex(c.encrypt(hex("get_status_request_plain"))), v.get_status_request_encrypted);
    assert.equal(toHex(c.decrypt(hex("get_status_response_encrypted"))), v.get_status_response_plain);
  });

  it("rejects the device proof when the password is wrong, as a session error", () => {
    const c = client("wrong");
    c.start();
    c.next(hex("session_resp0"));
    assert.throws(() => c.next(hex("session_resp1")), (e: Error & { kind?: string }) => e.kind === "session");
  });
});
