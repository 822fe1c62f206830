// bignum against JS BigInt (tests may use BigInt; src/ may not): conversions, modular ops, modPow.
import assert from "node:assert/strict";
import { getDiffieHellman } from "node:crypto";
import fc from "fast-check";
import {
  compare,
  fitsLimbs,
  fromBytes,
  fromBytesMod,
  modAdd,
  modMul,
  modPow,
  modSub,
  modulus,
  toBytes,
  trimBytes,
} from "../../../src/crypto/bignum";
import type { Limbs, Modulus } from "../../../src/crypto/bignum";
import { hex, toHex } from "./vectors";
import { runs } from "../../helpers/props.ts";

const big = (b: Uint8Array): bigint => BigInt("0x0" + toHex(b));
function bigPow(b: bigint, e: bigint, m: bigint): bigint {
  let r = 1n;
  b %= m;
  for (; e > 0n; e >>= 1n, b = (b * b) % m) if (e & 1n) r = (r * b) % m;
  return r;
}
const limbs = (b: Uint8Array, M: Modulus): Limbs => fromBytesMod(b, M) as Limbs;
const val = (x: Limbs): bigint => big(toBytes(x));

/** Odd moduli of 1..80 bytes (> 1), as bytes. */
const oddModulus = fc
  .uint8Array({ minLength: 1, maxLength: 80 })
  .map((m) => {
    const c = new Uint8Array(m);
    c[c.length - 1] = (c[c.length - 1] as number) | 1;
    return c;
  })
  .filter((m) => big(m) > 1n);
/** The widest input fromBytesMod takes for m: 2·len(m) significant bytes. */
const fit = (b: Uint8Array, m: Uint8Array): Uint8Array => b.subarray(0, 2 * trimBytes(m).length);

const N3072 = hex(getDiffieHellman("modp15").getPrime("hex"));

describe("bignum conversions", () => {
  it("round-trips big-endian bytes through limbs, dropping only leading zeros", () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 100 }), (b) => {
        const x = fromBytes(b, 34) as Limbs;
        assert.equal(big(toBytes(x)), big(b));
        assert.equal(toHex(toBytes(x, 102) as Uint8Array), toHex(b).padStart(204, "0"));
      }),
    );
  });

  it("refuses with an Error a value that does not fit the requested limbs or width", () => {
    assert.throws(() => fromBytes(hex("01000000"), 1), /Error: bignum: a 4-byte value does not fit 1 limbs/);
    assert.ok(fromBytes(hex("00ffffff"), 1));
    assert.throws(() => toBytes(fromBytes(hex("0100"), 1), 1), /Error: bignum: a 2-byte value does not fit 1 bytes/);
    const M = modulus(hex("03")) as Modulus;
    assert.throws(() => fromBytesMod(hex("01000000000000"), M), /Error: bignum: a 7-byte value does not fit 2 limbs/);
    assert.throws(() => modPow(new Int32Array(2), hex("01"), M), /Error: bignum: the base has 2 limbs, the modulus 1/);
  });

  it("fitsLimbs agrees with the value's bit length", () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 12 }), fc.integer({ min: 1, max: 4 }), (b, n) => {
        assert.equal(fitsLimbs(b, n), big(b) < 1n << BigInt(24 * n));
      }),
    );
  });

  it("gives an empty array as the minimal bytes of zero", () => {
    assert.equal(toBytes(new Int32Array(4)).length, 0);
  });

  it("orders values like the integers they hold", () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 30 }), fc.uint8Array({ maxLength: 30 }), (a, b) => {
        const d = big(a) - big(b);
        assert.equal(compare(fromBytes(a, 10) as Limbs, fromBytes(b, 10) as Limbs), d < 0n ? -1 : d > 0n ? 1 : 0);
      }),
    );
  });
});

describe("bignum modular arithmetic", () => {
  it("refuses even moduli, zero and one", () => {
    assert.equal(modulus(hex("0a")), undefined);
    assert.equal(modulus(hex("0000")), undefined);
    assert.equal(modulus(hex("0001")), undefined);
    assert.ok(modulus(hex("03")));
  });

  it("adds, subtracts and multiplies modulo random odd moduli like BigInt", () => {
    fc.assert(
      fc.property(oddModulus, fc.uint8Array({ maxLength: 160 }), fc.uint8Array({ maxLength: 160 }), (m, a, b) => {
        const M = modulus(m) as Modulus;
        const mm = big(m);
        const [x, y] = [limbs(fit(a, m), M), limbs(fit(b, m), M)];
        const [bx, by] = [big(fit(a, m)) % mm, big(fit(b, m)) % mm];
        assert.equal(val(x), bx);
        assert.equal(val(modAdd(x, y, M)), (bx + by) % mm);
        assert.equal(val(modSub(x, y, M)), (((bx - by) % mm) + mm) % mm);
        assert.equal(val(modMul(x, y, M)), (bx * by) % mm);
      }),
      { numRuns: runs(200) },
    );
  });

  it("computes modPow like BigInt for random moduli, bases and exponents", () => {
    fc.assert(
      fc.property(oddModulus, fc.uint8Array({ maxLength: 80 }), fc.uint8Array({ maxLength: 40 }), (m, b, e) => {
        const M = modulus(m) as Modulus;
        const base = limbs(fit(b, m), M);
        assert.equal(val(modPow(base, e, M)), bigPow(big(fit(b, m)), big(e), big(m)));
      }),
      { numRuns: runs(150) },
    );
  });

  it("computes 3072-bit modPow like BigInt, including a base not below N", () => {
    const M = modulus(N3072) as Modulus;
    assert.equal(M.n, 128);
    const e = hex("c0ffee" + "5a".repeat(61));
    for (const b of [hex("05"), hex("ff".repeat(384)), N3072, hex("01" + "00".repeat(383))]) {
      const base = fromBytes(b, M.n) as Limbs;
      assert.equal(val(modPow(base, e, M)), bigPow(big(b), big(e), big(N3072)));
    }
  });

  it("treats an empty exponent as zero and gives 1", () => {
    const M = modulus(hex("0b")) as Modulus;
    assert.equal(val(modPow(limbs(hex("07"), M), new Uint8Array(0), M)), 1n);
  });
});
