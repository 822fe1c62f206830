// The page's provisioning steps, without the DOM (tested under Node against the virtual device):
// proto-ver → security 0/1 session → scan → set + apply → get_status polls; prov-ctrl reset for a
// retry. The same client modules as wifi-prov (security, session, codecs), one implementation.
import type { CryptoPort } from "../../src/platform/crypto.ts";
import { failKind } from "../prov-client/errors.ts";
import { applyConfig, getStatus, setConfig, type WifiStatus } from "../prov-client/prov/config.ts";
import { ctrl } from "../prov-client/prov/ctrl.ts";
import { scanNetworks, uniqueNetworks, type ScanEntry } from "../prov-client/prov/scan.ts";
import { chooseSecurity, readProtoVer, type ProtoVer } from "../prov-client/prov/version.ts";
import { Sec0Client } from "../prov-client/security/sec0.ts";
import { Sec1Client } from "../prov-client/security/sec1.ts";
import type { ClientSecurity } from "../prov-client/security/security.ts";
import { Session } from "../prov-client/session.ts";
import type { Transport } from "../prov-client/transport/transport.ts";

/** What proto-ver says the page must do. */
export interface DeviceInfo {
  sec: number;
  /** Security 1 with a PoP: the user must give it. */
  needsPop: boolean;
  /** False for security 2 (this page has no SRP6a: the wifi-prov CLI or the app do). */
  supported: boolean;
  scan: boolean;
  pv: ProtoVer;
}

/** A failure to show the user, in words. */
export class FlowError extends Error {
  constructor(message: string, readonly code: "pop" | "unreachable" | "failed-state" | "device" | "unsupported") {
    super(message);
  }
}

/** Progress callback: a step's text; the page adds the elapsed seconds. */
export type Progress = (text: string) => void;

export const STEP_TEXT = {
  pv: "Asking the device what it supports…",
  key1: "Exchanging keys (step 1 of 2). The device is computing its key: on an ESP32 this takes up to a minute",
  key2: "Checking the proof of possession (step 2 of 2). The device is working: this can take a minute",
  sec0: "Opening a session (no encryption: security 0)…",
  scan: "The device is scanning for Wi-Fi networks…",
  send: "Sending the network name and passphrase (encrypted)…",
  reset: "Resetting the device's failed attempt…",
};

/** Reason words for a failed get_status. */
export function failWords(st: WifiStatus): string {
  if (st.failReason === "auth-error") return "the passphrase is wrong (authentication failed)";
  if (st.failReason === "network-not-found") return "the network was not found (out of range, or the name is misspelt)";
  return "the connection failed (unknown reason)";
}

/** One page session with one device. */
export class Flow {
  info: DeviceInfo | undefined;
  private session: Session | undefined;

  constructor(private readonly tr: Transport, private readonly crypto: CryptoPort, private readonly progress: Progress) {}

  /** Reads proto-ver. */
  async probe(): Promise<DeviceInfo> {
    this.progress(STEP_TEXT.pv);
    let pv: ProtoVer;
    try {
      pv = await readProtoVer(this.tr);
    } catch (e) {
      throw new FlowError("The device does not answer. Are you still on its Wi-Fi network?", "unreachable");
    }
    const sec = chooseSecurity(pv);
    this.info = { sec, needsPop: sec === 1 && !pv.caps.includes("no_pop"), supported: sec === 0 || sec === 1, scan: pv.caps.includes("wifi_scan"), pv };
    return this.info;
  }

  /** Establishes the session (pop ignored unless needed). */
  async connect(pop: string): Promise<void> {
    const info = this.info || (await this.probe());
    if (!info.supported) throw new FlowError(`This device uses security ${info.sec}, which this page does not speak. Use the ESP SoftAP Provisioning app or wifi-prov.`, "unsupported");
    let sec: ClientSecurity;
    if (info.sec === 0) sec = new Sec0Client();
    else sec = new Sec1Client({ crypto: this.crypto, pop: info.needsPop ? pop : undefined });
    let step = 0;
    const progress = this.progress;
    const tr: Transport = {
      send: (ep, body) => {
        if (ep === "prov-session") progress(info.sec === 0 ? STEP_TEXT.sec0 : step++ === 0 ? STEP_TEXT.key1 : STEP_TEXT.key2);
        return this.tr.send(ep, body);
      },
      close: () => undefined,
    };
    const s = new Session(tr, sec);
    this.session = undefined;
    try {
      await s.establish();
    } catch (e) {
      const k = failKind(e);
      // ESP-IDF closes the connection on a wrong PoP; a verify mismatch says so for certain.
      if (info.sec === 1 && k === "session") {
        throw new FlowError("The device refused the proof of possession (PoP). Check it (it is on the sticker or in the QR code) and try again.", "pop");
      }
      if (info.sec === 1 && k === "closed") {
        throw new FlowError("The device closed the connection during the key exchange: most likely the proof of possession (PoP) is wrong. Check it (it is on the sticker or in the QR code) and try again.", "pop");
      }
      throw new FlowError(`No session with the device: ${(e as Error).message}`, "unreachable");
    }
    this.session = s;
  }

  private s(): Session {
    if (!this.session) throw new FlowError("No session with the device yet", "device");
    return this.session;
  }

  /** Scans; one row per SSID, strongest first (hidden networks have no row). */
  async scan(): Promise<ScanEntry[]> {
    this.progress(STEP_TEXT.scan);
    return uniqueNetworks(await this.wrap(scanNetworks(this.s())));
  }

  /** set_config + apply_config. A device still in the failed state gives a "failed-state" FlowError. */
  async send(ssid: Uint8Array, passphrase: Uint8Array): Promise<void> {
    this.progress(STEP_TEXT.send);
    const s = this.s();
    try {
      await setConfig(s, ssid, passphrase);
      await applyConfig(s);
    } catch (e) {
      if (failKind(e) !== "device") throw this.words(e);
      const st = await getStatus(s).catch(() => undefined);
      if (st && st.state === "failed") {
        throw new FlowError(`The device is still in the failed state from an earlier attempt (${failWords(st)}). Press "Try again" to reset it.`, "failed-state");
      }
      throw this.words(e);
    }
  }

  /** One get_status. */
  status(): Promise<WifiStatus> {
    return this.wrap(getStatus(this.s()));
  }

  /** prov-ctrl reset: the device accepts new credentials after a failed attempt. */
  async reset(): Promise<void> {
    this.progress(STEP_TEXT.reset);
    const st = await this.wrap(ctrl(this.s(), "reset"));
    if (st !== 0) throw new FlowError(`The device refused the reset (status ${st}). Reload the page to start again.`, "device");
  }

  private async wrap<T>(p: Promise<T>): Promise<T> {
    try {
      return await p;
    } catch (e) {
      throw this.words(e);
    }
  }

  private words(e: unknown): FlowError {
    if (e instanceof FlowError) return e;
    const k = failKind(e);
    if (k === "closed" || k === "http-status" || k === "unreachable" || k === "timeout") {
      return new FlowError("Lost the connection to the device. Reload the page to start a new session.", "unreachable");
    }
    return new FlowError((e as Error).message, "device");
  }
}
