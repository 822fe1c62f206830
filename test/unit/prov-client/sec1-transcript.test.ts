import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { Sec1Client } from "../../../tools/prov-client/security/sec1.ts";
import { nodeCrypto } from "../../../tools/node-platform/crypto.ts";

// test/vectors/esp-idf/sec1-transcript.json: client messages made by esp_prov's security1.py.
const v = JSON.parse(readFileSync(new URL("../../vectors/esp-idf/sec1-transcript.json", import.meta.url), "utf8")) as Record<string, string>;
const hex = (k: string) => new Uint8Array(Buffer.from(v[k]!, "hex"));
const toHex = (b: Uint8Array | undefined) => (b ? Buffer.from(b).toString("hex") : "(none)");

function client(pop = v.pop): Sec1Client {
  return new Sec1Client({ crypto: nodeCrypto, pop, privateKey: hex("client_private_key") });
}

describe("prov-client sec1 against the esp_prov transcript", () => {
  it("sends SessionCmd0 byte for byte as esp_prov does with the same private key", () => {
    assert.equal(toHex(client().start()), v.session_cmd0);
  });

  it("answers SessionResp0 with esp_prov's SessionCmd1 (PoP-derived key, CTR offset 0)", () => {
    const c = client();
    c.start();
    assert.equal(toHex(c.next(hex("session_resp0")) as Uint8Array), v.session_cmd1);
  });

  it("accepts the device's SessionResp1 and then encrypts get_status at keystream offset 64", () => {
    const c = client();
    c.start();
    c.next(hex("session_resp0"));
    assert.equal(c.next(hex("session_resp1")), undefined);
    assert.equal(toHex(c.encrypt(hex("get_status_request_plain"))), v.get_status_request_encrypted);
    assert.equal(toHex(c.decrypt(hex("get_status_response_encrypted"))), v.get_status_response_plain);
  });

  it("rejects SessionResp1 when its PoP differs from the device's, as a session error", () => {
    const c = client("wrong-pop");
    c.start();
    c.next(hex("session_resp0"));
    assert.throws(() => c.next(hex("session_resp1")), (e: Error & { kind?: string }) => e.kind === "session");
  });

  it("refuses to encrypt before the handshake is done", () => {
    const c = client();
    c.start();
    assert.throws(() => c.encrypt(new Uint8Array([0x52, 0])), /no security session/);
  });

  it("rejects a SessionResp0 with a short device public key as a protocol error", () => {
    const c = client();
    c.start();
    const bad = hex("session_resp0").subarray(0, 20);
    assert.throws(() => c.next(bad), (e: Error & { kind?: string }) => e.kind === "protocol");
  });
});
