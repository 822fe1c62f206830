// Wi-Fi radio port. Thin: one call maps to about one esp_wifi / Espruino `Wifi` call.
import type { Done } from "./done";

/** Wi-Fi operating mode (esp_wifi_set_mode). */
export type WifiMode = "sta" | "ap" | "apsta";

/** What the radio binding can honour in ScanOpts; what it cannot is never passed. */
export interface WifiCaps {
  /** A scan can be limited to one channel (ScanOpts.channel > 0). */
  channelScan: boolean;
  /** A scan can be passive. */
  passiveScan: boolean;
  /** The per-channel dwell time can be set (ScanOpts.dwellMs). */
  dwellTime: boolean;
}

/** One scan: channel 0 = all channels; dwellMs 0 = driver default. */
export interface ScanOpts {
  channel: number;
  passive: boolean;
  dwellMs: number;
}

/** One access point as the driver reports it (wifi_ap_record_t subset). */
export interface ApRecord {
  /** SSID bytes, at most 32, no NUL. */
  ssid: Uint8Array;
  /** 6 bytes. */
  bssid: Uint8Array;
  /** Primary channel 1..14. */
  channel: number;
  /** dBm, negative. */
  rssi: number;
  /** wifi_auth_mode_t value (0 open, 3 WPA2-PSK, …; see WifiAuthMode). */
  auth: number;
}

/** Station credentials as received in CmdSetConfig (bytes, as the protocol carries them). */
export interface StaConfig {
  ssid: Uint8Array;
  password: Uint8Array;
}

/** SoftAP parameters (scheme_softap.c). password empty = open AP. */
export interface ApConfig {
  ssid: Uint8Array;
  password: Uint8Array;
  maxConnections: number;
}

/** Station event from the driver. */
export interface WifiEvent {
  /** "connected" (associated), "gotIp", "disconnected". */
  kind: "connected" | "gotIp" | "disconnected";
  /** disconnected: the ESP-IDF wifi_err_reason_t code (e.g. 15, 201, 202). */
  reason?: number;
  /** gotIp: dotted-quad IPv4 address of the station. */
  ip?: string;
  /** gotIp: the access point joined (ssid, bssid, channel, auth; rssi may be 0). */
  ap?: ApRecord;
}

/** The radio. Every completion is asynchronous. */
export interface WifiPort {
  readonly caps: WifiCaps;
  setMode(mode: WifiMode, done: Done): void;
  /** Scans per opts; results sorted by the driver (any order accepted by callers). */
  scan(opts: ScanOpts, done: Done<ApRecord[]>): void;
  /** Starts one connection attempt; the outcome arrives as WifiEvents. */
  connect(cfg: StaConfig, done: Done): void;
  disconnect(done: Done): void;
  startAp(cfg: ApConfig, done: Done): void;
  stopAp(done: Done): void;
  /** Registers the single station-event listener (replaces a previous one; undefined removes). */
  listen(onEvent: ((ev: WifiEvent) => void) | undefined): void;
}
