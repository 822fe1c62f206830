// Clock and timers port. Mirrors esp_timer / FreeRTOS delays as the manager uses them.

/** Monotonic time and one-shot timers. Timer callbacks never run inside setTimer itself. */
export interface ClockPort {
  /** Milliseconds since an arbitrary origin, monotonic. */
  now(): number;
  /** Runs fn once after ms milliseconds (0 = next turn of the event loop). Returns an id. */
  setTimer(ms: number, fn: () => void): number;
  /** Cancels a timer; unknown or already-fired ids are ignored. */
  clearTimer(id: number): void;
}
