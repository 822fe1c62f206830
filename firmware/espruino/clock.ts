// ClockPort on Espruino: getTime() (seconds, µs resolution on ESP32) and setTimeout.
import type { ClockPort } from "../../src/platform/clock";

/** Espruino timers. Ids are Espruino's own timer ids. */
export class EspruinoClock implements ClockPort {
  now(): number {
    return getTime() * 1000;
  }

  setTimer(ms: number, fn: () => void): number {
    return setTimeout(fn, ms) as unknown as number;
  }

  clearTimer(id: number): void {
    // clearTimeout() without an id clears EVERY timer on Espruino; an unknown id may throw.
    if (typeof id !== "number") return;
    try {
      clearTimeout(id as unknown as ReturnType<typeof setTimeout>);
    } catch (e) {
      // already fired: nothing to cancel
    }
  }
}
