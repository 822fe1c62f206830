// x25519Sliced: same result as x25519, computed in timer slices that respect sliceMs, never synchronous.
import assert from "node:assert/strict";
import type { ClockPort } from "../../../src/platform/clock";
import { x25519, x25519Sliced } from "../../../src/crypto/x25519";
import { FakeClock } from "../../fakes/fake-clock";
import { hex, loadVectors, toHex } from "./vectors";

const DH = loadVectors<{ dh: { alicePrivate: string; bobPublic: string; shared: string } }>("rfc7748/x25519.json").dh;

/** A FakeClock whose now() also moves virtual time by `tick` ms per call (work "takes" time). */
class TickingClock implements ClockPort {
  readonly inner = new FakeClock();
  slices = 0;
  /** Longest run of virtual time inside one timer callback. */
  longest = 0;
  private t = 0;
  constructor(private readonly tick: number) {}
  now(): number {
    this.t += this.tick;
    return this.t;
  }
  setTimer(ms: number, fn: () => void): number {
    return this.inner.setTimer(ms, () => {
      this.slices++;
      const t0 = this.t;
      fn();
      this.longest = Math.max(this.longest, this.t - t0);
    });
  }
  clearTimer(id: number): void {
    this.inner.clearTimer(id);
  }
}

describe("x25519Sliced", () => {
  it("yields the RFC 7748 §6.1 shared secret through done", () => {
    const clock = new TickingClock(1);
    let out: Uint8Array | undefined;
    x25519Sliced(hex(DH.alicePrivate), hex(DH.bobPublic), clock, 50, (r) => (out = r));
    clock.inner.runAll();
    assert.ok(out);
    assert.equal(toHex(out), DH.shared);
  });

  it("never calls done synchronously, even when the clock never advances", () => {
    const clock = new TickingClock(0);
    let called = 0;
    x25519Sliced(hex(DH.alicePrivate), hex(DH.bobPublic), clock, 50, () => called++);
    assert.equal(called, 0);
    clock.inner.runAll();
    assert.equal(called, 1);
  });

  it("splits the work into slices no longer than sliceMs when each step costs time", () => {
    const clock = new TickingClock(1); // every now() call costs 1 virtual ms
    let out: Uint8Array | undefined;
    x25519Sliced(hex(DH.alicePrivate), hex(DH.bobPublic), clock, 20, (r) => (out = r));
    clock.inner.runAll();
    assert.equal(toHex(out as Uint8Array), DH.shared);
    // ~295 steps (255 ladder steps, 40 of the inversion) at ~19 per 20 ms slice: ~15 slices.
    assert.ok(clock.slices >= 14, `only ${clock.slices} slices`);
    assert.ok(clock.longest <= 20 + 2, `a slice ran ${clock.longest} ms`);
  });

  it("lets other timers run between slices", () => {
    const clock = new TickingClock(1);
    const order: string[] = [];
    x25519Sliced(hex(DH.alicePrivate), hex(DH.bobPublic), clock, 10, () => order.push("done"));
    clock.inner.setTimer(0, () => order.push("other"));
    clock.inner.runAll();
    assert.deepEqual(order, ["other", "done"]);
  });

  it("keeps two interleaved computations independent", () => {
    const clock = new TickingClock(1);
    const k2 = new Uint8Array(32).fill(3);
    const u2 = new Uint8Array(32).fill(4);
    const got: string[] = [];
    x25519Sliced(hex(DH.alicePrivate), hex(DH.bobPublic), clock, 5, (r) => (got[0] = toHex(r)));
    x25519Sliced(k2, u2, clock, 5, (r) => (got[1] = toHex(r)));
    clock.inner.runAll();
    assert.deepEqual(got, [DH.shared, toHex(x25519(k2, u2))]);
  });
});
