// bignum's E.convolve exponentiation (22-bit limbs, src/crypto/bignum.ts ConvPow) against BigInt,
// with a Node emulation of E.convolve that also checks every partial sum stays below 2^53.
import assert from "node:assert/strict";
import { getDiffieHellman } from "node:crypto";
import fc from "fast-check";
import { fromBytes, modPow, modulus, toBytes, useDot } from "../../../src/crypto/bignum";
import { hex, toHex } from "./vectors";
import { runs } from "../../helpers/props.ts";

const big = (b: Uint8Array): bigint => BigInt("0x0" + toHex(b));
function bigPow(b: bigint, e: bigint, m: bigint): bigint {
  let r = 1n;
  b %= m;
  for (; e > 0n; e >>= 1n, b = (b * b) % m) if (e & 1n) r = (r * b) % m;
  return r;
}

let max = 0;
/** E.convolve's documented definition (jswrap_espruino.c), recording the largest partial sum. */
function dot(a: Int32Array, b: Int32Array, off: number): number {
  let v = 0;
  for (let i = 0; i < a.length; i++) {
    v += (a[i] as number) * (b[(i + off) % b.length] as number);
    if (Math.abs(v) > max) max = Math.abs(v);
  }
  return v;
}

function convPow(base: Uint8Array, e: Uint8Array, m: Uint8Array): bigint {
  const M = modulus(m);
  assert.ok(M);
  useDot(dot);
  try {
    return big(toBytes(modPow(fromBytes(base, M.n), e, M)));
  } finally {
    useDot(undefined);
  }
}

const N3072 = hex(getDiffieHellman("modp15").getPrime("hex"));

describe("bignum exponentiation on E.convolve", function () {
  this.timeout(60_000);

  // Moduli have no leading zero byte and bases at most as many bytes as the modulus, so a base
  // always fits the modulus' limbs (24·ceil(bits/24) >= 8·bytes); bases may exceed the modulus.
  it("matches BigInt for random odd moduli of 1..120 bytes, bases and exponents", () => {
    const modulusBytes = fc.uint8Array({ minLength: 1, maxLength: 120 }).map((m0) => {
      const m = new Uint8Array(m0);
      m[0] = (m[0] as number) || 1;
      m[m.length - 1] = (m[m.length - 1] as number) | 1;
      return m;
    });
    const arbs = modulusBytes.chain((m) => fc.tuple(fc.constant(m), fc.uint8Array({ maxLength: m.length }), fc.uint8Array({ maxLength: 20 })));
    fc.assert(
      fc.property(arbs, ([m, b, e]) => {
        fc.pre(big(m) > 1n);
        assert.equal(convPow(b, e, m), bigPow(big(b), big(e), big(m)));
      }),
      { numRuns: runs(60) },
    );
  });

  it("refuses a base wider than the modulus' limbs (m = 00 00 00 03, b = 01 00 00 00) with an Error", () => {
    assert.throws(() => convPow(hex("01000000"), new Uint8Array(0), hex("00000003")), /Error: bignum: a 4-byte value does not fit 1 limbs/);
  });

  it("matches BigInt in the 3072-bit sec2 group, including the extremes N-1 and 0", () => {
    const Nm1 = new Uint8Array(N3072);
    Nm1[383] = (Nm1[383] as number) - 1;
    const e = new Uint8Array(32).fill(0xff);
    for (const b of [Nm1, new Uint8Array(384), hex("05"), new Uint8Array(384).fill(0xa5).map((v, i) => (i === 0 ? 0x7f : v))]) {
      assert.equal(convPow(b, e, N3072), bigPow(big(b), big(e), big(N3072)));
    }
  });

  it("keeps every dot product's partial sums below 2^53 in the 3072-bit group", () => {
    max = 0;
    convPow(new Uint8Array(384).fill(0xff).map((v, i) => (i === 0 ? 0xc0 : v)), new Uint8Array(8).fill(0xff), N3072);
    assert.ok(max > 2 ** 40, "the emulation was used");
    assert.ok(max < 2 ** 53, "largest partial sum 2^" + Math.log2(max).toFixed(2));
  });
});
