// require("Wifi") as the ESP32 build behaves (docs/platform/espruino.md §7): scan(cb) with one argument and
// string channels, connect() that retries 3 times before one `disconnected` {reason:"202"…},
// `associated` then `connected` {ip}, startAP/stopAP, getStatus, getIP().mac.
import { EventEmitter } from "node:events";

/** One scripted access point. */
export interface HarnessAp {
  ssid: string;
  mac: string;
  rssi: number;
  channel: number;
  authMode: "open" | "wep" | "wpa" | "wpa2" | "wpa_wpa2" | "unknown";
  password?: string;
}

export class EspWifi extends EventEmitter {
  scans = 0;
  connects: { ssid: string; password: string }[] = [];
  ap: { ssid: string; opts: { password?: string; authMode?: string } } | undefined;
  apStops = 0;
  private status: Record<string, unknown> = { station: "Unknown reason", mode: "NULL" };
  private scanning = false;
  private pending = new Set<NodeJS.Timeout>();

  constructor(public aps: { ssid: string; mac: string; rssi: number; channel: number; authMode: string; password?: string }[], private mac: string) {
    super();
  }

  private later(ms: number, fn: () => void): void {
    const t = setTimeout(() => (this.pending.delete(t), fn()), ms);
    this.pending.add(t);
  }

  scan(cb: (list: unknown[]) => void): void {
    if (this.scanning) throw new Error("A scan is already in progress");
    this.scanning = true;
    this.scans++;
    this.later(50, () => {
      this.scanning = false;
      cb(this.aps.map((a) => ({ rssi: a.rssi, authMode: a.authMode, ssid: a.ssid, mac: a.mac, channel: String(a.channel) })));
    });
  }

  connect(ssid: string, opts: { password?: string }, cb?: (err: string | null) => void): void {
    // jsvGetString(…, 32) keeps 31 characters (§7).
    const s = ssid.substring(0, 31);
    const pw = ((opts && opts.password) || "").substring(0, 63);
    this.connects.push({ ssid: s, password: pw });
    const ap = this.aps.find((a) => a.ssid === s);
    this.later(60, () => {
      if (!ap || (ap.password ?? "") !== pw) {
        const reason = ap ? "202" : "201";
        const msg = ap ? "AUTH_FAIL" : "NO_AP_FOUND";
        this.status = { station: msg, mode: this.ap ? "APSTA" : "STA" };
        this.emit("disconnected", { ssid: s, mac: ap ? ap.mac : "00:00:00:00:00:00", reason, msg });
        if (cb) cb(msg);
        return;
      }
      this.emit("associated", { ssid: s, mac: ap.mac, channel: String(ap.channel) });
      this.status = { station: "connected", mode: this.ap ? "APSTA" : "STA", ssid: s, bssid: ap.mac, channel: ap.channel, rssi: ap.rssi, authMode: ap.authMode };
      this.later(20, () => {
        this.emit("connected", { ip: "192.168.1.42", netmask: "255.255.255.0", gw: "192.168.1.1" });
        if (cb) cb(null);
      });
    });
  }

  disconnect(cb?: () => void): void {
    if (cb) this.later(0, cb);
  }

  startAP(ssid: string, opts: { password?: string; authMode?: string }, cb?: (err: string | null) => void): void {
    if (opts && opts.password !== undefined && opts.password.length < 8) throw new Error("Password must be at least 8 characters");
    this.ap = { ssid, opts: { ...opts } };
    if (cb) this.later(5, () => cb(null));
  }

  stopAP(cb?: () => void): void {
    this.ap = undefined;
    this.apStops++;
    if (cb) this.later(0, cb);
  }

  getStatus(): Record<string, unknown> {
    return this.status;
  }

  getIP(): { ip: string; netmask: string; gw: string; mac: string } {
    return { ip: "0.0.0.0", netmask: "0.0.0.0", gw: "0.0.0.0", mac: this.mac };
  }

  /** The SoftAP's address: loopback here (the harness's HTTP server listens on 127.0.0.1), so the page's URL is the one clients use. */
  getAPIP(): { ip: string; netmask: string; gw: string; mac: string } {
    return { ip: "127.0.0.1", netmask: "255.0.0.0", gw: "127.0.0.1", mac: this.mac };
  }

  powerOff(): void {
    for (const t of this.pending) clearTimeout(t);
    this.pending.clear();
    this.removeAllListeners();
  }
}
