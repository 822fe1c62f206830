// prov-ctrl client: reset and reprov. Mirrors esp_prov prov/wifi_ctrl.py (docs/spec/protocol.md §8, docs/platform/clients.md §2).
import { Status } from "../../../src/pb/constants_pb.ts";
import { decodeWiFiCtrlPayload, encodeWiFiCtrlPayload, WiFiCtrlMsgType } from "../../../src/pb/wifi_ctrl_pb.ts";
import { provError } from "../errors.ts";
import { EP, type Session } from "../session.ts";
import type { MsgStyle } from "./config.ts";

/** CtrlReset (`08 01` esp_prov, `08 01 5a 00` app) or CtrlReprov (`08 03` / `08 03 6a 00`). */
export function ctrlRequest(what: "reset" | "reprov", style: MsgStyle = "esp_prov"): Uint8Array {
  const app = style === "app";
  return what === "reset"
    ? encodeWiFiCtrlPayload({ msg: WiFiCtrlMsgType.TypeCmdCtrlReset, status: Status.Success, cmdCtrlReset: app ? {} : undefined })
    : encodeWiFiCtrlPayload({ msg: WiFiCtrlMsgType.TypeCmdCtrlReprov, status: Status.Success, cmdCtrlReprov: app ? {} : undefined });
}

/** The outer status of a ctrl reply (docs/spec/protocol.md §8: status lives in WiFiCtrlPayload.status). */
export function parseCtrlResponse(what: "reset" | "reprov", resp: Uint8Array): Status {
  const p = decodeWiFiCtrlPayload(resp);
  const want = what === "reset" ? WiFiCtrlMsgType.TypeRespCtrlReset : WiFiCtrlMsgType.TypeRespCtrlReprov;
  if (!p || p.msg !== want) throw provError("protocol", `the device's ${what} reply does not decode (session out of step?)`);
  return p.status;
}

/** Sends reset / reprov; resolves with the device's Status (0 = done). */
export async function ctrl(s: Session, what: "reset" | "reprov", style: MsgStyle = "esp_prov"): Promise<Status> {
  return parseCtrlResponse(what, await s.request(EP.ctrl, ctrlRequest(what, style)));
}
