// Typings of the Storage module "wifi-prov" (firmware/storage/module.ts) for makers who write
// TypeScript: `var prov = require("wifi-prov")`. The API, the start options (the wifiprov.json
// fields, firmware/README.md §3; parsed by src/prov/device-config.ts), the events and their
// payloads, the return codes. Checked against firmware/examples/ by
// test/unit/examples/typings.test.ts.

declare module "wifi-prov" {
  /**
   * Return codes (ESP-IDF esp_err_t values). Every call returns one; a maker's mistake returns
   * `INVALID_ARG` (or the manager's code), prints one `[wifiprov] …` line and never throws.
   * Values (ESP-IDF esp_err.h): 0 ESP_OK, -1 ESP_FAIL, 0x101 NO_MEM, 0x102 INVALID_ARG,
   * 0x103 INVALID_STATE, 0x104 INVALID_SIZE, 0x105 NOT_FOUND, 0x106 NOT_SUPPORTED, 0x107 TIMEOUT,
   * 0x108 INVALID_RESPONSE, 0x10a INVALID_VERSION, 0x10c NOT_FINISHED, 0x10d NOT_ALLOWED.
   */
  export type ReturnCode = number;

  /** `start()`'s callback: called once, `null` when the service runs, else an Error with the console line's words. */
  export type StartCallback = (err: Error | null) => void;

  /** One `wifi_prov_mgr_set_app_info()` entry. */
  export interface AppInfo {
    label: string;
    version: string;
    capabilities?: string[];
  }

  /** Security 2 credentials, hex strings as `wifi-prov sec2-credentials` prints them. */
  export interface Sec2Options {
    username: string;
    salt: string;
    verifier: string;
    /** 0 or 1. Default 1. */
    patch?: 0 | 1;
  }

  /**
   * `start()` options: the `wifiprov.json` fields, given over the file's own (every field is
   * optional; an unknown field or a wrong type is refused). Defaults are those of the file.
   */
  export interface StartOptions {
    /** `"softap"` (default), `"ble"` (only in `--ble` builds) or `"console"` (docs/console.md). */
    transport?: "softap" | "ble" | "console";
    /** SoftAP SSID / BLE name, 1–31 printable ASCII. Default `PROV_` + the last 3 MAC bytes in hex. */
    serviceName?: string;
    /** SoftAP WPA2 passphrase, 8–63 printable ASCII. Default `""`: an open AP (with a warning). */
    serviceKey?: string;
    /** 0 none, 1 X25519 + AES-CTR + PoP (default), 2 SRP6a + AES-GCM (only in `--sec2` builds). */
    security?: 0 | 1 | 2;
    /** Security 1 proof of possession. Default: generated once on the device (8 hex digits, kept in Storage). */
    pop?: string;
    /** Security 1 without a PoP (`no_pop` capability). Default false. */
    noPop?: boolean;
    /** Security 2 parameters. Default none. */
    sec2?: Sec2Options;
    /** HTTP port of the SoftAP transport, 1–65535. Default 80. */
    httpPort?: number;
    /** false = `disableAutoStop(cleanupDelayMs)`: provisioning keeps running after success. Default true. */
    autoStop?: boolean;
    /** With `autoStop: false`: delay before teardown after `stop()`, 100–600000 ms. Default 1000. */
    cleanupDelayMs?: number;
    /** `wifi_prov_mgr_set_app_info`: one entry or several. Default none. */
    appInfo?: AppInfo | AppInfo[];
    /** Failed connection attempts in a row to the saved network before the boot file provisions again; 0 = never. Default 5. */
    reprovisionAfter?: number;
    /** false: the boot file does nothing and your code calls `require("wifi-prov")`. Default true. */
    autoStart?: boolean;
    /** true: Espruino's Telnet console stays on while provisioning (normally off). Default false. */
    telnet?: boolean;
    /** SoftAP: DNS responder and redirects so a phone opens the page by itself. Default true. */
    captivePortal?: boolean;
    /** UDP port of the captive portal's DNS responder, 1–65535. Default 53. */
    dnsPort?: number;
    /** Start even with a network saved (it is kept until a new one is applied). Not a wifiprov.json field. */
    force?: boolean;
  }

  /** The `credRecv` payload: the network the phone sent. */
  export interface CredRecv {
    ssid: string;
  }

  /** The `credFail` payload: why joining the sent network failed. */
  export interface CredFail {
    reason: "auth" | "notFound";
  }

  /** A custom endpoint's handler: the decrypted request as an 8-bit string in, the answer out. */
  export type EndpointHandler = (data: string) => string;

  /** `wifi_prov_mgr_init` + `_start_provisioning`. `undefined` or `{}`: wifiprov.json as it is. */
  export function start(options?: StartOptions, cb?: StartCallback): ReturnCode;

  /** Provisioning runs (the QR payload is on the console). */
  export function on(event: "start", fn: () => void): ReturnCode;
  /** Credentials received from the phone. */
  export function on(event: "credRecv", fn: (arg: CredRecv) => void): ReturnCode;
  /** Joining the received network failed. */
  export function on(event: "credFail", fn: (arg: CredFail) => void): ReturnCode;
  /** Joined the received network; it is saved. */
  export function on(event: "credSuccess", fn: () => void): ReturnCode;
  /** Provisioning ended (success or `stop()`): the SoftAP/BLE service is down. */
  export function on(event: "end", fn: () => void): ReturnCode;
  /** The manager is gone; the module releases itself right after (its exports are then empty). */
  export function on(event: "deinit", fn: () => void): ReturnCode;

  /** A custom endpoint (`wifi_prov_mgr_endpoint_create` + `_register`), before `start()`: `esp_prov --custom_data`, `wifi-prov --custom-data`. */
  export function endpoint(name: string, fn: EndpointHandler): ReturnCode;

  /** `wifi_prov_mgr_is_provisioned`: a network is saved. */
  export function isProvisioned(): boolean;

  /** `wifi_prov_mgr_reset_provisioning`: forgets the saved network. */
  export function reset(): ReturnCode;

  /** While running: `_reset_sm_state_on_failure`, or `_for_reprovision` with `again` true. */
  export function resetSmStates(again?: boolean): ReturnCode;

  /** `wifi_prov_mgr_stop_provisioning`: `"end"` follows. */
  export function stop(): ReturnCode;

  /** Forgets the saved network and starts with wifiprov.json (the console's way back). */
  export function reprovision(cb?: StartCallback): ReturnCode;

  /** Joins the saved network once (Espruino's own retries): `cb(null)` when connected, `cb(err)` when not or when none is saved. For "if provisioned, connect, else provision". */
  export function connect(cb?: StartCallback): ReturnCode;

  /** `wifi_prov_mgr_deinit`: drops everything (done by itself after `"deinit"`). */
  export function release(): void;
}
