// Security 2 handshake rules (docs/spec/protocol.md §3.3): A padded or minimal, strictA, wrong password, request
// validation, and the answers of messages out of order.
import assert from "node:assert/strict";
import { decodeSessionData } from "../../../src/pb/session_pb.ts";
import { Dev, V, clientProof, cmd0, cmd1, hex, publicA, toHex } from "./sec2-harness.ts";

const INVALID_ARG = 0x102;
const INVALID_STATE = 0x103;
const FAIL = -1;
// g^a mod N has a leading zero byte for this a: esp_prov sends 383 bytes (1 time in 256).
const aShort = hex("bca3fc904e6e66026dff1589e108c4c73e2037d665e73563f055d60b2254df44");
const Ashort = publicA(aShort);
const Apadded = new Uint8Array(384);
Apadded.set(Ashort, 1);

/** Runs Cmd0 + Cmd1 with A as given; returns the Cmd1 reply and the expected device proof. */
function handshake(dev: Dev, A: Uint8Array, password?: string) {
  dev.pc.openSession(42);
  const r0 = dev.call("prov-session", cmd0(A));
  assert.equal(r0.err, 0);
  const c = clientProof(aShort, A, r0.data as Uint8Array, password);
  return { r1: dev.call("prov-session", cmd1(c.M)), HAMK: c.HAMK };
}

describe("security 2 handshake: the client's A", function () {
  this.timeout(20_000);

  it("accepts a minimal 383-byte A and a zero-padded 384-byte A ([impl] default)", () => {
    assert.equal(Ashort.length, 383);
    for (const A of [Ashort, Apadded]) {
      const { r1, HAMK } = handshake(new Dev(), A);
      assert.equal(r1.err, 0);
      assert.equal(toHex(decodeSessionData(r1.data as Uint8Array)?.sec2?.sr1?.deviceProof), toHex(HAMK));
    }
  });

  it("refuses a 383-byte A with INVALID_ARG when strictA, but takes the padded one", () => {
    const dev = new Dev({ strictA: true });
    dev.pc.openSession(42);
    assert.equal(dev.call("prov-session", cmd0(Ashort)).err, INVALID_ARG);
    assert.equal(handshake(new Dev({ strictA: true }), Apadded).r1.err, 0);
  });

  it("refuses an A longer than 384 bytes, A = 0, and an empty username", () => {
    const dev = new Dev();
    dev.pc.openSession(42);
    assert.equal(dev.call("prov-session", cmd0(new Uint8Array(385).fill(1))).err, INVALID_ARG);
    assert.equal(dev.call("prov-session", cmd0(new Uint8Array(384))).err, INVALID_ARG);
    assert.equal(dev.call("prov-session", cmd0(Apadded, "")).err, INVALID_ARG);
  });
});

describe("security 2 handshake: proofs and order", function () {
  this.timeout(20_000);

  it("fails a wrong password with FAIL, reports it, and needs a new Cmd0 afterwards", () => {
    let failed = 0;
    const dev = new Dev({ onProofFailed: () => failed++ });
    const { r1 } = handshake(dev, Ashort, "wrong");
    assert.equal(r1.err, FAIL);
    assert.equal(r1.data, undefined);
    assert.equal(failed, 1);
    assert.equal(dev.call("prov-session", cmd1(new Uint8Array(64))).err, INVALID_STATE);
  });

  it("fails a proof that is not 64 bytes long", () => {
    const dev = new Dev();
    dev.pc.openSession(42);
    assert.equal(dev.call("prov-session", cmd0(Ashort)).err, 0);
    assert.equal(dev.call("prov-session", cmd1(new Uint8Array(63))).err, FAIL);
  });

  it("answers Cmd1 before Cmd0 with INVALID_STATE", () => {
    const dev = new Dev();
    dev.pc.openSession(42);
    assert.equal(dev.call("prov-session", hex(V.session_cmd1!)).err, INVALID_STATE);
  });

  it("answers requests before the handshake, or from another session, with INVALID_STATE", () => {
    const dev = new Dev();
    dev.pc.openSession(42);
    assert.equal(dev.call("prov-config", new Uint8Array(20)).err, INVALID_STATE);
    assert.equal(dev.call("prov-session", cmd0(Ashort), 7).err, INVALID_STATE);
    assert.equal(handshake(dev, Ashort).r1.err, 0);
    assert.equal(dev.call("prov-config", new Uint8Array(20), 7).err, INVALID_STATE);
    assert.equal(dev.seen.length, 0);
  });

  it("refuses another sec_ver and a sec2 message without its payload with INVALID_ARG", () => {
    const dev = new Dev();
    dev.pc.openSession(42);
    assert.equal(dev.call("prov-session", hex("52 03 a2 01 00".replace(/ /g, ""))).err, INVALID_ARG);
    assert.equal(dev.call("prov-session", hex("1002620408021a00")).err, INVALID_ARG);
  });
});
