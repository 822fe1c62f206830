// The sec2 transcript's data phase: AES-256-GCM, key K[0:32] from the SRP6a session, no AAD,
// nonce = 8 session bytes ‖ 4-byte big-endian counter: request counter 1, response counter 2.
import assert from "node:assert/strict";
import { Gcm } from "../../../src/crypto/gcm";
import { srpGroup3072, srpServerStart } from "../../../src/crypto/srp6a";
import { nodeCrypto } from "../../../tools/node-platform/crypto";
import { hex, loadVectors, toHex } from "./vectors";

interface Transcript {
  username: string;
  salt: string;
  verifier: string;
  A: string;
  K: string;
  device_private_b: string;
  session_resp1: string;
  get_status_request_encrypted: string;
  get_status_request_plain: string;
  get_status_request_nonce_counter: number;
  get_status_response_plain: string;
  get_status_response_encrypted: string;
  get_status_response_nonce_counter: number;
}
const [T] = loadVectors<Transcript[]>("esp-idf/sec2-transcript.json") as [Transcript];
const resp1 = hex(T.session_resp1);
const deviceNonce = resp1.subarray(resp1.length - 12); // S2SessionResp1.device_nonce (§13)

function nonce(counter: number): Uint8Array {
  const n = new Uint8Array(deviceNonce);
  new DataView(n.buffer).setUint32(8, counter);
  return n;
}

describe("Gcm on the sec2 transcript's get_status exchange", () => {
  const sess = srpServerStart(srpGroup3072(nodeCrypto), {
    I: new TextEncoder().encode(T.username),
    s: hex(T.salt),
    v: hex(T.verifier),
    A: hex(T.A),
    b: hex(T.device_private_b),
  });
  assert.ok(sess);
  const gcm = new Gcm(nodeCrypto, sess.K.subarray(0, 32));

  it("starts from the device nonce carrying counter 1", () => {
    assert.equal(toHex(deviceNonce), toHex(nonce(1)));
    assert.equal(T.get_status_request_nonce_counter, 1);
    assert.equal(T.get_status_response_nonce_counter, 2);
    assert.equal(toHex(sess.K), T.K);
  });

  it("decrypts esp_prov's request under counter 1", () => {
    const p = gcm.decrypt(nonce(1), hex(T.get_status_request_encrypted));
    assert.ok(p);
    assert.equal(toHex(p), T.get_status_request_plain);
  });

  it("encrypts the response under counter 2 to the transcript's bytes", () => {
    assert.equal(toHex(gcm.encrypt(nonce(2), hex(T.get_status_response_plain))), T.get_status_response_encrypted);
  });

  it("fails to decrypt the request under a stale or skipped counter", () => {
    for (const c of [0, 2]) assert.equal(gcm.decrypt(nonce(c), hex(T.get_status_request_encrypted)), undefined);
  });
});
