// Protocol strings and ids of the provisioning service: endpoint names, BLE 16-bit ids,
// proto-ver capabilities. Values from ESP-IDF wifi_provisioning manager.c (docs/spec/protocol.md §2.1, §2.5, §10).

/** prov-ctrl endpoint (v5.1+, wifi_ctrl.c). */
export const EP_CTRL = "prov-ctrl";
/** prov-scan endpoint (v4.1+, wifi_scan.c). */
export const EP_SCAN = "prov-scan";
/** prov-session endpoint: the security handshake (protocomm_set_security). */
export const EP_SESSION = "prov-session";
/** prov-config endpoint (wifi_config.c). */
export const EP_CONFIG = "prov-config";
/** proto-ver endpoint (protocomm_set_version). */
export const EP_VER = "proto-ver";

/** BLE 16-bit characteristic ids, manager.c wifi_prov_mgr_init(). */
export const UUID_CTRL = 0xff4f;
export const UUID_SCAN = 0xff50;
export const UUID_SESSION = 0xff51;
export const UUID_CONFIG = 0xff52;
export const UUID_VER = 0xff53;
/** Last built-in id: endpoint_create() assigns ++used, i.e. 0xFF54 upward. */
export const UUID_LAST_BUILTIN = 0xff53;

/** Manager version in proto-ver "prov.ver" (manager.c WIFI_PROV_MGR_VERSION). */
export const PROV_VERSION = "v1.1";

/** proto-ver capabilities (manager.c wifi_prov_get_info_json). */
export const CAP_NO_SEC = "no_sec";
export const CAP_NO_POP = "no_pop";
export const CAP_WIFI_SCAN = "wifi_scan";
