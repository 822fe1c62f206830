// Device-side SRP6a input rules (docs/spec/protocol.md §3.3 [impl]): short A accepted unless strict, A ≡ 0 mod N
// refused, M over A as received; the sliced variant and the native modPow hook.
import assert from "node:assert/strict";
import { fromBytes, modPow, modulus, toBytes } from "../../../src/crypto/bignum";
import type { Limbs, Modulus } from "../../../src/crypto/bignum";
import { srpGroup3072, srpM, srpServerStart, srpServerStartSliced } from "../../../src/crypto/srp6a";
import type { SrpServerParams, SrpServerSession } from "../../../src/crypto/srp6a";
import { srpClientA, srpClientSession } from "../../../src/crypto/srp6a-client";
import type { CryptoPort } from "../../../src/platform/crypto";
import { nodeCrypto } from "../../../tools/node-platform/crypto";
import { FakeClock } from "../../fakes/fake-clock";
import { hex, loadVectors, toHex } from "./vectors";

interface Cred {
  username: string;
  password: string;
  salt: string;
  verifier: string;
}
const [C] = loadVectors<Cred[]>("esp-idf/sec2-wifiprov-credentials.json") as [Cred];
const G = srpGroup3072(nodeCrypto);
const I = new TextEncoder().encode(C.username);
const p = new TextEncoder().encode(C.password);
const b = hex("3333333333333333333333333333333333333333333333333333333333333333");
// g^a mod N has a leading zero byte for this a (found by search): esp_prov would send 383 bytes.
const aShort = hex("bca3fc904e6e66026dff1589e108c4c73e2037d665e73563f055d60b2254df44");
const Ashort = srpClientA(G, aShort);
const params = (A: Uint8Array, strictA?: boolean): SrpServerParams => ({ I, s: hex(C.salt), v: hex(C.verifier), A, b, strictA });
const pad384 = (x: Uint8Array) => toBytes(fromBytes(x, 128) as Limbs, 384) as Uint8Array;

describe("SRP6a device side: A as sent by the client", () => {
  it("accepts a 383-byte A and a zero-padded 384-byte A with the same u and K", () => {
    assert.equal(Ashort.length, 383);
    const short = srpServerStart(G, params(Ashort));
    const padded = srpServerStart(G, params(pad384(Ashort)));
    assert.ok(short && padded);
    assert.equal(toHex(short.u), toHex(padded.u));
    assert.equal(toHex(short.K), toHex(padded.K));
  });

  it("hashes A exactly as received into M and the device proof", () => {
    const short = srpServerStart(G, params(Ashort)) as SrpServerSession;
    const padded = srpServerStart(G, params(pad384(Ashort))) as SrpServerSession;
    assert.notEqual(toHex(short.M), toHex(padded.M));
    assert.notEqual(toHex(short.HAMK), toHex(padded.HAMK));
    assert.equal(toHex(short.M), toHex(srpM(G, I, hex(C.salt), Ashort, short.B, short.K)));
    const client = srpClientSession(G, { I, p, s: hex(C.salt), a: aShort, A: Ashort, B: short.B });
    assert.equal(toHex(client?.M ?? new Uint8Array(0)), toHex(short.M));
    assert.equal(toHex(client?.HAMK ?? new Uint8Array(0)), toHex(short.HAMK));
  });

  it("refuses a short A when strict, like upstream security2.c, but takes a 384-byte one", () => {
    assert.equal(srpServerStart(G, params(Ashort, true)), undefined);
    assert.ok(srpServerStart(G, params(pad384(Ashort), true)));
  });

  it("refuses A ≡ 0 mod N (0, N, empty) and an A longer than N", () => {
    for (const A of [new Uint8Array(384), G.N, new Uint8Array(0), new Uint8Array(385).fill(1)]) {
      assert.equal(srpServerStart(G, params(A)), undefined);
    }
  });

  it("refuses an empty username", () => {
    assert.equal(srpServerStart(G, { ...params(Ashort), I: new Uint8Array(0) }), undefined);
  });
});

describe("SRP6a device side: sliced and native variants", () => {
  it("computes the same session in slices, completing only from a timer", () => {
    const clock = new FakeClock();
    let got = undefined as SrpServerSession | undefined;
    srpServerStartSliced(G, params(Ashort), clock, (err, s) => {
      assert.equal(err, 0);
      got = s;
    });
    assert.equal(typeof got, "undefined", "done ran synchronously");
    clock.runAll();
    const sync = srpServerStart(G, params(Ashort)) as SrpServerSession;
    assert.ok(got);
    assert.deepEqual([toHex(got.B), toHex(got.K), toHex(got.M), toHex(got.HAMK)], [toHex(sync.B), toHex(sync.K), toHex(sync.M), toHex(sync.HAMK)]);
  });

  it("reports INVALID_ARG asynchronously for an invalid A", () => {
    const clock = new FakeClock();
    let err = -99;
    srpServerStartSliced(G, params(new Uint8Array(384)), clock, (e) => (err = e));
    assert.equal(err, -99);
    clock.runAll();
    assert.equal(err, 0x102);
  });

  it("uses CryptoPort.modPow when the platform provides one", () => {
    let calls = 0;
    const native: CryptoPort = {
      ...nodeCrypto,
      modPow(base, e, m) {
        calls++;
        const M = modulus(m) as Modulus;
        return toBytes(modPow(fromBytes(base, M.n) as Limbs, e, M)) as Uint8Array;
      },
    };
    const s = srpServerStart(srpGroup3072(native), params(Ashort));
    const ref = srpServerStart(G, params(Ashort));
    assert.equal(calls, 3);
    assert.equal(toHex(s?.K ?? new Uint8Array(0)), toHex(ref?.K ?? new Uint8Array(1)));
  });
});
