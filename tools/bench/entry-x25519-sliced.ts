// Espruino bench bundle (global XS): X25519 on the firmware's own path — x25519Sliced with the
// firmware's EspruinoClock and Sec1's default slice — plus a clock wrapper that records the longest
// timer callback (one slice of crypto work). Timing run only (tools/bench/main.ts).
import { X25519_SLICE_MS, x25519Sliced } from "../../src/crypto/x25519";
import { EspruinoClock } from "../../firmware/espruino/clock";
import type { ClockPort } from "../../src/platform/clock";

declare const global: { XS?: unknown };

/** The firmware's clock; each timer callback it runs is timed and the longest kept. */
class TimedClock implements ClockPort {
  base: EspruinoClock;
  longest: number;
  constructor() {
    this.base = new EspruinoClock();
    this.longest = 0;
  }
  now(): number {
    return this.base.now();
  }
  setTimer(ms: number, fn: () => void): number {
    return this.base.setTimer(ms, () => {
      const t = this.base.now();
      fn();
      const d = this.base.now() - t;
      if (d > this.longest) this.longest = d;
    });
  }
  clearTimer(id: number): void {
    this.base.clearTimer(id);
  }
}

global.XS = { x25519Sliced: x25519Sliced, sliceMs: X25519_SLICE_MS, clock: new TimedClock() };
