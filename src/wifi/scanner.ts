// Channel-grouped Wi-Fi scan with a sorted, capped result list. Mirrors the scan part of
// ESP-IDF v5.5 components/wifi_provisioning/src/manager.c (docs/spec/protocol.md §7.1, §7.4, §10).
import type { ClockPort } from "../platform/clock";
import type { Done } from "../platform/done";
import type { ApRecord, ScanOpts, WifiPort } from "../platform/wifi";
import { Err } from "../core/err";
import { Level, log } from "../core/log";

const TAG = "scanner";
/** Pause before each channel group (update_wifi_scan_results' vTaskDelay), ms. */
export const SCAN_GROUP_GAP_MS = 120;
/** Poll period of a blocking wifi_prov_mgr_wifi_scan_start, ms. */
export const SCAN_POLL_MS = 120;
/** CONFIG_WIFI_PROV_SCAN_MAX_ENTRIES default (Kconfig range 1..255). */
export const SCAN_MAX_RESULTS_DEFAULT = 16;
/** Channels wrap at 14: curr = (curr + 1) % 14, so a grouped scan covers 1..13. */
const CHANNEL_WRAP = 14;

/** CmdScanStart as the manager receives it (wifi_scan.proto). */
export interface ScanCmd {
  /** Answer only when the whole scan has ended. */
  blocking: boolean;
  /** Passive scan (honoured only if the radio can). */
  passive: boolean;
  /** Channels per group; 0 = one all-channel scan. Truncated to uint8 as in ESP-IDF. */
  groupChannels: number;
  /** Per-channel dwell, ms; 0 = driver default. */
  periodMs: number;
}

/** Scanner options. */
export interface ScannerOpts {
  /** Result list size (CONFIG_WIFI_PROV_SCAN_MAX_ENTRIES), 1..255, default 16. */
  maxResults?: number;
  /**
   * Build has Bluetooth (BLE scheme): ESP-IDF v5.x then leaves scan_time untouched
   * (`#if !CONFIG_BT_ENABLED`), so period_ms is ignored and the driver default applies.
   */
  bleCoex?: boolean;
}

/** Degradations logged once per scanner (bit flags). */
const enum Warned {
  CHANNEL = 1,
  PASSIVE = 2,
  DWELL = 4,
}

/** Driver order: RSSI descending, stable (insertion sort; Espruino's sort is not known stable). */
function byRssi(recs: ApRecord[]): ApRecord[] {
  const out: ApRecord[] = [];
  for (const r of recs) {
    let i = out.length;
    while (i > 0 && (out[i - 1] as ApRecord).rssi < r.rssi) i--;
    out.splice(i, 0, r);
  }
  return out;
}

/**
 * One scanner per provisioning run (prov_ctx's scan fields). Results are NOT de-duplicated:
 * one entry per driver record, so an SSID seen on several BSSIDs/channels appears several
 * times, as in ESP-IDF (docs/spec/protocol.md §7.4).
 */
export class Scanner {
  private wifi_: WifiPort;
  private clock_: ClockPort;
  private max_: number;
  private coex_: boolean;
  /** ap_list_sorted: max_ slots, filled from 0. */
  private sorted_: (ApRecord | undefined)[];
  private scanning_: boolean;
  /** channels_per_group after uint8 truncation and the capability fallback. */
  private groups_: number;
  private curr_: number;
  private opts_: ScanOpts;
  /** Bumped on every start/stop; completions of older scans are ignored. */
  private gen_: number;
  private calls_: number;
  private firstFailed_: boolean;
  /** The SCAN_DONE handler is inside its 120 ms vTaskDelay, holding prov_ctx_lock. */
  private paused_: boolean;
  private pauseTimer_: number;
  private waiters_: (() => void)[];
  private warned_: number;

  constructor(wifi: WifiPort, clock: ClockPort, opts?: ScannerOpts) {
    let max = opts && opts.maxResults !== undefined ? Math.floor(opts.maxResults) : SCAN_MAX_RESULTS_DEFAULT;
    if (!(max >= 1 && max <= 255)) {
      log(Level.W, TAG, "maxResults out of 1..255, using " + SCAN_MAX_RESULTS_DEFAULT);
      max = SCAN_MAX_RESULTS_DEFAULT;
    }
    this.wifi_ = wifi;
    this.clock_ = clock;
    this.max_ = max;
    this.coex_ = !!(opts && opts.bleCoex);
    this.sorted_ = [];
    this.scanning_ = false;
    this.groups_ = 0;
    this.curr_ = 0;
    this.opts_ = { channel: 0, passive: false, dwellMs: 0 };
    this.gen_ = 0;
    this.calls_ = 0;
    this.firstFailed_ = false;
    this.paused_ = false;
    this.pauseTimer_ = -1;
    this.waiters_ = [];
    this.warned_ = 0;
  }

  /** Result list capacity (MAX_SCAN_RESULTS). */
  maxResults(): number {
    return this.max_;
  }

  /**
   * Runs fn under the manager lock: at once when free, else right after the inter-group
   * pause ends (ESP-IDF holds prov_ctx_lock through that vTaskDelay, so scan_status and
   * scan_result requests arriving then wait for it).
   */
  lock(fn: () => void): void {
    if (this.paused_) this.waiters_.push(fn);
    else fn();
  }

  private release_(): void {
    const w = this.waiters_;
    this.waiters_ = [];
    for (const fn of w) this.lock(fn);
  }

  private warn_(bit: number, msg: string): void {
    if (this.warned_ & bit) return;
    this.warned_ |= bit;
    log(Level.W, TAG, msg);
  }

  /**
   * Starts a scan (mirrors wifi_prov_mgr_wifi_scan_start). Already scanning: done(OK), nothing
   * restarted, results kept. Otherwise the results are cleared and the first scan call made.
   * A start refused by the radio (the port reports it on its next turn, as Espruino's
   * synchronous throw becomes) gives done(Err.FAIL). Non-blocking: done one turn after the
   * first scan call. Blocking: polls every 120 ms under the lock and answers 120 ms after the
   * first poll that sees the scan ended, exactly like ESP-IDF's wait loop.
   */
  start(cmd: ScanCmd, done: Done): void {
    this.lock(() => {
      const clock = this.clock_;
      if (this.scanning_) {
        clock.setTimer(0, () => done(Err.OK));
        return;
      }
      this.clear();
      const caps = this.wifi_.caps;
      // uint8_t group_channels in the C API
      let groups = cmd.groupChannels & 0xff;
      if (groups && !caps.channelScan) {
        this.warn_(Warned.CHANNEL, "radio scans all channels only: one all-channel scan, no groups");
        groups = 0;
      }
      let passive = cmd.passive;
      if (passive && !caps.passiveScan) {
        this.warn_(Warned.PASSIVE, "radio cannot scan passively: active scan instead");
        passive = false;
      }
      // active: scan_time.active.min = max = period_ms; passive: scan_time.passive = period_ms
      let dwell = this.coex_ ? 0 : cmd.periodMs;
      if (dwell && !caps.dwellTime) {
        this.warn_(Warned.DWELL, "radio cannot set the dwell time: driver default used");
        dwell = 0;
      }
      this.groups_ = groups;
      this.curr_ = groups ? 1 : 0;
      this.opts_ = { channel: this.curr_, passive: passive, dwellMs: dwell };
      this.scanning_ = true;
      this.calls_ = 0;
      this.firstFailed_ = false;
      const gen = ++this.gen_;
      this.scanNext_(gen);
      clock.setTimer(0, () => {
        if (gen === this.gen_ && this.firstFailed_) return done(Err.FAIL);
        if (!cmd.blocking) return done(Err.OK);
        this.poll_(done);
      });
    });
  }

  /**
   * One turn of ESP-IDF's wait loop: read `scanning` under the lock, then sleep 120 ms. The
   * read is one turn late so that a SCAN_DONE, or a refused next-channel start (which the port
   * reports a turn later), at the same instant is seen first.
   */
  private poll_(done: Done): void {
    const clock = this.clock_;
    // Block body: Espruino asserts on `() => f(() => this…)` (tools/bundle/subset-check.ts).
    clock.setTimer(0, () => {
      this.lock(() => {
        const busy = this.scanning_;
        clock.setTimer(SCAN_POLL_MS, () => {
          if (busy) this.poll_(done);
          else done(Err.OK);
        });
      });
    });
  }

  private scanNext_(gen: number): void {
    const o = this.opts_;
    const first = this.calls_++ === 0;
    this.wifi_.scan({ channel: this.curr_, passive: o.passive, dwellMs: o.dwellMs }, (err, recs) => {
      if (gen !== this.gen_ || !this.scanning_) return;
      if (err !== Err.OK && first) this.firstFailed_ = true;
      this.onDone_(gen, err === Err.OK ? recs || [] : undefined);
    });
  }

  /** SCAN_DONE for the current channel (update_wifi_scan_results). recs undefined = failure. */
  private onDone_(gen: number, recs: ApRecord[] | undefined): void {
    if (recs) this.merge_(recs);
    if (!recs || !this.groups_) {
      this.scanning_ = false;
      return;
    }
    this.curr_ = (this.curr_ + 1) % CHANNEL_WRAP;
    if (this.curr_ === 0) {
      this.scanning_ = false;
      return;
    }
    if (this.curr_ % this.groups_ !== 0) return this.scanNext_(gen);
    // Lets the SoftAP beacon / BLE link breathe between groups; runs with the lock held.
    // `self` in the arrow: Espruino asserts on an arrow using `this` that it parses without
    // running it (a ternary branch after minification): firmware/README.md §8.
    const self = this;
    this.paused_ = true;
    this.pauseTimer_ = this.clock_.setTimer(SCAN_GROUP_GAP_MS, () => {
      self.pauseTimer_ = -1;
      self.paused_ = false;
      self.scanNext_(gen);
      self.release_();
    });
  }

  /**
   * ESP-IDF's merge, kept as is: the new batch (driver order, first max_) is merged into
   * slots 0..max_-rc-1 of the old list, so all of the newest channel's records survive and
   * the old list's last rc slots are dropped even when stronger (only matters on overflow).
   * Equal RSSI: the newer record goes first.
   */
  private merge_(recs: ApRecord[]): void {
    const s = this.sorted_;
    const batch = byRssi(recs);
    let rc = batch.length < this.max_ ? batch.length : this.max_;
    let is = this.max_ - rc - 1;
    while (rc > 0 && is >= 0) {
      const old = s[is];
      if (old) {
        const nw = batch[rc - 1] as ApRecord;
        if (old.rssi > nw.rssi) {
          s[is + rc] = nw;
          rc--;
          continue;
        }
        s[is + rc] = old;
      }
      is--;
    }
    while (rc > 0) {
      s[rc - 1] = batch[rc - 1];
      rc--;
    }
  }

  /** True when no scan runs (wifi_prov_mgr_wifi_scan_finished). */
  finished(): boolean {
    return !this.scanning_;
  }

  /** Entries stored so far; grows while a grouped scan runs (wifi_prov_mgr_wifi_scan_result_count). */
  count(): number {
    let n = 0;
    while (n < this.max_ && this.sorted_[n]) n++;
    return n;
  }

  /**
   * Entry i of the sorted list, or undefined (wifi_prov_mgr_wifi_scan_result). i is taken as
   * uint16_t, as the C handler passes it.
   */
  result(i: number): ApRecord | undefined {
    const idx = i & 0xffff;
    return idx < this.max_ ? this.sorted_[idx] : undefined;
  }

  /** Empties the result list (a running scan keeps filling it). */
  clear(): void {
    this.sorted_ = [];
  }

  /**
   * Abandons a running scan and frees the results (provisioning stop). Late radio completions
   * are ignored; a blocking start still waiting finishes at its next poll, as ESP-IDF's loop
   * does once scanning is false.
   */
  stop(): void {
    this.gen_++;
    this.scanning_ = false;
    if (this.pauseTimer_ >= 0) this.clock_.clearTimer(this.pauseTimer_);
    this.pauseTimer_ = -1;
    this.paused_ = false;
    this.clear();
    this.release_();
  }
}
