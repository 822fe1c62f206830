// `prov-scan` endpoint handler. Mirrors ESP-IDF v5.5 components/wifi_provisioning/src/
// wifi_scan.c and the scan handlers in handlers.c (docs/spec/protocol.md §7.1–7.3, §14 items 6, 8, 15).
import type { Handler } from "../protocomm/protocomm";
import type { Done } from "../platform/done";
import type { ApRecord } from "../platform/wifi";
import type { Scanner } from "../wifi/scanner";
import { Err } from "../core/err";
import { Status } from "../pb/constants_pb";
import type { WiFiScanPayload, WiFiScanResult } from "../pb/wifi_scan_pb";
import { WiFiScanMsgType, decodeWiFiScanPayload, encodeWiFiScanPayload } from "../pb/wifi_scan_pb";

function entryOf(rec: ApRecord): WiFiScanResult {
  // SSID as wifi_scan.c sends it: strnlen(ssid, 32) bytes.
  const s = rec.ssid;
  let n = 0;
  while (n < s.length && n < 32 && s[n] !== 0) n++;
  // auth is the raw wifi_auth_mode_t, as ESP-IDF sends it (values > 7 exist on newer IDFs)
  return { ssid: s.subarray(0, n), channel: rec.channel, rssi: rec.rssi, bssid: rec.bssid.subarray(0, 6), auth: rec.auth };
}

function reply(done: Done<Uint8Array>, m: WiFiScanPayload): void {
  done(Err.OK, encodeWiFiScanPayload(m));
}

/**
 * The prov-scan handler (mirrors wifi_prov_scan_handler). Response msg = request msg + 1 and
 * the Status sits in the OUTER payload. Undecodable input, an unknown msg, or a scan_start /
 * scan_result without its sub-message (ESP-IDF dereferences NULL there) fail the request with
 * an Err, which the transport turns into a dropped request (docs/spec/protocol.md §14 item 6).
 * canScan() is false outside the manager's STARTED state (e.g. while connecting).
 */
export function makeScanHandler(scannerOf: () => Scanner, canScan: () => boolean): Handler {
  return function (sessionId: number, data: Uint8Array, done: Done<Uint8Array>): void {
    const req = decodeWiFiScanPayload(data);
    if (!req) return done(Err.INVALID_ARG);
    const scanner = scannerOf();
    if (req.msg === WiFiScanMsgType.TypeCmdScanStart) {
      const cmd = req.cmdScanStart;
      if (!cmd) return done(Err.INVALID_ARG);
      const answer = (err: number): void =>
        reply(done, {
          msg: WiFiScanMsgType.TypeRespScanStart,
          status: err === Err.OK ? Status.Success : Status.InternalError,
          respScanStart: {},
        });
      // DEVIATION(esp-idf v5.5): SCAN_DONE is only handled in STARTED, so ESP-IDF's scan never
      // ends after apply and a blocking request hangs; we answer InternalError instead (§7.1).
      if (!canScan()) return answer(Err.INVALID_STATE);
      return scanner.start(
        { blocking: cmd.blocking, passive: cmd.passive, groupChannels: cmd.groupChannels, periodMs: cmd.periodMs },
        answer,
      );
    }
    if (req.msg === WiFiScanMsgType.TypeCmdScanStatus) {
      // esp_prov sends msg only (no cmd_scan_status); ESP-IDF never reads it
      return scanner.lock(() =>
        reply(done, {
          msg: WiFiScanMsgType.TypeRespScanStatus,
          status: Status.Success,
          respScanStatus: { scanFinished: scanner.finished(), resultCount: scanner.count() },
        }),
      );
    }
    if (req.msg === WiFiScanMsgType.TypeCmdScanResult) {
      const cmd = req.cmdScanResult;
      if (!cmd) return done(Err.INVALID_ARG);
      return scanner.lock(() => {
        const entries: WiFiScanResult[] = [];
        let status = Status.Success;
        // [impl] upstream stops at the first missing index and leaves empty slots; we send
        // the entries found so far with InternalError (§7.3). count 0 → empty, Success.
        for (let i = 0; i < cmd.count; i++) {
          const rec = scanner.result(cmd.startIndex + i);
          if (!rec) {
            status = Status.InternalError;
            break;
          }
          entries.push(entryOf(rec));
        }
        reply(done, {
          msg: WiFiScanMsgType.TypeRespScanResult,
          status: status,
          respScanResult: { entries: entries },
        });
      });
    }
    // wifi_prov_scan_cmd_dispatcher: no handler for this msg → ESP_FAIL
    return done(Err.FAIL);
  };
}
