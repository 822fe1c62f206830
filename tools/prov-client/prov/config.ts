// prov-config client: set_config, apply_config, get_status. Mirrors esp_prov prov/wifi_prov.py
// (docs/spec/protocol.md §6, docs/platform/clients.md §2 wire forms).
import { Status } from "../../../src/pb/constants_pb.ts";
import {
  decodeWiFiConfigPayload,
  encodeWiFiConfigPayload,
  type RespGetStatus,
  WiFiConfigMsgType,
} from "../../../src/pb/wifi_config_pb.ts";
import { WifiConnectFailedReason, WifiStationState } from "../../../src/pb/wifi_constants_pb.ts";
import { provError, statusText } from "../errors.ts";
import { EP, type Session } from "../session.ts";

/**
 * Request style: "esp_prov" sends only `msg` for ApplyConfig (`08 04`), as esp_prov does; "app"
 * also sets the empty oneof payload (`08 04 72 00`), as the Android/iOS libraries do.
 */
export type MsgStyle = "esp_prov" | "app";

/** GetStatus request: msg 0 with the empty cmd_get_status set (`52 00`, both styles). */
export function getStatusRequest(): Uint8Array {
  return encodeWiFiConfigPayload({ msg: WiFiConfigMsgType.TypeCmdGetStatus, cmdGetStatus: {} });
}

/** SetConfig request (no bssid/channel, as every client sends). */
export function setConfigRequest(ssid: Uint8Array, passphrase: Uint8Array): Uint8Array {
  return encodeWiFiConfigPayload({
    msg: WiFiConfigMsgType.TypeCmdSetConfig,
    cmdSetConfig: { ssid, passphrase, bssid: new Uint8Array(0), channel: 0 },
  });
}

/** ApplyConfig request. */
export function applyConfigRequest(style: MsgStyle = "esp_prov"): Uint8Array {
  return encodeWiFiConfigPayload({
    msg: WiFiConfigMsgType.TypeCmdApplyConfig,
    cmdApplyConfig: style === "app" ? {} : undefined,
  });
}

function decode(resp: Uint8Array, want: WiFiConfigMsgType, what: string) {
  const p = decodeWiFiConfigPayload(resp);
  if (!p || p.msg !== want) throw provError("protocol", `the device's ${what} reply does not decode (session out of step?)`);
  return p;
}

/** Status of a SetConfig reply; throws "protocol" when undecodable. */
export function parseSetConfigResponse(resp: Uint8Array): Status {
  const p = decode(resp, WiFiConfigMsgType.TypeRespSetConfig, "set_config");
  return p.respSetConfig ? p.respSetConfig.status : Status.Success;
}

/** Status of an ApplyConfig reply. */
export function parseApplyConfigResponse(resp: Uint8Array): Status {
  const p = decode(resp, WiFiConfigMsgType.TypeRespApplyConfig, "apply_config");
  return p.respApplyConfig ? p.respApplyConfig.status : Status.Success;
}

/** A GetStatus answer in plain terms. */
export interface WifiStatus {
  state: "connected" | "connecting" | "disconnected" | "failed";
  /** With "failed": auth-error (wrong passphrase) or network-not-found; "unknown" otherwise. */
  failReason?: "auth-error" | "network-not-found" | "unknown";
  /** With "connecting" (newest IDF): retries left after a failed attempt. */
  attemptsRemaining?: number;
  /** With "connected". */
  connected?: { ip4: string; ssid: string; bssid: string; channel: number; authMode: number };
}

/** Formats a BSSID as aa:bb:cc:dd:ee:ff. */
export function macStr(b: Uint8Array): string {
  return Array.from(b, (x) => x.toString(16).padStart(2, "0")).join(":");
}

/** SSID bytes as text: UTF-8 when valid, else latin-1 (esp_prov decodes latin-1). */
export function ssidStr(b: Uint8Array): string {
  try {
    return new TextDecoder("utf-8", { fatal: true }).decode(b);
  } catch {
    return String.fromCharCode.apply(null, Array.from(b));
  }
}

/** Interprets RespGetStatus (docs/spec/protocol.md §6.1). */
export function wifiStatus(r: RespGetStatus): WifiStatus {
  switch (r.staState) {
    case WifiStationState.Connected: {
      const c = r.connected;
      return {
        state: "connected",
        connected: c ? { ip4: c.ip4Addr, ssid: ssidStr(c.ssid), bssid: macStr(c.bssid), channel: c.channel, authMode: c.authMode } : undefined,
      };
    }
    case WifiStationState.Connecting:
      return { state: "connecting", attemptsRemaining: r.attemptFailed ? r.attemptFailed.attemptsRemaining : undefined };
    case WifiStationState.ConnectionFailed:
      return {
        state: "failed",
        failReason:
          r.failReason === WifiConnectFailedReason.AuthError ? "auth-error" : r.failReason === WifiConnectFailedReason.NetworkNotFound ? "network-not-found" : "unknown",
      };
    default:
      return { state: "disconnected" };
  }
}

/** Parses a GetStatus reply. */
export function parseGetStatusResponse(resp: Uint8Array): WifiStatus {
  const p = decode(resp, WiFiConfigMsgType.TypeRespGetStatus, "get_status");
  if (!p.respGetStatus) throw provError("protocol", "the device's get_status reply has no status");
  return wifiStatus(p.respGetStatus);
}

/** Sends the Wi-Fi credentials; throws "device" when the device refuses them. */
export async function setConfig(s: Session, ssid: Uint8Array, passphrase: Uint8Array): Promise<void> {
  const st = parseSetConfigResponse(await s.request(EP.config, setConfigRequest(ssid, passphrase)));
  if (st !== Status.Success) {
    throw Object.assign(provError("device", statusText(st, "take the credentials")), { status: st, request: "set_config" });
  }
}

/** Asks the device to connect with the credentials sent. */
export async function applyConfig(s: Session, style: MsgStyle = "esp_prov"): Promise<void> {
  const st = parseApplyConfigResponse(await s.request(EP.config, applyConfigRequest(style)));
  if (st !== Status.Success) throw Object.assign(provError("device", statusText(st, "apply the configuration")), { status: st, request: "apply_config" });
}

/** One GetStatus round trip. */
export async function getStatus(s: Session): Promise<WifiStatus> {
  return parseGetStatusResponse(await s.request(EP.config, getStatusRequest()));
}
