// WifiPort on require("Wifi") with the ESP32 semantics of docs/platform/espruino.md §7: scan(cb) gets only the
// list (channel a decimal string, authMode a name, mac "aa:bb:…"), no scan options; connect()
// retries 3 times itself and then emits `disconnected` with the wifi_err_reason_t as a string.
import type { Done } from "../../src/platform/done";
import type { ApConfig, ApRecord, ScanOpts, StaConfig, WifiCaps, WifiEvent, WifiMode, WifiPort } from "../../src/platform/wifi";
import { Err } from "../../src/core/err";
import { bytesStr, strBytes } from "../../src/core/bytes";
import { espRequire } from "./modules";

/** "aa:bb:cc:dd:ee:ff" → 6 bytes (zeros where unparsable). */
export function macBytes(mac: string | undefined): Uint8Array {
  const out = new Uint8Array(6);
  const p = (mac || "").split(":");
  for (let i = 0; i < 6 && i < p.length; i++) out[i] = parseInt(p[i] as string, 16) & 255;
  return out;
}

/** One ApRecord; Espruino's authMode name → wifi_auth_mode_t ("unknown" covers WPA2-Enterprise/WPA3: WPA2_PSK). */
function record(ssid: string, mac: string | undefined, channel: string | number | undefined, rssi: number | undefined, auth: string | undefined): ApRecord {
  const s = strBytes(ssid);
  const modes = ["open", "wep", "wpa", "", "wpa_wpa2"];
  const m = auth ? modes.indexOf(auth) : -1;
  return {
    ssid: s.length > 32 ? s.subarray(0, 32) : s,
    bssid: macBytes(mac),
    channel: parseInt(String(channel), 10) || 0,
    rssi: rssi || 0,
    auth: m < 0 ? 3 : m,
  };
}

type WifiHandler = (d: { [k: string]: string | undefined }) => void;

function later(fn: () => void): void {
  setTimeout(fn, 0);
}

/** The ESP32 Wi-Fi binding. onData (optional) is fed scan results and events (entropy). */
export class EspruinoWifi implements WifiPort {
  readonly caps: WifiCaps = { channelScan: false, passiveScan: false, dwellTime: false };
  private w_: WifiModule;
  private listener_: ((ev: WifiEvent) => void) | undefined;
  private apOn_: boolean;
  private onData_: ((s: string) => void) | undefined;
  private on_: { [ev: string]: WifiHandler };

  constructor(onData?: (s: string) => void) {
    this.w_ = espRequire("Wifi");
    this.listener_ = undefined;
    this.apOn_ = false;
    this.onData_ = onData;
    const w = this.w_;
    this.on_ = {
      associated: (d) => this.emit_(d, { kind: "connected" }),
      connected: (d) => {
        const st = w.getStatus();
        this.emit_(d, { kind: "gotIp", ip: d.ip, ap: record(st.ssid || "", st.bssid, st.channel, st.rssi, st.authMode) });
      },
      disconnected: (d) => this.emit_(d, { kind: "disconnected", reason: parseInt(d.reason || "", 10) || 0 }),
    };
    for (const ev in this.on_) w.on(ev, this.on_[ev] as WifiHandler);
  }

  /** Takes our listeners off the Wifi module (the maker's stay), so nothing of ours is kept. */
  release(): void {
    for (const ev in this.on_) this.w_.removeListener(ev, this.on_[ev] as WifiHandler);
    this.on_ = {};
    this.listener_ = undefined;
    this.onData_ = undefined;
  }

  private emit_(d: { [k: string]: string | undefined }, ev: WifiEvent): void {
    if (this.onData_) this.onData_(JSON.stringify(d));
    if (this.listener_) this.listener_(ev);
  }

  /** Espruino has no setMode: "sta" stops a running AP; startAP() makes AP/APSTA itself. */
  setMode(mode: WifiMode, done: Done): void {
    if (mode === "sta" && this.apOn_) return this.stopAp(done);
    later(() => done(Err.OK));
  }

  /** One all-channel active scan; opts are never set beyond caps (the Scanner emulates them). */
  scan(opts: ScanOpts, done: Done<ApRecord[]>): void {
    try {
      this.w_.scan((list) => {
        if (this.onData_) this.onData_(JSON.stringify(list));
        const out: ApRecord[] = [];
        for (const ap of list || []) out.push(record(ap.ssid, ap.mac, ap.channel, ap.rssi, ap.authMode));
        later(() => done(Err.OK, out));
      });
    } catch (e) {
      // "A scan is already in progress"
      later(() => done(Err.INVALID_STATE));
    }
  }

  /** The outcome arrives as events; cb(null)/cb(reason) duplicates them and is ignored. */
  connect(cfg: StaConfig, done: Done): void {
    // Espruino's Wifi.connect keeps 31 SSID / 63 passphrase bytes (docs/platform/espruino.md §7): a longer one
    // could never join, so refuse it (the manager reports CRED_FAIL) instead of failing later.
    if (cfg.ssid.length > 31 || cfg.password.length > 63) return later(() => done(Err.INVALID_ARG));
    try {
      this.w_.connect(bytesStr(cfg.ssid), { password: bytesStr(cfg.password) }, () => undefined);
    } catch (e) {
      return later(() => done(Err.FAIL));
    }
    later(() => done(Err.OK));
  }

  disconnect(done: Done): void {
    try {
      this.w_.disconnect();
    } catch (e) {
      // not connected
    }
    later(() => done(Err.OK));
  }

  /** WPA2-PSK when a key is set (startAP's own default with a password), else open. */
  startAp(cfg: ApConfig, done: Done): void {
    const key = bytesStr(cfg.password);
    const opts = key.length ? { password: key, authMode: "wpa2" } : { authMode: "open" };
    try {
      this.w_.startAP(bytesStr(cfg.ssid), opts, (err) => {
        if (!err) this.apOn_ = true;
        later(() => done(err ? Err.FAIL : Err.OK));
      });
    } catch (e) {
      later(() => done(Err.INVALID_ARG));
    }
  }

  stopAp(done: Done): void {
    this.apOn_ = false;
    try {
      this.w_.stopAP();
    } catch (e) {
      // not running
    }
    later(() => done(Err.OK));
  }

  listen(onEvent: ((ev: WifiEvent) => void) | undefined): void {
    this.listener_ = onEvent;
  }
}
