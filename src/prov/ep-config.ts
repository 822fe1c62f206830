// `prov-config` endpoint handler. Mirrors ESP-IDF wifi_provisioning/src/wifi_config.c
// (dispatcher, set_config checks, get_status encoding) — docs/spec/protocol.md §6, §13.
import type { Handler } from "../protocomm/protocomm";
import type { Done } from "../platform/done";
import type { ApRecord } from "../platform/wifi";
import { Err } from "../core/err";
import { Status } from "../pb/constants_pb";
import { WifiStationState } from "../pb/wifi_constants_pb";
import type { RespGetStatus } from "../pb/wifi_config_pb";
import { WiFiConfigMsgType, decodeWiFiConfigPayload, encodeWiFiConfigPayload } from "../pb/wifi_config_pb";
import { WifiState } from "./manager-types";

/** wifi_prov_config_get_data_t. */
export interface ConfigStatus {
  wifiState: number;
  failReason: number;
  attemptsRemaining: number;
  ip: string;
  ap: ApRecord | undefined;
}

/** wifi_prov_config_handlers_t: implemented by the manager (handlers.c). */
export interface ConfigHandlers {
  /** Fills out; non-OK = manager not running. */
  getStatus(out: ConfigStatus): number;
  /** Stores the pending config (already length-checked). */
  setConfig(ssid: Uint8Array, password: Uint8Array, bssid: Uint8Array, channel: number): number;
  /** Applies the pending config (configure_sta). */
  applyConfig(): number;
}

/** wifi_prov_config_set_data_t limits: ssid[33], password[64], bssid[6]. */
const SSID_BUF = 33;
const PASSWORD_BUF = 64;
const BSSID_LEN = 6;

/** strnlen(b, max): bytes up to the first NUL. */
function cstr(b: Uint8Array, max: number): Uint8Array {
  let n = 0;
  while (n < b.length && n < max && b[n] !== 0) n++;
  return b.subarray(0, n);
}

function statusResp(st: ConfigStatus): RespGetStatus {
  const ws = st.wifiState;
  if (ws === WifiState.CONNECTED) {
    const ap = st.ap;
    return {
      status: Status.Success,
      staState: WifiStationState.Connected,
      connected: {
        ip4Addr: st.ip,
        authMode: ap ? ap.auth : 0,
        ssid: ap ? cstr(ap.ssid, 32) : new Uint8Array(0),
        // [impl] the 6 raw bytes (upstream's strndup corrupts a BSSID containing 0x00)
        bssid: ap ? ap.bssid.subarray(0, BSSID_LEN) : new Uint8Array(0),
        channel: ap ? ap.channel : 0,
      },
    };
  }
  if (ws === WifiState.DISCONNECTED) {
    return { status: Status.Success, staState: WifiStationState.ConnectionFailed, failReason: st.failReason };
  }
  if (ws === WifiState.CONN_ATTEMPT_FAILED) {
    return {
      status: Status.Success,
      staState: WifiStationState.Connecting,
      attemptFailed: { attemptsRemaining: st.attemptsRemaining },
    };
  }
  return { status: Status.Success, staState: WifiStationState.Connecting };
}

/**
 * The prov-config handler (wifi_prov_config_data_handler). Undecodable input, an unknown msg
 * or a set_config without its sub-message fail the request (transport-level error, §14.6).
 */
export function makeConfigHandler(h: ConfigHandlers): Handler {
  return function (sessionId: number, data: Uint8Array, done: Done<Uint8Array>): void {
    const req = decodeWiFiConfigPayload(data);
    if (!req) return done(Err.INVALID_ARG);
    if (req.msg === WiFiConfigMsgType.TypeCmdGetStatus) {
      const st: ConfigStatus = { wifiState: 0, failReason: 0, attemptsRemaining: 0, ip: "", ap: undefined };
      const err = h.getStatus(st);
      // not running: upstream still answers Success with default fields (docs/spec/protocol.md §6.1 quirk)
      const resp: RespGetStatus =
        err === Err.OK ? statusResp(st) : { status: Status.Success, staState: WifiStationState.Connected };
      return done(Err.OK, encodeWiFiConfigPayload({ msg: WiFiConfigMsgType.TypeRespGetStatus, respGetStatus: resp }));
    }
    if (req.msg === WiFiConfigMsgType.TypeCmdSetConfig) {
      const cmd = req.cmdSetConfig;
      if (!cmd) return done(Err.INVALID_ARG);
      let status = Status.InvalidArgument;
      if (cmd.bssid.length !== 0 && cmd.bssid.length !== BSSID_LEN) {
        // invalid BSSID: InvalidArgument, connection kept
      } else if (cmd.ssid.length >= SSID_BUF) {
        // invalid SSID
      } else if (cmd.passphrase.length >= PASSWORD_BUF) {
        // invalid passphrase
      } else {
        // handlers.c: SSID cut at the first NUL (≤ 32), passphrase strlcpy'd (cut at NUL)
        const ok = h.setConfig(cstr(cmd.ssid, 32), cstr(cmd.passphrase, 63), cmd.bssid, cmd.channel);
        status = ok === Err.OK ? Status.Success : Status.InternalError;
      }
      return done(
        Err.OK,
        encodeWiFiConfigPayload({ msg: WiFiConfigMsgType.TypeRespSetConfig, respSetConfig: { status: status } }),
      );
    }
    if (req.msg === WiFiConfigMsgType.TypeCmdApplyConfig) {
      const status = h.applyConfig() === Err.OK ? Status.Success : Status.InternalError;
      return done(
        Err.OK,
        encodeWiFiConfigPayload({ msg: WiFiConfigMsgType.TypeRespApplyConfig, respApplyConfig: { status: status } }),
      );
    }
    // lookup_cmd_handler found nothing → ESP_FAIL
    return done(Err.FAIL);
  };
}
