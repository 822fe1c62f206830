// SRP6a arithmetic against RFC 5054 Appendix B: same formulas as sec2, with the RFC's 1024-bit
// group and SHA-1 passed in as the group's hash (docs/spec/protocol.md §3.3 adapts only the hash and group).
import assert from "node:assert/strict";
import { createHash } from "node:crypto";
import { toBytes } from "../../../src/crypto/bignum";
import { srpGroup, srpServerStart } from "../../../src/crypto/srp6a";
import type { SrpGroup } from "../../../src/crypto/srp6a";
import { srpClientA, srpClientSession, srpVerifier, srpX } from "../../../src/crypto/srp6a-client";
import { hex, loadVectors, toHex } from "./vectors";

interface Rfc {
  N: string;
  g: string;
  I: string;
  P: string;
  s: string;
  k: string;
  x: string;
  v: string;
  a: string;
  b: string;
  A: string;
  B: string;
  u: string;
  S: string;
}
const [V] = loadVectors<Rfc[]>("rfc5054/appendix-b.json") as [Rfc];
const sha1 = (d: Uint8Array) => new Uint8Array(createHash("sha1").update(d).digest());
const G = srpGroup({ N: hex(V.N), g: hex(V.g), H: sha1 }) as SrpGroup;
const I = new TextEncoder().encode(V.I);
const P = new TextEncoder().encode(V.P);
const low = (s: string) => s.toLowerCase();

describe("SRP6a RFC 5054 Appendix B (1024-bit group, SHA-1)", () => {
  it("derives k = H(N | PAD(g))", () => {
    assert.equal(toHex(toBytes(G.k)), low(V.k));
  });

  it("derives x and the verifier v from I, P and s", () => {
    assert.equal(toHex(srpX(G, I, P, hex(V.s))), low(V.x));
    assert.equal(toHex(srpVerifier(G, I, P, hex(V.s))), low(V.v));
  });

  it("derives the client's A from a", () => {
    assert.equal(toHex(srpClientA(G, hex(V.a))), low(V.A));
  });

  it("derives the server's B, u and premaster secret S from v, b and A", () => {
    const sess = srpServerStart(G, { I, s: hex(V.s), v: hex(V.v), A: hex(V.A), b: hex(V.b) });
    assert.ok(sess);
    assert.equal(toHex(sess.B), low(V.B));
    assert.equal(toHex(sess.u), low(V.u));
    assert.equal(toHex(sess.S), low(V.S));
  });

  it("derives the same S on the client side from B, a and the password", () => {
    const c = srpClientSession(G, { I, p: P, s: hex(V.s), a: hex(V.a), A: hex(V.A), B: hex(V.B) });
    assert.ok(c);
    assert.equal(toHex(c.u), low(V.u));
    assert.equal(toHex(c.S), low(V.S));
  });
});
