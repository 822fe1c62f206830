// The bench's X25519 bound times the ladder step's own product statements (tools/bench/x25519-floor.ts):
// run once here with E.convolve emulated, PFp() must leave the field product of its operands in X.
import assert from "node:assert/strict";
import * as vm from "node:vm";
import { FLOOR_PRODUCTS, floorFunctions } from "../../../tools/bench/x25519-floor.ts";

const P = (1n << 255n) - 19n;
const limbs = (xs: number[]) => xs.reduce((acc, l, k) => acc + BigInt(l) * (1n << BigInt(20 * k)), 0n);
const mod = (x: bigint) => ((x % P) + P) % P;

describe("bench: the X25519 bound's field products (x25519-floor.ts)", () => {
  it("PFp() runs the ladder step's carried product: X = A·B mod p for the fixed operands; PFc() only the calls", () => {
    const convolve = (a: Int32Array, b: Int32Array, off: number) => {
      let v = 0;
      for (let i = 0; i < a.length; i++) v += (a[i] as number) * (b[(i + off) % b.length] as number);
      return v;
    };
    const ctx: Record<string, unknown> = { E: { convolve }, getTime: () => 0 };
    vm.runInNewContext(floorFunctions() + "PFp();", ctx);
    const a = Array.from(ctx.PFA as Int32Array).reverse(); // R-form: the limbs reversed
    const b = Array.from((ctx.PFB as Int32Array).subarray(12)); // T-form: plain limbs from entry 12
    const x = Array.from(ctx.PFX as Int32Array);
    assert.ok(a.some((l) => l !== 0) && b.some((l) => l !== 0));
    assert.equal(mod(limbs(x)), mod(limbs(a) * limbs(b)));
    for (const l of x) assert.ok(Math.abs(l) <= 1 << 20, "carried limbs");
    ctx.PFX = new Int32Array(13);
    vm.runInNewContext("PFc();", ctx);
    assert.deepEqual(Array.from(ctx.PFX as Int32Array), new Array(13).fill(0));
    assert.equal(FLOOR_PRODUCTS, 2560);
  });
});
