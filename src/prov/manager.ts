// The provisioning manager: state machine, events, auto-stop, custom endpoints, persistence.
// Mirrors ESP-IDF components/wifi_provisioning/src/manager.c + handlers.c, v5.4+ behaviour
// with the ≈v5.5 wifi_conn_attempts retries (docs/spec/protocol.md §5, §6, §8, §9).
import type { Platform } from "../platform/index";
import type { StaConfig, WifiEvent } from "../platform/wifi";
import type { Handler } from "../protocomm/protocomm";
import type { Protocomm } from "../protocomm/protocomm";
import type { ProofLimiter } from "../protocomm/proof-limiter";
import { Err } from "../core/err";
import { errHex, Level, log } from "../core/log";
import type { Scanner } from "../wifi/scanner";
import { eraseCreds, loadCreds, saveCreds } from "../wifi/creds";
import { onWifiEvent } from "./manager-wifi";
import { buildService, makeSecurity, teardown } from "./manager-service";
import type { AppInfo } from "./version";
import * as EP from "./endpoints";
import type { Out, ProvManagerOptions, SecParams } from "./manager-types";
import { ProvEvent, ProvState, WifiState } from "./manager-types";

const TAG = "wifi_prov_mgr";
/** manager.c: default cleanup delay and its floor, ms. */
export const CLEANUP_DELAY_DEFAULT_MS = 1000;
export const CLEANUP_DELAY_MIN_MS = 100;
/** v5 configure_sta: esp_wifi_connect() runs from a 1 s one-shot timer. */
export const CONNECT_DELAY_MS = 1000;
export { AUTOSTOP_TIMEOUT_DEFAULT_MS } from "./manager-wifi";

/** After a start completes: nothing, stop, or deinit (calls made while STARTING). */
const enum After {
  NONE = 0,
  STOP = 1,
  DEINIT = 2,
}

function emptySta(): StaConfig {
  return { ssid: new Uint8Array(0), password: new Uint8Array(0) };
}

function isCount(n: number | undefined): boolean {
  return n === undefined || (typeof n === "number" && n >= 0 && n === Math.floor(n));
}

/**
 * wifi_prov_mgr_* as a class. Errors are Err codes (esp_err_t values). Events go to the on*
 * options after the scheme's onEvent, at the moments ESP-IDF emits them: INIT inside init(),
 * SET_STA_CONFIG/CRED_RECV inside configureSta() (i.e. while answering apply_config), START
 * when the scheme has started (or inside resetSmStateForReprovision()), DEINIT inside deinit()
 * when idle, END when the teardown has finished.
 */
export class ProvManager {
  /** @internal */ p_: Platform;
  /** @internal */ o_: ProvManagerOptions;
  /** prov_ctx_lock exists: init() was called at least once. */
  private ever_: boolean;
  /** prov_ctx exists. */
  /** @internal */ init_: boolean;
  /** @internal */ state_: number;
  /** @internal */ wifiState_: number;
  /** @internal */ reason_: number;
  /** @internal */ attempts_: number;
  /** @internal */ noAutoStop_: boolean;
  private cleanupMs_: number;
  /** @internal */ apps_: AppInfo[];
  private uuidUsed_: number;
  /** @internal */ pc_: Protocomm | undefined;
  /** @internal */ scanner_: Scanner | undefined;
  /** set_config's pending config (handlers.c ctx). */
  /** @internal */ pending_: StaConfig | undefined;
  /** The station config in "RAM" (esp_wifi_get_config); empty ssid = not provisioned. */
  /** @internal */ sta_: StaConfig;
  /** @internal */ ip_: string;
  /** @internal */ ap_: WifiEvent["ap"];
  private connectTimer_: number;
  /** @internal */ autoStopTimer_: number;
  private after_: number;
  private afterDone_: (() => void) | undefined;
  private waiters_: (() => void)[];
  /** Wrong-proof limiter, created at the first start and kept across runs. */
  /** @internal */ limiter_: ProofLimiter | undefined;

  constructor(platform: Platform, options: ProvManagerOptions) {
    this.p_ = platform;
    this.o_ = options;
    this.ever_ = false;
    this.init_ = false;
    this.state_ = ProvState.IDLE;
    this.wifiState_ = WifiState.CONNECTING;
    this.reason_ = 0;
    this.attempts_ = 0;
    this.noAutoStop_ = false;
    this.cleanupMs_ = CLEANUP_DELAY_DEFAULT_MS;
    this.apps_ = [];
    this.uuidUsed_ = EP.UUID_LAST_BUILTIN;
    this.pc_ = undefined;
    this.scanner_ = undefined;
    this.pending_ = undefined;
    this.sta_ = loadCreds(platform.kv) || emptySta();
    this.ip_ = "";
    this.ap_ = undefined;
    this.connectTimer_ = -1;
    this.autoStopTimer_ = -1;
    this.after_ = After.NONE;
    this.afterDone_ = undefined;
    this.waiters_ = [];
  }

  /** @internal The scheme's event handler, then the application's (manager.c execute_event_cb). */
  emit_(ev: number, data?: unknown): void {
    const o = this.o_;
    const s = o.scheme;
    if (s && s.onEvent) s.onEvent(ev);
    if (o.onEvent) o.onEvent(ev, data);
  }

  private later_(fn: () => void): void {
    this.p_.clock.setTimer(0, fn);
  }

  /** @internal */ clear_(id: number): number {
    if (id >= 0) this.p_.clock.clearTimer(id);
    return -1;
  }

  /** Mirrors wifi_prov_mgr_init(): validates options, gives the scheme the built-in BLE ids, emits INIT. */
  init(): number {
    this.ever_ = true;
    const o = this.o_;
    const s = o && o.scheme;
    if (!s || typeof s.start !== "function" || typeof s.stop !== "function" || typeof s.setEndpoint !== "function")
      return Err.INVALID_ARG;
    if (!isCount(o.wifiConnAttempts) || !isCount(o.autoStopTimeoutMs)) return Err.INVALID_ARG;
    if (this.init_) return Err.INVALID_STATE;
    const ids: [string, number][] = [
      [EP.EP_CTRL, EP.UUID_CTRL],
      [EP.EP_SCAN, EP.UUID_SCAN],
      [EP.EP_SESSION, EP.UUID_SESSION],
      [EP.EP_CONFIG, EP.UUID_CONFIG],
      [EP.EP_VER, EP.UUID_VER],
    ];
    for (const x of ids) {
      const r = s.setEndpoint(x[0], x[1]);
      if (r !== Err.OK) return r;
    }
    this.init_ = true;
    this.state_ = ProvState.IDLE;
    this.wifiState_ = WifiState.CONNECTING;
    this.uuidUsed_ = EP.UUID_LAST_BUILTIN;
    this.cleanupMs_ = CLEANUP_DELAY_DEFAULT_MS;
    this.noAutoStop_ = false;
    this.apps_ = [];
    this.emit_(ProvEvent.INIT);
    if (o.onInit) o.onInit();
    return Err.OK;
  }

  /**
   * Mirrors wifi_prov_mgr_deinit(): stops a running service (after the cleanup delay), then
   * emits END (if it was running) and DEINIT. Idle: DEINIT inside the call. done runs afterwards.
   */
  deinit(done?: () => void): void {
    // `self`, not `this`, in these arrows: Espruino asserts on an arrow using `this` that it
    // parses without running it (e.g. a ternary branch after minification): firmware/README.md §8.
    const self = this;
    const fin = () => {
      if (done) self.later_(done);
    };
    if (!this.init_) return fin();
    const st = this.state_;
    if (st === ProvState.STARTING) {
      this.after_ = After.DEINIT;
      this.afterDone_ = done;
      return;
    }
    if (st === ProvState.STOPPING) return this.wait(() => self.deinit(done));
    if (st === ProvState.IDLE) {
      this.finishDeinit_(false);
      return fin();
    }
    this.stopService_(false, () => {
      self.finishDeinit_(true);
      fin();
    });
  }

  private finishDeinit_(wasRunning: boolean): void {
    const o = this.o_;
    this.init_ = false;
    this.apps_ = [];
    if (wasRunning) {
      this.emit_(ProvEvent.END);
      if (o.onEnd) o.onEnd();
    }
    this.emit_(ProvEvent.DEINIT);
    if (o.onDeinit) o.onDeinit();
  }

  /** Mirrors wifi_prov_mgr_is_provisioned(): a saved/current STA SSID exists (no init needed, v5). */
  isProvisioned(): boolean {
    return this.sta_.ssid.length > 0;
  }

  /** Mirrors wifi_prov_mgr_is_sm_idle(). */
  isSmIdle(): boolean {
    return this.state_ === ProvState.IDLE;
  }

  /** Current prov_state (ProvState), for diagnostics and tests. */
  state(): number {
    return this.state_;
  }

  /**
   * Mirrors wifi_prov_mgr_start_provisioning(). Returns INVALID_STATE (not initialised / not
   * IDLE), INVALID_ARG (unknown security), NOT_SUPPORTED (sec2 without makeSec2) at once;
   * otherwise OK, and done later gets the scheme's result (e.g. INVALID_ARG for a bad key).
   */
  startProvisioning(
    security: number,
    secParams: SecParams | undefined,
    serviceName: string,
    serviceKey: string | undefined,
    done?: (err: number) => void,
  ): number {
    if (!this.ever_ || !this.init_) return Err.INVALID_STATE;
    if (this.state_ !== ProvState.IDLE) return Err.INVALID_STATE;
    const p = this.p_;
    const o = this.o_;
    const pop = secParams ? secParams.pop : undefined;
    const sec = makeSecurity(this, security, secParams);
    if (typeof sec === "number") return sec;
    this.state_ = ProvState.STARTING;
    // RAM storage + empty STA config while provisioning; restored if the start fails
    const oldSta = this.sta_;
    this.sta_ = emptySta();
    this.pending_ = undefined;
    this.wifiState_ = WifiState.CONNECTING;
    this.attempts_ = 0;
    this.ip_ = "";
    this.ap_ = undefined;
    const pc = buildService(this, security, sec, pop === undefined);
    this.pc_ = pc;
    this.scanner_ = undefined;
    const fail = (err: number) => {
      log(Level.E, TAG, "start failed " + errHex(err));
      p.wifi.listen(undefined);
      if (this.scanner_) this.scanner_.stop();
      pc.unsetSecurity(EP.EP_SESSION);
      this.pc_ = undefined;
      this.scanner_ = undefined;
      this.sta_ = oldSta;
      this.toIdle_();
      if (done) done(err);
      this.runAfter_();
    };
    p.wifi.setMode("sta", (e1) => {
      if (e1 !== Err.OK) return fail(e1);
      p.wifi.disconnect((e2) => {
        p.wifi.listen(wifiListener(this));
        o.scheme.start(pc, serviceName, serviceKey, (e3) => {
          if (e3 !== Err.OK) return fail(e3);
          this.state_ = ProvState.STARTED;
          log(Level.I, TAG, "Provisioning started with service name : " + serviceName);
          this.emit_(ProvEvent.START);
          if (o.onStart) o.onStart();
          if (done) done(Err.OK);
          this.runAfter_();
        });
      });
    });
    return Err.OK;
  }

  private runAfter_(): void {
    const a = this.after_;
    const d = this.afterDone_;
    this.after_ = After.NONE;
    this.afterDone_ = undefined;
    if (a === After.STOP) this.stopProvisioning();
    else if (a === After.DEINIT) this.deinit(d);
  }

  /** @internal */ toIdle_(): void {
    this.state_ = ProvState.IDLE;
    const w = this.waiters_;
    this.waiters_ = [];
    for (const fn of w) this.later_(fn);
  }

  /** Mirrors wifi_prov_mgr_stop_provisioning(): teardown after the cleanup delay, then END. */
  stopProvisioning(): void {
    if (!this.init_) return;
    if (this.state_ === ProvState.STARTING) {
      if (this.after_ === After.NONE) this.after_ = After.STOP;
      return;
    }
    this.stopService_(true, undefined);
  }

  /**
   * wifi_prov_mgr_stop_service(): no-op when IDLE/STOPPING. Stops timers, scan and Wi-Fi event
   * handling now; removes endpoints, stops the scheme and sets mode STA after
   * max(cleanup delay, 100 ms). notify: emit END at the end (the async path).
   */
  private stopService_(notify: boolean, then: (() => void) | undefined): boolean {
    const st = this.state_;
    if (st === ProvState.IDLE || st === ProvState.STOPPING || st === ProvState.STARTING) return false;
    const p = this.p_;
    this.connectTimer_ = this.clear_(this.connectTimer_);
    this.autoStopTimer_ = this.clear_(this.autoStopTimer_);
    this.state_ = ProvState.STOPPING;
    if (this.scanner_) this.scanner_.stop();
    p.wifi.listen(undefined);
    const delay = this.cleanupMs_ > CLEANUP_DELAY_MIN_MS ? this.cleanupMs_ : CLEANUP_DELAY_MIN_MS;
    p.clock.setTimer(delay, () => teardown(this, notify, then));
    return true;
  }

  /** Mirrors wifi_prov_mgr_wait(): cb runs (asynchronously) once the manager is IDLE. */
  wait(cb: () => void): void {
    if (!this.init_ || this.state_ === ProvState.IDLE) this.later_(cb);
    else this.waiters_.push(cb);
  }

  /** Mirrors wifi_prov_mgr_disable_auto_stop(): IDLE only; the delay applies to stopProvisioning(). */
  disableAutoStop(cleanupDelayMs: number): number {
    if (!this.ever_) return Err.INVALID_STATE;
    if (typeof cleanupDelayMs !== "number" || !(cleanupDelayMs >= 0)) return Err.INVALID_ARG;
    if (!this.init_ || this.state_ !== ProvState.IDLE) return Err.INVALID_STATE;
    this.noAutoStop_ = true;
    this.cleanupMs_ = cleanupDelayMs;
    return Err.OK;
  }

  /** Mirrors wifi_prov_mgr_set_app_info(): IDLE only; adds label: {ver, cap} to proto-ver. */
  setAppInfo(label: string, version: string, capabilities: string[]): number {
    if (!this.ever_) return Err.INVALID_STATE;
    if (typeof label !== "string" || typeof version !== "string" || !capabilities) return Err.INVALID_ARG;
    if (!this.init_ || this.state_ !== ProvState.IDLE) return Err.INVALID_STATE;
    const caps: string[] = [];
    for (const c of capabilities) if (typeof c === "string") caps.push(c);
    this.apps_.push({ label: label, version: version, capabilities: caps });
    return Err.OK;
  }

  /** Mirrors wifi_prov_mgr_endpoint_create(): IDLE only (else FAIL); next BLE id from 0xFF54. */
  endpointCreate(name: string): number {
    if (!this.ever_) return Err.INVALID_STATE;
    if (!this.init_ || this.state_ !== ProvState.IDLE) return Err.FAIL;
    if (typeof name !== "string" || !name) return Err.INVALID_ARG;
    const r = this.o_.scheme.setEndpoint(name, this.uuidUsed_ + 1);
    if (r === Err.OK) this.uuidUsed_++;
    return r;
  }

  private running_(): boolean {
    return this.init_ && this.state_ > ProvState.STARTING && this.state_ < ProvState.STOPPING;
  }

  /** Mirrors wifi_prov_mgr_endpoint_register(): while running only (else FAIL); duplicate → FAIL. */
  endpointRegister(name: string, handler: Handler): number {
    if (!this.ever_) return Err.INVALID_STATE;
    if (!this.running_()) return Err.FAIL;
    if (typeof name !== "string" || !name || typeof handler !== "function") return Err.INVALID_ARG;
    return (this.pc_ as Protocomm).addEndpoint(name, handler);
  }

  /** Mirrors wifi_prov_mgr_endpoint_unregister(): while running only (else FAIL); unknown → NOT_FOUND. */
  endpointUnregister(name: string): number {
    if (!this.ever_) return Err.INVALID_STATE;
    if (!this.running_()) return Err.FAIL;
    return (this.pc_ as Protocomm).removeEndpoint(name);
  }

  /** Mirrors wifi_prov_mgr_get_wifi_state(): INVALID_STATE if never initialised, FAIL if not now. */
  getWifiState(out: Out): number {
    if (!this.ever_) return Err.INVALID_STATE;
    if (!this.init_ || !out) return Err.FAIL;
    out.value = this.wifiState_;
    return Err.OK;
  }

  /** Mirrors wifi_prov_mgr_get_wifi_disconnect_reason(): FAIL unless the state is DISCONNECTED. */
  getWifiDisconnectReason(out: Out): number {
    if (!this.ever_) return Err.INVALID_STATE;
    if (!this.init_ || !out || this.wifiState_ !== WifiState.DISCONNECTED) return Err.FAIL;
    out.value = this.reason_;
    return Err.OK;
  }

  /** Mirrors wifi_prov_mgr_get_remaining_conn_attempts() (≈v5.5): N − attempts completed. */
  getWifiRemainingConnAttempts(out: Out): number {
    if (!this.ever_) return Err.INVALID_STATE;
    if (!this.init_ || !out) return Err.FAIL;
    const n = this.o_.wifiConnAttempts || 0;
    out.value = n > this.attempts_ ? n - this.attempts_ : 0;
    return Err.OK;
  }

  /**
   * Mirrors wifi_prov_mgr_configure_sta(): emits SET_STA_CONFIG (v5.4+, before the state
   * check), refuses with FAIL unless STARTED (or FAIL with acceptNewCredsAfterFailure), saves
   * the credentials (unless saveOnlyOnSuccess), connects 1 s later, emits CRED_RECV.
   */
  configureSta(cfg: StaConfig): number {
    if (!this.ever_) return Err.INVALID_STATE;
    if (!this.init_ || !cfg) return Err.FAIL;
    const o = this.o_;
    const p = this.p_;
    const self = this; // not `this` in the timer's arrow (see deinit)
    this.emit_(ProvEvent.SET_STA_CONFIG, cfg);
    if (o.onSetStaConfig) o.onSetStaConfig(cfg);
    const st = this.state_;
    if (st !== ProvState.STARTED && !(st === ProvState.FAIL && o.acceptNewCredsAfterFailure)) {
      log(Level.E, TAG, "Wi-Fi credentials already received by provisioning app");
      return Err.FAIL;
    }
    const sta: StaConfig = { ssid: new Uint8Array(cfg.ssid), password: new Uint8Array(cfg.password) };
    if (sta.ssid.length > 32 || sta.password.length > 64) return Err.FAIL;
    if (!o.saveOnlyOnSuccess && saveCreds(p.kv, sta) !== Err.OK) return Err.FAIL;
    p.wifi.setMode(o.scheme.wifiMode, (err) => {
      if (err !== Err.OK) log(Level.E, TAG, "set mode failed " + errHex(err));
    });
    this.sta_ = sta;
    this.clear_(this.connectTimer_);
    // v5: connect 1 s later so the apply response goes out before the channel changes
    this.connectTimer_ = p.clock.setTimer(CONNECT_DELAY_MS, () => {
      self.connectTimer_ = -1;
      self.connect_();
    });
    this.wifiState_ = WifiState.CONNECTING;
    this.state_ = ProvState.CRED_RECV;
    this.attempts_ = 0;
    this.emit_(ProvEvent.CRED_RECV, sta);
    if (o.onCredRecv) o.onCredRecv(sta.ssid, sta.password);
    return Err.OK;
  }

  /** @internal */ connect_(): void {
    this.p_.wifi.connect(this.sta_, (err) => {
      if (err === Err.OK) return;
      log(Level.E, TAG, "Failed to connect Wi-Fi " + errHex(err));
      // [impl] hardening: manager.c only logs this and clients poll "Connecting"
      // until they give up; report it as WIFI_REASON_NO_AP_FOUND (201) → CRED_FAIL instead.
      onWifiEvent(this, { kind: "disconnected", reason: 201 });
    });
  }

  /** Mirrors wifi_prov_mgr_reset_provisioning(): erases the saved credentials; any state. */
  resetProvisioning(): number {
    if (eraseCreds(this.p_.kv) !== Err.OK) return Err.FAIL;
    this.sta_ = emptySta();
    return Err.OK;
  }

  /**
   * Mirrors wifi_prov_mgr_reset_sm_state_on_failure(): FAIL → STARTED, STA config erased
   * (only the RAM copy with saveOnlyOnSuccess, so earlier good credentials survive). No event.
   */
  resetSmStateOnFailure(): number {
    if (!this.ever_) return Err.INVALID_STATE;
    if (!this.init_ || this.state_ !== ProvState.FAIL) return Err.INVALID_STATE;
    if (!this.o_.saveOnlyOnSuccess && eraseCreds(this.p_.kv) !== Err.OK) return Err.FAIL;
    this.sta_ = emptySta();
    this.state_ = ProvState.STARTED;
    this.attempts_ = 0;
    return Err.OK;
  }

  /**
   * Mirrors wifi_prov_mgr_reset_sm_state_for_reprovision(): needs disableAutoStop() (else
   * INVALID_STATE); RAM STA config emptied (saved credentials kept), disconnect, → STARTED,
   * emits START. [impl] also INVALID_STATE when the service is not running (upstream has no check).
   */
  resetSmStateForReprovision(): number {
    if (!this.ever_) return Err.INVALID_STATE;
    if (!this.init_ || !this.noAutoStop_ || !this.running_()) return Err.INVALID_STATE;
    this.connectTimer_ = this.clear_(this.connectTimer_);
    this.sta_ = emptySta();
    this.p_.wifi.disconnect((err) => {
      if (err !== Err.OK) log(Level.W, TAG, "disconnect failed " + errHex(err));
    });
    this.state_ = ProvState.STARTED;
    this.emit_(ProvEvent.START);
    if (this.o_.onStart) this.o_.onStart();
    return Err.OK;
  }

}

/**
 * The manager's Wi-Fi listener, made here: a closure keeps its whole scope on Espruino, and one
 * made in startProvisioning() would keep that call's locals (the PoP among them) as long as it runs.
 */
function wifiListener(m: ProvManager): (ev: WifiEvent) => void {
  return (ev) => onWifiEvent(m, ev);
}
