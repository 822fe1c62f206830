// A virtual clock: the only scheduler the fakes use (matter.js MockTime style).
import type { ClockPort } from "../../src/platform/clock";

interface Timer {
  id: number;
  at: number;
  seq: number;
  fn: () => void;
}

/** Deterministic timers: nothing runs until advance()/runAll() moves virtual time. */
export class FakeClock implements ClockPort {
  private t = 0;
  private nextId = 1;
  private seq = 0;
  private timers: Timer[] = [];

  /**
   * tickPerNow > 0 makes every now() call move time on by that many ms, so code that measures
   * its own run time (sliced crypto) sees work taking time on the virtual clock.
   */
  constructor(private tickPerNow = 0) {}

  now(): number {
    this.t += this.tickPerNow;
    return this.t;
  }

  setTimer(ms: number, fn: () => void): number {
    const id = this.nextId++;
    this.timers.push({ id, at: this.t + Math.max(0, ms), seq: this.seq++, fn });
    return id;
  }

  clearTimer(id: number): void {
    this.timers = this.timers.filter((x) => x.id !== id);
  }

  /** Number of timers still scheduled. */
  pending(): number {
    return this.timers.length;
  }

  private popDue(limit: number): Timer | undefined {
    let best: Timer | undefined;
    for (const x of this.timers) {
      if (x.at <= limit && (!best || x.at < best.at || (x.at === best.at && x.seq < best.seq))) best = x;
    }
    if (best) this.timers = this.timers.filter((x) => x !== best);
    return best;
  }

  /** Moves time forward by ms, running every timer that falls due, in time order. */
  advance(ms: number): void {
    const end = this.t + ms;
    for (;;) {
      const x = this.popDue(end);
      if (!x) break;
      this.t = x.at;
      x.fn();
    }
    this.t = end;
  }

  /** Runs timers until none is left (or maxMs of virtual time passes). */
  runAll(maxMs = 3_600_000): void {
    const end = this.t + maxMs;
    for (;;) {
      const x = this.popDue(end);
      if (!x) break;
      this.t = x.at;
      x.fn();
    }
  }

  /** Runs only what is due now (timers set with 0 ms, repeatedly). */
  flush(): void {
    this.advance(0);
  }
}
