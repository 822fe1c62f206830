// SRP6a with the sec2 parameters (3072-bit group, g = 5, SHA-512) against the ESP-IDF example
// credentials and the esp_prov-checked sec2 transcript (test/vectors/esp-idf/).
import assert from "node:assert/strict";
import { getDiffieHellman } from "node:crypto";
import { srpGroup3072, srpServerStart, srpVerify } from "../../../src/crypto/srp6a";
import { srpClientA, srpClientSession, srpClientVerify, srpVerifier } from "../../../src/crypto/srp6a-client";
import { nodeCrypto } from "../../../tools/node-platform/crypto";
import { hex, loadVectors, toHex } from "./vectors";

interface Cred {
  username: string;
  password: string;
  salt: string;
  verifier: string;
}
interface Transcript extends Cred {
  client_private_a: string;
  device_private_b: string;
  A: string;
  B: string;
  u: string;
  K: string;
  session_resp0: string;
  session_cmd1: string;
  session_resp1: string;
}
const [C] = loadVectors<Cred[]>("esp-idf/sec2-wifiprov-credentials.json") as [Cred];
const [T] = loadVectors<Transcript[]>("esp-idf/sec2-transcript.json") as [Transcript];
const G = srpGroup3072(nodeCrypto);
const utf = (s: string) => new TextEncoder().encode(s);
// Field offsets from docs/spec/protocol.md §13 (sec2 Resp0 / Cmd1 / Resp1 headers).
const resp0 = hex(T.session_resp0);
const cmd1 = hex(T.session_cmd1);
const resp1 = hex(T.session_resp1);
const wireB = resp0.subarray(14, 14 + 384);
const wireSalt = resp0.subarray(400, 416);
const wireM = cmd1.subarray(11, 75);
const wireProof = resp1.subarray(11, 75);

function server() {
  const s = srpServerStart(G, { I: utf(T.username), s: hex(T.salt), v: hex(T.verifier), A: hex(T.A), b: hex(T.device_private_b) });
  assert.ok(s);
  return s;
}

describe("SRP6a sec2 group and ESP-IDF vectors", () => {
  it("uses the RFC 5054 3072-bit prime (equal to RFC 3526 group 15) and g = 5", () => {
    assert.equal(toHex(G.N), getDiffieHellman("modp15").getPrime("hex"));
    assert.equal(toHex(G.g), "05");
  });

  it("reproduces the example verifier for wifiprov / abcd1234 and its salt", () => {
    assert.equal(toHex(srpVerifier(G, utf(C.username), utf(C.password), hex(C.salt))), C.verifier);
  });

  it("derives the transcript's A from the client's fixed a", () => {
    assert.equal(toHex(srpClientA(G, hex(T.client_private_a))), T.A);
  });

  it("derives the transcript's B, u and K from the device's fixed b", () => {
    const s = server();
    assert.equal(toHex(s.B), T.B);
    assert.equal(toHex(s.B), toHex(wireB));
    assert.equal(toHex(wireSalt), T.salt);
    assert.equal(toHex(s.u), T.u);
    assert.equal(toHex(s.K), T.K);
  });

  it("accepts esp_prov's client proof and answers with the transcript's device proof", () => {
    const s = server();
    assert.equal(toHex(s.M), toHex(wireM));
    const proof = srpVerify(s, wireM);
    assert.ok(proof);
    assert.equal(toHex(proof), toHex(wireProof));
  });

  it("rejects a client proof with one bit flipped", () => {
    const bad = new Uint8Array(wireM);
    bad[63] = (bad[63] as number) ^ 1;
    assert.equal(srpVerify(server(), bad), undefined);
  });

  it("rejects a proof made with a wrong password, and the client side agrees on the right one", () => {
    const s = server();
    const base = { I: utf(T.username), s: hex(T.salt), a: hex(T.client_private_a), A: hex(T.A), B: s.B };
    const wrong = srpClientSession(G, { ...base, p: utf("abcd1235") });
    assert.ok(wrong);
    assert.equal(srpVerify(s, wrong.M), undefined);
    const right = srpClientSession(G, { ...base, p: utf(T.password) });
    assert.ok(right);
    assert.equal(toHex(right.M), toHex(wireM));
    assert.equal(toHex(right.K), T.K);
    assert.ok(srpClientVerify(right, wireProof));
    assert.equal(srpClientVerify(right, wireM), false);
  });
});
