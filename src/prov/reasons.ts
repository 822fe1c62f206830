// Station disconnect reason (wifi_err_reason_t) → provisioning fail reason. Mirrors the
// WIFI_EVENT_STA_DISCONNECTED switch of ESP-IDF manager.c (docs/spec/protocol.md §5.4 table).

/** wifi_prov_sta_fail_reason_t. */
export const enum FailReason {
  AUTH_ERROR = 0,
  AP_NOT_FOUND = 1,
}

/** Which column of the docs/spec/protocol.md §5.4 table to use. */
export const enum ReasonTable {
  /** v5.1+ / newest (default): 14, 15, 202, 204 auth; 201 not found. */
  V5 = 0,
  /** v4.4: 2, 4, 15, 202, 204 auth; 201 not found. */
  V4 = 1,
}

/** The fail reason for an ESP-IDF disconnect reason, or -1 when the attempt just retries. */
export function failReasonOf(reason: number, table?: number): number {
  if (reason === 201) return FailReason.AP_NOT_FOUND; // WIFI_REASON_NO_AP_FOUND
  if (reason === 15 || reason === 202 || reason === 204) return FailReason.AUTH_ERROR;
  if (table === ReasonTable.V4) return reason === 2 || reason === 4 ? FailReason.AUTH_ERROR : -1;
  return reason === 14 ? FailReason.AUTH_ERROR : -1; // WIFI_REASON_MIC_FAILURE
}
