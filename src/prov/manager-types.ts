// States, events and options of the provisioning manager. Mirrors ESP-IDF
// wifi_provisioning/manager.h and the private prov_ctx state of manager.c (docs/spec/protocol.md §5.1, §5.2).
import type { StaConfig } from "../platform/wifi";
import type { Security } from "../protocomm/security";
import type { Scheme } from "./scheme";

/** prov_state (manager.c wifi_prov_mgr_state_t). */
export const enum ProvState {
  IDLE = 0,
  STARTING = 1,
  STARTED = 2,
  CRED_RECV = 3,
  FAIL = 4,
  SUCCESS = 5,
  STOPPING = 6,
}

/** wifi_prov_sta_state_t (newest adds CONN_ATTEMPT_FAILED). */
export const enum WifiState {
  CONNECTING = 0,
  CONNECTED = 1,
  DISCONNECTED = 2,
  CONN_ATTEMPT_FAILED = 3,
}

/** wifi_prov_cb_event_t with the v5.4+ values (SET_STA_CONFIG = 2). */
export const enum ProvEvent {
  INIT = 0,
  START = 1,
  SET_STA_CONFIG = 2,
  CRED_RECV = 3,
  CRED_FAIL = 4,
  CRED_SUCCESS = 5,
  END = 6,
  DEINIT = 7,
}

/** Security parameters: sec1 PoP (undefined = no PoP, the "no_pop" capability); sec2 later. */
export interface SecParams {
  pop?: Uint8Array;
  /** sec2: SRP salt and verifier (used by the sec2 factory). */
  salt?: Uint8Array;
  verifier?: Uint8Array;
  /** Set by the manager for makeSec2: pass to Sec2's onProofFailed (feeds the proof limiter). */
  onProofFailed?: () => void;
}

/** Manager options (wifi_prov_mgr_config_t plus this port's settings). */
export interface ProvManagerOptions {
  /** SoftAP or BLE (wifi_prov_mgr_config_t.scheme). Required. */
  scheme: Scheme;
  /** ≈v5.5 wifi_prov_conn_cfg.wifi_conn_attempts: 0 (default) = legacy endless retry. */
  wifiConnAttempts?: number;
  /** CONFIG_WIFI_PROV_AUTOSTOP_TIMEOUT in ms (default 30000; ESP-IDF range 5..600 s). */
  autoStopTimeoutMs?: number;
  /** Beyond ESP-IDF: persist credentials only once an IP is obtained (default false). */
  saveOnlyOnSuccess?: boolean;
  /** Beyond ESP-IDF: after CRED_FAIL a new apply_config is accepted without a reset (default false). */
  acceptNewCredsAfterFailure?: boolean;
  /** CONFIG_WIFI_PROV_SCAN_MAX_ENTRIES (default 16). */
  scanMaxResults?: number;
  /** Build has Bluetooth (passed to the Scanner: period_ms is then ignored). */
  scanBleCoex?: boolean;
  /**
   * proto-ver "sec_patch_ver": undefined (default) = emitted when the scheme's patch version
   * is > 0 (sec2 patch 1); true = always; false = never.
   */
  emitSecPatchVer?: boolean;
  /** Security 2 factory (keeps SRP out of bundles that do not use it); absent = sec2 unsupported. */
  makeSec2?: (params: SecParams) => Security | undefined;
  /**
   * [impl] hardening (src/protocomm/proof-limiter.ts): after proofFailLimit wrong PoPs/sec2
   * passwords within proofFailWindowMs, prov-session refuses handshakes for proofLockoutMs.
   * Defaults 5, 60000, 60000; proofFailLimit 0 disables. Kept across provisioning runs.
   */
  proofFailLimit?: number;
  proofFailWindowMs?: number;
  proofLockoutMs?: number;
  /** Reason table: 0 = v5.1+/newest (default), 1 = v4.4 (see reasons.ts). */
  reasonTable?: number;
  /**
   * wifi_prov_mgr_config_t.app_event_handler: every event, with its data as ESP-IDF passes it
   * (CRED_RECV and SET_STA_CONFIG: the station config; CRED_FAIL: the fail reason), just before
   * the event's own callback below. One function where a caller would otherwise keep five.
   */
  onEvent?: (ev: ProvEvent, data?: unknown) => void;
  onInit?: () => void;
  onStart?: () => void;
  /** v5.4+: the config about to be applied; fields may be replaced by the app. */
  onSetStaConfig?: (cfg: StaConfig) => void;
  onCredRecv?: (ssid: Uint8Array, password: Uint8Array) => void;
  /** reason: 0 AUTH_ERROR, 1 AP_NOT_FOUND. */
  onCredFail?: (reason: number) => void;
  onCredSuccess?: () => void;
  onEnd?: () => void;
  onDeinit?: () => void;
}

/** Out-parameter for getters that return an Err (C `T *out`). */
export interface Out {
  value: number;
}
