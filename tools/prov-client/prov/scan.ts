// prov-scan client: scan_start, scan_status, scan_result in pages. Mirrors esp_prov
// prov/wifi_scan.py and the apps' paging (docs/spec/protocol.md §7, docs/platform/clients.md §2, §4.5).
import { Status } from "../../../src/pb/constants_pb.ts";
import { decodeWiFiScanPayload, encodeWiFiScanPayload, WiFiScanMsgType } from "../../../src/pb/wifi_scan_pb.ts";
import { provError, statusText } from "../errors.ts";
import { EP, type Session } from "../session.ts";
import { macStr, ssidStr, type MsgStyle } from "./config.ts";

/** Scan parameters (esp_prov softap: blocking, group_channels 5, period 120 ms). */
export interface ScanOptions {
  /** Channels per group between 120 ms SoftAP pauses; 0 = all at once (default 5, softap). */
  groupChannels?: number;
  /** Dwell per channel in ms (default 120). */
  periodMs?: number;
  /** Entries per scan_result request (default 4, the BLE-sized page the apps use). */
  pageSize?: number;
  /** Wait between scan_status polls while the device says the scan is not finished (default 500). */
  pollMs?: number;
  /** Request style for ScanStatus (esp_prov: msg only). */
  style?: MsgStyle;
}

/** One access point as listed to the user. */
export interface ScanEntry {
  ssid: string;
  /** The SSID bytes as sent by the device. */
  ssidBytes: Uint8Array;
  channel: number;
  rssi: number;
  bssid: string;
  /** WifiAuthMode (0 open … 7 WPA2/WPA3; higher raw IDF values possible). */
  auth: number;
}

const AUTH_NAMES = ["Open", "WEP", "WPA PSK", "WPA2 PSK", "WPA/WPA2 PSK", "WPA2 Enterprise", "WPA3 PSK", "WPA2/WPA3 PSK"];

/** Human name of a WifiAuthMode value. */
export function authName(auth: number): string {
  return AUTH_NAMES[auth] ?? `auth ${auth}`;
}

/** ScanStart request (`52 06 08 01 18 05 20 78` for the defaults). */
export function scanStartRequest(groupChannels = 5, periodMs = 120): Uint8Array {
  return encodeWiFiScanPayload({
    msg: WiFiScanMsgType.TypeCmdScanStart,
    status: Status.Success,
    cmdScanStart: { blocking: true, passive: false, groupChannels, periodMs },
  });
}

/** ScanStatus request (`08 02` esp_prov, `08 02 62 00` app). */
export function scanStatusRequest(style: MsgStyle = "esp_prov"): Uint8Array {
  return encodeWiFiScanPayload({ msg: WiFiScanMsgType.TypeCmdScanStatus, status: Status.Success, cmdScanStatus: style === "app" ? {} : undefined });
}

/** ScanResult request for entries [start, start+count). */
export function scanResultRequest(startIndex: number, count: number): Uint8Array {
  return encodeWiFiScanPayload({ msg: WiFiScanMsgType.TypeCmdScanResult, status: Status.Success, cmdScanResult: { startIndex, count } });
}

function decode(resp: Uint8Array, want: WiFiScanMsgType, what: string) {
  const p = decodeWiFiScanPayload(resp);
  if (!p || p.msg !== want) throw provError("protocol", `the device's ${what} reply does not decode (session out of step?)`);
  if (p.status !== Status.Success) throw provError("device", statusText(p.status, `answer the ${what} request`));
  return p;
}

/** Checks a ScanStart reply. */
export function parseScanStartResponse(resp: Uint8Array): void {
  decode(resp, WiFiScanMsgType.TypeRespScanStart, "scan_start");
}

/** A ScanStatus reply: finished flag and result count. */
export function parseScanStatusResponse(resp: Uint8Array): { finished: boolean; count: number } {
  const s = decode(resp, WiFiScanMsgType.TypeRespScanStatus, "scan_status").respScanStatus;
  return { finished: s ? s.scanFinished : false, count: s ? s.resultCount : 0 };
}

/** The entries of a ScanResult reply. */
export function parseScanResultResponse(resp: Uint8Array): ScanEntry[] {
  const r = decode(resp, WiFiScanMsgType.TypeRespScanResult, "scan_result").respScanResult;
  return (r ? r.entries : []).map((e) => ({
    ssid: ssidStr(e.ssid),
    ssidBytes: e.ssid,
    channel: e.channel,
    rssi: e.rssi,
    bssid: macStr(e.bssid),
    auth: e.auth,
  }));
}

const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

/** Runs a blocking scan and reads every result, pageSize per request, in the device's order. */
export async function scanNetworks(s: Session, o: ScanOptions = {}): Promise<ScanEntry[]> {
  parseScanStartResponse(await s.request(EP.scan, scanStartRequest(o.groupChannels ?? 5, o.periodMs ?? 120)));
  let st = parseScanStatusResponse(await s.request(EP.scan, scanStatusRequest(o.style)));
  // A blocking scan_start answers after the scan; poll anyway for devices that answer early.
  for (let i = 0; !st.finished && i < 60; i++) {
    await sleep(o.pollMs ?? 500);
    st = parseScanStatusResponse(await s.request(EP.scan, scanStatusRequest(o.style)));
  }
  const page = Math.max(1, o.pageSize ?? 4);
  const out: ScanEntry[] = [];
  while (out.length < st.count) {
    const n = Math.min(page, st.count - out.length);
    const got = parseScanResultResponse(await s.request(EP.scan, scanResultRequest(out.length, n)));
    // Zero entries for a non-empty page would loop forever (the iOS library crashes on it).
    if (got.length === 0) throw provError("protocol", `the device returned no entries for results ${out.length}..${out.length + n - 1}`);
    out.push(...got);
  }
  return out;
}

/** One row per SSID, strongest first (what the apps show: duplicates merged, best RSSI kept). */
export function uniqueNetworks(entries: ScanEntry[]): ScanEntry[] {
  const best = new Map<string, ScanEntry>();
  for (const e of entries) {
    if (e.ssid === "") continue;
    const b = best.get(e.ssid);
    if (!b || e.rssi > b.rssi) best.set(e.ssid, e);
  }
  return [...best.values()].sort((a, b) => b.rssi - a.rssi);
}
