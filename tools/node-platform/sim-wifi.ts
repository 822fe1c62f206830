// Simulated Wi-Fi radio: access points per channel, scan timing, connect outcomes with ESP-IDF
// reason codes (wifi_err_reason_t), AP/mode recording. Runs on any ClockPort: the virtual
// clock in tests (test/fakes/fake-wifi.ts), real timers in the virtual device.
import { Err } from "../../src/core/err.ts";
import type { ClockPort } from "../../src/platform/clock.ts";
import type { Done } from "../../src/platform/done.ts";
import type {
  ApConfig, ApRecord, ScanOpts, StaConfig, WifiCaps, WifiEvent, WifiMode, WifiPort,
} from "../../src/platform/wifi.ts";

/** One scripted access point. No passphrase = open network (auth 0) unless auth says otherwise. */
export interface FakeAp {
  ssid: string | Uint8Array;
  /** 6 bytes; default 02:00:00:00:00:<index+1>. */
  bssid?: Uint8Array;
  channel: number;
  rssi: number;
  /** wifi_auth_mode_t; default 3 (WPA2_PSK) with a passphrase, 0 (OPEN) without. */
  auth?: number;
  passphrase?: string | Uint8Array;
  /** A hidden network: scans list it with an empty SSID (as the ESP32 driver does); joinable by name. */
  hidden?: boolean;
}

/** One recorded scan call. */
export interface ScanCall {
  opts: ScanOpts;
  /** FakeClock time when scan() was called. */
  at: number;
  /** FakeClock time when its done ran (set when it completes). */
  doneAt?: number;
}

/** ESP-IDF wifi_err_reason_t values the fake produces. */
export const REASON = {
  ASSOC_LEAVE: 8,
  FOURWAY_HANDSHAKE_TIMEOUT: 15,
  NO_AP_FOUND: 201,
  AUTH_FAIL: 202,
  CONNECTION_FAIL: 205,
} as const;

function bytes(s: string | Uint8Array): Uint8Array {
  return typeof s === "string" ? new Uint8Array(Buffer.from(s, "utf8")) : s;
}

function eq(a: Uint8Array, b: Uint8Array): boolean {
  return a.length === b.length && a.every((x, i) => x === b[i]);
}

/**
 * Timing model: a scan of one channel takes the per-channel dwell; an all-channel scan
 * (channel 0) walks channels 1..channelCount (default 13, the grouped scan's range; set 14 for
 * JP) and takes channelCount × dwell. Dwell = opts.dwellMs when > 0 and caps.dwellTime, else
 * activeDwellMs / passiveDwellMs. Every callback and event is delivered through the clock.
 */
export class SimWifi implements WifiPort {
  caps: WifiCaps = { channelScan: true, passiveScan: true, dwellTime: true };
  aps: FakeAp[] = [];
  activeDwellMs = 120;
  passiveDwellMs = 360;
  channelCount = 13;
  /** Association takes this long after connect(); then "connected". */
  connectDelayMs = 500;
  /** "gotIp" follows "connected" after this long. */
  ipDelayMs = 300;
  ip = "192.168.1.42";
  /** Reason reported for a wrong passphrase: 15 (what ESP32 reports for a wrong PSK) or 202. */
  wrongPasswordReason: number = REASON.FOURWAY_HANDSHAKE_TIMEOUT;
  /** Reason reported when no AP has the SSID. */
  noApReason: number = REASON.NO_AP_FOUND;

  readonly scans: ScanCall[] = [];
  readonly connects: { ssid: Uint8Array; password: Uint8Array; at: number }[] = [];
  readonly modes: WifiMode[] = [];
  readonly apStarts: ApConfig[] = [];
  apStops = 0;
  disconnects = 0;
  mode: WifiMode | undefined;
  apRunning = false;
  /** The AP the station is associated with (after "connected"). */
  joined: ApRecord | undefined;

  private listener: ((ev: WifiEvent) => void) | undefined;
  private scanning = false;
  private scanErrors: number[] = [];
  private connectErrors: number[] = [];
  private flaky: number[] = [];
  private attempt: number[] = [];
  private inCall = 0;

  constructor(private clock: ClockPort) {}

  /** Schedules fn on the clock; throws if it would run inside the port call (it never may). */
  private later(ms: number, fn: () => void): number {
    return this.clock.setTimer(ms, () => {
      if (this.inCall > 0) throw new Error("SimWifi: callback ran synchronously");
      fn();
    });
  }

  private call<T>(fn: () => T): T {
    this.inCall++;
    try {
      return fn();
    } finally {
      this.inCall--;
    }
  }

  /** The next scan() fails with err (queued). */
  failNextScan(err: number = Err.FAIL): void {
    this.scanErrors.push(err);
  }

  /** The next connect() returns err through done and starts nothing (queued). */
  failNextConnect(err: number = Err.FAIL): void {
    this.connectErrors.push(err);
  }

  /** The next n connection attempts end in "disconnected" with reason (default 205). */
  flakyConnects(n: number, reason: number = REASON.CONNECTION_FAIL): void {
    for (let i = 0; i < n; i++) this.flaky.push(reason);
  }

  /** Delivers an event as the driver would (through the clock), e.g. a lost connection. */
  emit(ev: WifiEvent, delayMs = 0): void {
    this.later(delayMs, () => this.deliver(ev));
  }

  record(i: number): ApRecord {
    const ap = this.aps[i] as FakeAp;
    return {
      ssid: ap.hidden ? new Uint8Array(0) : bytes(ap.ssid),
      bssid: ap.bssid || new Uint8Array([2, 0, 0, 0, 0, i + 1]),
      channel: ap.channel,
      rssi: ap.rssi,
      auth: ap.auth !== undefined ? ap.auth : ap.passphrase !== undefined ? 3 : 0,
    };
  }

  private deliver(ev: WifiEvent): void {
    if (ev.kind === "disconnected") this.joined = undefined;
    if (this.listener) this.listener(ev);
  }

  setMode(mode: WifiMode, done: Done): void {
    this.call(() => {
      this.modes.push(mode);
      this.mode = mode;
      if (mode === "sta") this.apRunning = false;
      this.later(0, () => done(Err.OK));
    });
  }

  scan(opts: ScanOpts, done: Done<ApRecord[]>): void {
    this.call(() => {
      if (opts.channel > 0 && !this.caps.channelScan) throw new Error("FakeWifi: channel scan not in caps");
      if (opts.passive && !this.caps.passiveScan) throw new Error("FakeWifi: passive scan not in caps");
      if (opts.dwellMs > 0 && !this.caps.dwellTime) throw new Error("FakeWifi: dwell time not in caps");
      const call: ScanCall = { opts: { ...opts }, at: this.clock.now() };
      this.scans.push(call);
      const err = this.scanErrors.shift();
      if (err !== undefined || this.scanning) {
        this.later(0, () => done(err !== undefined ? err : Err.INVALID_STATE));
        return;
      }
      const dwell = opts.dwellMs > 0 ? opts.dwellMs : opts.passive ? this.passiveDwellMs : this.activeDwellMs;
      const all = opts.channel === 0;
      const out: ApRecord[] = [];
      for (let i = 0; i < this.aps.length; i++) {
        const ch = (this.aps[i] as FakeAp).channel;
        if (all ? ch >= 1 && ch <= this.channelCount : ch === opts.channel) out.push(this.record(i));
      }
      out.sort((a, b) => b.rssi - a.rssi);
      this.scanning = true;
      this.later(all ? dwell * this.channelCount : dwell, () => {
        this.scanning = false;
        call.doneAt = this.clock.now();
        done(Err.OK, out);
      });
    });
  }

  connect(cfg: StaConfig, done: Done): void {
    this.call(() => {
      this.connects.push({ ssid: new Uint8Array(cfg.ssid), password: new Uint8Array(cfg.password), at: this.clock.now() });
      const err = this.connectErrors.shift();
      if (err !== undefined) {
        this.later(0, () => done(err));
        return;
      }
      this.cancelAttempt();
      this.later(0, () => done(Err.OK));
      const flaky = this.flaky.shift();
      let idx = -1;
      // Like the ESP32 driver's default (WIFI_ALL_CHANNEL_SCAN + sort by signal): the strongest match.
      for (let i = 0; i < this.aps.length; i++) {
        const a = this.aps[i] as FakeAp;
        if (eq(bytes(a.ssid), cfg.ssid) && (idx < 0 || a.rssi > (this.aps[idx] as FakeAp).rssi)) idx = i;
      }
      const fail = (reason: number): void => {
        this.attempt.push(this.later(this.connectDelayMs, () => this.deliver({ kind: "disconnected", reason })));
      };
      const ap = idx >= 0 ? (this.aps[idx] as FakeAp) : undefined;
      if (flaky !== undefined) return fail(flaky);
      if (!ap) return fail(this.noApReason);
      if (ap.passphrase !== undefined && !eq(bytes(ap.passphrase), cfg.password)) return fail(this.wrongPasswordReason);
      const rec = this.record(idx);
      this.attempt.push(this.later(this.connectDelayMs, () => {
        this.joined = rec;
        this.deliver({ kind: "connected" });
        this.attempt.push(this.later(this.ipDelayMs, () => this.deliver({ kind: "gotIp", ip: this.ip, ap: rec })));
      }));
      return undefined;
    });
  }

  private cancelAttempt(): void {
    for (const id of this.attempt) this.clock.clearTimer(id);
    this.attempt = [];
  }

  /** Cancels a pending attempt; if associated, reports "disconnected" reason 8 (ASSOC_LEAVE). */
  disconnect(done: Done): void {
    this.call(() => {
      this.disconnects++;
      this.cancelAttempt();
      if (this.joined) this.later(0, () => this.deliver({ kind: "disconnected", reason: REASON.ASSOC_LEAVE }));
      this.later(0, () => done(Err.OK));
    });
  }

  startAp(cfg: ApConfig, done: Done): void {
    this.call(() => {
      this.apStarts.push({ ssid: new Uint8Array(cfg.ssid), password: new Uint8Array(cfg.password), maxConnections: cfg.maxConnections });
      this.apRunning = true;
      this.later(0, () => done(Err.OK));
    });
  }

  stopAp(done: Done): void {
    this.call(() => {
      this.apStops++;
      this.apRunning = false;
      this.later(0, () => done(Err.OK));
    });
  }

  listen(onEvent: ((ev: WifiEvent) => void) | undefined): void {
    this.listener = onEvent;
  }
}
