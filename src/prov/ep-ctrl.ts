// `prov-ctrl` endpoint handler (v5.1+). Mirrors ESP-IDF wifi_provisioning/src/wifi_ctrl.c and
// the ctrl handlers of handlers.c (docs/spec/protocol.md §8). Status is in the OUTER WiFiCtrlPayload.
import type { Handler } from "../protocomm/protocomm";
import type { Done } from "../platform/done";
import { Err } from "../core/err";
import { Status } from "../pb/constants_pb";
import { WiFiCtrlMsgType, decodeWiFiCtrlPayload, encodeWiFiCtrlPayload } from "../pb/wifi_ctrl_pb";

/**
 * wifi_ctrl_handlers_t (ctrl_reset, ctrl_reprov): the manager itself, whose methods of these names
 * are wifi_prov_mgr_reset_sm_state_on_failure / _for_reprovision (handlers.c calls just those).
 */
export interface CtrlHandlers {
  resetSmStateOnFailure(): number;
  resetSmStateForReprovision(): number;
}

/** The prov-ctrl handler (wifi_ctrl_handler). Unknown msg (incl. TypeCtrlReserved) fails. */
export function makeCtrlHandler(h: CtrlHandlers): Handler {
  return function (sessionId: number, data: Uint8Array, done: Done<Uint8Array>): void {
    const req = decodeWiFiCtrlPayload(data);
    if (!req) return done(Err.INVALID_ARG);
    if (req.msg === WiFiCtrlMsgType.TypeCmdCtrlReset) {
      const st = h.resetSmStateOnFailure() === Err.OK ? Status.Success : Status.InternalError;
      return done(
        Err.OK,
        encodeWiFiCtrlPayload({ msg: WiFiCtrlMsgType.TypeRespCtrlReset, status: st, respCtrlReset: {} }),
      );
    }
    if (req.msg === WiFiCtrlMsgType.TypeCmdCtrlReprov) {
      const st = h.resetSmStateForReprovision() === Err.OK ? Status.Success : Status.InternalError;
      return done(
        Err.OK,
        encodeWiFiCtrlPayload({ msg: WiFiCtrlMsgType.TypeRespCtrlReprov, status: st, respCtrlReprov: {} }),
      );
    }
    return done(Err.FAIL);
  };
}
