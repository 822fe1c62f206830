// The manager's Wi-Fi event handling and prov-config callbacks. Mirrors ESP-IDF manager.c
// wifi_prov_mgr_event_handler_internal() and handlers.c (docs/spec/protocol.md §5.4, §6).
import type { WifiEvent } from "../platform/wifi";
import { Err } from "../core/err";
import { Level, log } from "../core/log";
import { saveCreds } from "../wifi/creds";
import type { ConfigHandlers, ConfigStatus } from "./ep-config";
import type { ProvManager } from "./manager";
import { ProvEvent, ProvState, WifiState } from "./manager-types";
import { failReasonOf } from "./reasons";

const TAG = "wifi_prov_mgr";
/** CONFIG_WIFI_PROV_AUTOSTOP_TIMEOUT default (30 s). */
export const AUTOSTOP_TIMEOUT_DEFAULT_MS = 30000;

/** wifi_prov_mgr_event_handler_internal(): handled in any state ≥ CRED_RECV (v5.1+). */
export function onWifiEvent(m: ProvManager, ev: WifiEvent): void {
  const st = m.state_;
  if (st < ProvState.CRED_RECV || st === ProvState.STOPPING) return;
  const o = m.o_;
  if (ev.kind === "gotIp") {
    m.wifiState_ = WifiState.CONNECTED;
    m.state_ = ProvState.SUCCESS;
    m.ip_ = ev.ip || "";
    m.ap_ = ev.ap;
    if (o.saveOnlyOnSuccess && saveCreds(m.p_.kv, m.sta_) !== Err.OK) {
      log(Level.E, TAG, "saving credentials failed");
    }
    if (!m.noAutoStop_) {
      m.clear_(m.autoStopTimer_);
      const ms = o.autoStopTimeoutMs !== undefined ? o.autoStopTimeoutMs : AUTOSTOP_TIMEOUT_DEFAULT_MS;
      m.autoStopTimer_ = m.p_.clock.setTimer(ms, () => {
        m.autoStopTimer_ = -1;
        m.stopProvisioning();
      });
    }
    m.emit_(ProvEvent.CRED_SUCCESS);
    if (o.onCredSuccess) o.onCredSuccess();
  } else if (ev.kind === "disconnected") {
    const code = ev.reason || 0;
    log(Level.E, TAG, "STA Disconnected, reason " + code);
    m.wifiState_ = WifiState.DISCONNECTED;
    const fr = failReasonOf(code, o.reasonTable);
    const n = o.wifiConnAttempts || 0;
    if (fr >= 0) m.reason_ = fr;
    else if (n === 0) {
      // legacy: any other reason retries at once, forever; clients keep seeing Connecting
      m.wifiState_ = WifiState.CONNECTING;
      m.connect_();
    }
    if (n > 0) {
      m.attempts_++;
      if (m.attempts_ < n) {
        m.wifiState_ = WifiState.CONN_ATTEMPT_FAILED;
        m.connect_();
      } else m.wifiState_ = WifiState.DISCONNECTED;
    }
    if (m.wifiState_ === WifiState.DISCONNECTED) {
      m.state_ = ProvState.FAIL;
      m.emit_(ProvEvent.CRED_FAIL, m.reason_);
      if (o.onCredFail) o.onCredFail(m.reason_);
    }
  }
}

/** handlers.c: the prov-config callbacks of manager m. */
export function configHandlers(m: ProvManager): ConfigHandlers {
  return {
    getStatus: (out: ConfigStatus): number => {
      if (!m.init_) return Err.INVALID_STATE;
      const ws = m.wifiState_;
      out.wifiState = ws;
      if (ws === WifiState.CONNECTED) {
        out.ip = m.ip_;
        out.ap = m.ap_;
        // wifi_prov_mgr_done(): auto-stop after answering Connected
        if (!m.noAutoStop_) m.stopProvisioning();
      } else if (ws === WifiState.DISCONNECTED) out.failReason = m.reason_;
      else if (ws === WifiState.CONN_ATTEMPT_FAILED) {
        const n = m.o_.wifiConnAttempts || 0;
        out.attemptsRemaining = n > m.attempts_ ? n - m.attempts_ : 0;
      }
      return Err.OK;
    },
    setConfig: (ssid: Uint8Array, password: Uint8Array, bssid: Uint8Array, channel: number): number => {
      // bssid and channel are parsed but ignored (handlers.c)
      m.pending_ = { ssid: new Uint8Array(ssid), password: new Uint8Array(password) };
      return Err.OK;
    },
    applyConfig: (): number => {
      const cfg = m.pending_;
      if (!cfg) return Err.INVALID_STATE;
      const r = m.configureSta(cfg);
      m.pending_ = undefined;
      return r;
    },
  };
}
