// modPowSliced: yields between slices through the ClockPort, never completes synchronously, cancels.
import assert from "node:assert/strict";
import { getDiffieHellman } from "node:crypto";
import { fromBytes, modPow, modPowSliced, modulus, toBytes } from "../../../src/crypto/bignum";
import type { Limbs, Modulus } from "../../../src/crypto/bignum";
import type { ClockPort } from "../../../src/platform/clock";
import { FakeClock } from "../../fakes/fake-clock";
import { hex, toHex } from "./vectors";

/** A clock whose now() advances 1 ms per call (so compute-bound slices end) and whose timers run one at a time. */
class TickingClock implements ClockPort {
  private ticks = 0;
  private queue: { id: number; fn: () => void }[] = [];
  private nextId = 1;
  now(): number {
    return this.ticks++;
  }
  setTimer(_ms: number, fn: () => void): number {
    this.queue.push({ id: this.nextId, fn });
    return this.nextId++;
  }
  clearTimer(id: number): void {
    this.queue = this.queue.filter((t) => t.id !== id);
  }
  pending(): number {
    return this.queue.length;
  }
  runOne(): void {
    this.queue.shift()?.fn();
  }
  runAll(): void {
    while (this.queue.length > 0) this.runOne();
  }
}

const N = hex(getDiffieHellman("modp15").getPrime("hex"));
const M = modulus(N) as Modulus;
const base = fromBytes(hex("05"), M.n) as Limbs;
const e = hex("2222222222222222222222222222222222222222222222222222222222222222");

describe("bignum modPowSliced", () => {
  it("gives the same result as modPow, delivered from a timer, never synchronously", () => {
    const clock = new FakeClock();
    let got = undefined as Limbs | undefined;
    let err = -99;
    modPowSliced(base, e, M, clock, 50, (code, r) => {
      err = code;
      got = r;
    });
    assert.equal(typeof got, "undefined", "done ran synchronously");
    clock.runAll();
    assert.equal(err, 0);
    assert.equal(toHex(toBytes(got as Limbs)), toHex(toBytes(modPow(base, e, M))));
  });

  it("splits the work into many slices when each slice's time runs out", () => {
    const clock = new TickingClock();
    let slices = 0;
    let got = undefined as Limbs | undefined;
    modPowSliced(base, e, M, clock, 5, (_c, r) => (got = r));
    while (!got && clock.pending() > 0) {
      clock.runOne();
      slices++;
    }
    // 64 nibbles → 1 + 14 + 63·5 + 1 multiplications; 5 ticks per slice → dozens of slices.
    assert.ok(slices > 20, `only ${slices} slices`);
    assert.equal(toHex(toBytes(got as Limbs)), toHex(toBytes(modPow(base, e, M))));
  });

  it("never calls done once cancelled, and leaves no timer behind", () => {
    const clock = new TickingClock();
    let called = false;
    const cancel = modPowSliced(base, e, M, clock, 5, () => (called = true));
    clock.runOne();
    clock.runOne();
    assert.equal(clock.pending(), 1);
    cancel();
    clock.runAll();
    assert.equal(called, false);
    assert.equal(clock.pending(), 0);
  });
});
