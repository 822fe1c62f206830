// The whole provisioning run as a library call: esp_prov.py's main() flow (docs/platform/clients.md §3.2):
// proto-ver → session → [reset/reprov] → [custom data] → [scan + choice] → set → apply → poll.
import type { CryptoPort } from "../../src/platform/crypto.ts";
import { clientCrypto } from "./crypto/select.ts";
import { ExitCode, failKind, statusText, type FailKind } from "./errors.ts";
import { applyConfig, getStatus, setConfig, type WifiStatus } from "./prov/config.ts";
import { ctrl } from "./prov/ctrl.ts";
import { customData } from "./prov/custom.ts";
import { scanNetworks, type ScanEntry } from "./prov/scan.ts";
import { chooseSecurity, readProtoVer, requireCap, type ProtoVer } from "./prov/version.ts";
import { createSecurity } from "./security/index.ts";
import { Session } from "./session.ts";
import { HttpTransport } from "./transport/http.ts";
import type { Transport } from "./transport/transport.ts";

/** What the user picked from a scan listing. */
export type NetworkChoice = { ssid: string; passphrase: string } | "rescan";

/** Progress reporting (the CLI draws a spinner on stderr); every member optional. */
export interface ProvisionHooks {
  /** A slow step starts (handshake, scan, waiting for the connection). */
  begin?(label: string): void;
  /** The current slow step ended. */
  end?(): void;
  /** An informational line. */
  info?(msg: string): void;
  /** A warning line. */
  warn?(msg: string): void;
  /** Each GetStatus answer while waiting. */
  status?(s: WifiStatus): void;
  /** Picks a network from a scan when no SSID was given; without it a missing SSID is a usage error. */
  chooseNetwork?(entries: ScanEntry[]): Promise<NetworkChoice>;
}

/** provision() options; the CLI flags map one to one. */
export interface ProvisionOptions {
  /** "HOST[:PORT]", default 192.168.4.1:80. Ignored when transport is given. */
  host?: string;
  /** A ready transport (tests, other transports). Closed by provision() only if it created it. */
  transport?: Transport;
  /** 0/1/2; undefined = from proto-ver (prov.sec_ver, else no_sec → 0, else 1). */
  sec?: number;
  pop?: string;
  sec2User?: string;
  sec2Password?: string;
  /** Network to join; undefined = scan and ask hooks.chooseNetwork. */
  ssid?: string;
  /** Passphrase; "" or undefined = open network. */
  passphrase?: string;
  /** Sent in order after the session is up (encrypted, like esp_prov --custom_data). */
  customData?: { endpoint: string; data: Uint8Array }[];
  /** prov-ctrl reset / reprov; without an SSID the run ends after it (as esp_prov). */
  reset?: boolean;
  reprov?: boolean;
  /** Wait between GetStatus polls, ms (default 2000; esp_prov uses 5000). */
  pollMs?: number;
  /** Response timeout per request, ms (default 120 000: a security 1 request can take 20-100 s on an ESP32). */
  timeoutMs?: number;
  /** TCP connect timeout, ms (default 5000: a device in reach accepts in milliseconds). */
  connectTimeoutMs?: number;
  /** When the device is still in the failed state from an earlier attempt: prov-ctrl reset, then send again. */
  retry?: boolean;
  /** Longest wait for a Connected/failed answer after apply, ms (default 120 000). */
  waitMs?: number;
  /** Scan results per request (default 4). */
  scanPageSize?: number;
  crypto?: CryptoPort;
  /** Tests only: fixed sec1 private key. */
  privateKey?: Uint8Array;
  hooks?: ProvisionHooks;
}

/** The outcome of provision(). */
export interface ProvisionResult {
  /** 0 provisioned (or reset/reprov done), 1 failed, 2 usage error, 3 no session. */
  exitCode: ExitCode;
  outcome: "provisioned" | "failed" | "usage" | "no-session" | "reset" | "reprov" | "interrupted";
  /** The final success/failure line. */
  message: string;
  /** Error kind behind a failure. */
  kind?: FailKind;
  /** Security scheme used, once known. */
  sec?: number;
  protoVer?: ProtoVer;
  /** The last Wi-Fi status seen. */
  status?: WifiStatus;
  /** Custom endpoint replies, in order. */
  customReplies: { endpoint: string; reply: Uint8Array }[];
  /** The SSID provisioned (given or chosen). */
  ssid?: string;
}

const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

/** Plain-words explanation of a handshake failure. */
function handshakeMessage(kind: FailKind | undefined, sec: number, e: Error): string {
  if (kind === "closed" && sec === 1) return "the device closed the connection during the handshake: wrong proof of possession (PoP)?";
  if (kind === "closed" && sec === 2) return "the device closed the connection during the handshake: wrong username or password?";
  if (kind === "closed") return "the device closed the connection during the handshake: wrong security scheme (--sec)?";
  return e.message;
}

/** Why a "failed" status failed, in words. */
function failText(st: WifiStatus, ssid: string | undefined): string {
  if (st.failReason === "auth-error") return "wrong passphrase (authentication error)";
  if (st.failReason === "network-not-found") return ssid === undefined ? "network not found" : `network "${ssid}" not found`;
  return "unknown reason";
}

/** Runs a full provisioning session. Never throws for device/network problems: see exitCode. */
export async function provision(o: ProvisionOptions): Promise<ProvisionResult> {
  const h = o.hooks ?? {};
  const res: ProvisionResult = { exitCode: ExitCode.NoSession, outcome: "no-session", message: "", customReplies: [] };
  const done = (code: ExitCode, outcome: ProvisionResult["outcome"], message: string, kind?: FailKind) => {
    Object.assign(res, { exitCode: code, outcome, message, kind });
    return res;
  };
  if (o.reset && o.reprov) return done(ExitCode.Usage, "usage", "use either --reset or --reprov, not both", "usage");
  if (o.sec !== undefined && ![0, 1, 2].includes(o.sec)) return done(ExitCode.Usage, "usage", "--sec must be 0, 1 or 2", "usage");
  let tr: Transport;
  try {
    tr = o.transport ?? new HttpTransport({ host: o.host ?? "192.168.4.1:80", timeoutMs: o.timeoutMs, connectTimeoutMs: o.connectTimeoutMs });
  } catch (e) {
    return done(ExitCode.Usage, "usage", (e as Error).message, "usage");
  }
  let stage: "connect" | "handshake" | "session" = "connect";
  let sec = -1;
  try {
    const crypto = o.crypto ?? clientCrypto();
    // proto-ver is plaintext in every mode; it gives the capabilities and sec_ver/sec_patch_ver.
    h.begin?.("Reading device capabilities");
    const pv = await readProtoVer(tr).finally(() => h.end?.());
    res.protoVer = pv;
    sec = o.sec ?? chooseSecurity(pv);
    res.sec = sec;
    if (!pv.json) h.warn?.("the device's proto-ver answer is not JSON; capabilities unknown");
    if (o.sec === undefined) h.info?.(`Security ${sec} (from the device's proto-ver)`);
    let pop = o.pop;
    if (sec === 1 && pop && pv.caps.includes("no_pop")) {
      h.warn?.("the device needs no proof of possession; --pop is ignored");
      pop = undefined;
    }
    if (sec === 1 && !pop && pv.json && !pv.caps.includes("no_pop")) {
      return done(ExitCode.Usage, "usage", "this device needs a proof of possession: pass --pop", "usage");
    }
    // The apps' QR payload carries the sec2 password as "pop": accept --pop for it too.
    const sec2Password = o.sec2Password ?? (sec === 2 ? o.pop : undefined);
    // The user ESP-IDF's examples and the virtual device use when none is configured.
    const sec2User = o.sec2User ?? "wifiprov";
    if (sec === 2 && !sec2Password) {
      return done(ExitCode.Usage, "usage", "security 2 needs --sec2-password (and --sec2-user unless it is wifiprov)", "usage");
    }
    const security = createSecurity(sec, {
      crypto,
      pop,
      username: sec2User,
      password: sec2Password,
      patchVer: pv.secPatchVer,
      privateKey: o.privateKey,
    });
    const s = new Session(tr, security);
    stage = "handshake";
    h.begin?.(`Establishing a security ${sec} session (the device may take a while)`);
    await s.establish().finally(() => h.end?.());
    stage = "session";
    h.info?.(`Session established (security ${sec})`);

    if (o.reset || o.reprov) {
      const what = o.reset ? "reset" : "reprov";
      const st = await ctrl(s, what);
      if (st !== 0) {
        const hint = what === "reset" ? "; a reset is only possible after a failed attempt" : "; reprovisioning needs auto-stop disabled on the device";
        return done(ExitCode.Failed, "failed", statusText(st, what === "reset" ? "reset" : "reprovision") + hint, "device");
      }
      h.info?.(what === "reset" ? "Device reset: it accepts new credentials" : "Device ready for reprovisioning");
      if (o.ssid === undefined) return done(ExitCode.Provisioned, what, what === "reset" ? "Reset done" : "Reprovisioning enabled");
    }

    for (const c of o.customData ?? []) {
      const reply = await customData(s, c.data, c.endpoint);
      res.customReplies.push({ endpoint: c.endpoint, reply });
    }

    let ssid = o.ssid;
    let passphrase = o.passphrase ?? "";
    while (ssid === undefined) {
      if (!h.chooseNetwork) return done(ExitCode.Usage, "usage", "no --ssid given (and no way to ask for one)", "usage");
      requireCap(pv, "wifi_scan", "Wi-Fi scanning");
      h.begin?.("Scanning for Wi-Fi networks");
      const list = await scanNetworks(s, { pageSize: o.scanPageSize }).finally(() => h.end?.());
      const pick = await h.chooseNetwork(list);
      if (pick === "rescan") continue;
      ssid = pick.ssid;
      passphrase = pick.passphrase;
    }
    res.ssid = ssid;
    const send = async () => {
      await setConfig(s, new Uint8Array(Buffer.from(ssid, "utf8")), new Uint8Array(Buffer.from(passphrase, "utf8")));
      await applyConfig(s);
    };
    try {
      await send();
    } catch (e) {
      // ESP-IDF takes no new credentials after a failed attempt until a prov-ctrl reset: find out
      // whether that is why, and say so (or reset and send again with --retry).
      if (failKind(e) !== "device") throw e;
      const st = await getStatus(s).catch(() => undefined);
      if (st?.state !== "failed") throw e;
      if (!o.retry) {
        return done(ExitCode.Failed, "failed",
          `the device is still in the failed state from an earlier attempt (${failText(st, undefined)}) and takes new credentials only after a reset. ` +
            "Run again with --reset, or add --retry to reset it automatically", "device");
      }
      h.info?.(`The device is still in the failed state from an earlier attempt (${failText(st, undefined)}); resetting it (--retry)`);
      const rs = await ctrl(s, "reset");
      if (rs !== 0) return done(ExitCode.Failed, "failed", statusText(rs, "reset"), "device");
      await send();
    }
    h.info?.(`Credentials for "${ssid}" sent; waiting for the device to connect`);
    return await waitConnected(s, o, res, done);
  } catch (e) {
    const kind = failKind(e);
    if (!kind) throw e;
    if (kind === "usage") return done(ExitCode.Usage, "usage", (e as Error).message, kind);
    if (kind === "interrupted") return done(ExitCode.Interrupted, "interrupted", (e as Error).message, kind);
    if (stage === "handshake") return done(ExitCode.NoSession, "no-session", handshakeMessage(kind, sec, e as Error), kind);
    if (kind === "device" && stage === "session") return done(ExitCode.Failed, "failed", (e as Error).message, kind);
    const pre = stage === "connect" ? "cannot reach the device: " : "lost the session with the device: ";
    return done(ExitCode.NoSession, "no-session", pre + (e as Error).message, kind);
  } finally {
    if (!o.transport) tr.close();
  }
}

async function waitConnected(
  s: Session,
  o: ProvisionOptions,
  res: ProvisionResult,
  done: (c: ExitCode, out: ProvisionResult["outcome"], m: string, k?: FailKind) => ProvisionResult
): Promise<ProvisionResult> {
  const h = o.hooks ?? {};
  const pollMs = o.pollMs ?? 2000;
  const deadline = Date.now() + (o.waitMs ?? 120_000);
  let misses = 0;
  h.begin?.("Waiting for the device to join the network");
  try {
    for (;;) {
      await sleep(pollMs);
      let st: WifiStatus;
      try {
        st = await getStatus(s);
      } catch (e) {
        // esp_prov: transport errors and non-connecting answers get 3 more polls, then failure.
        if (failKind(e) === undefined || ++misses > 3) throw e;
        continue;
      }
      res.status = st;
      h.status?.(st);
      if (st.state === "connected") {
        const c = st.connected;
        const where = c ? ` (IP ${c.ip4 || "?"}, channel ${c.channel})` : "";
        return done(ExitCode.Provisioned, "provisioned", `Provisioned: the device is connected to "${c?.ssid || res.ssid}"${where}`);
      }
      if (st.state === "failed") {
        return done(ExitCode.Failed, "failed", `Provisioning failed: ${failText(st, res.ssid)}. The device now needs a reset before new credentials: run again with --retry (or --reset)`, "device");
      }
      if (st.state === "disconnected" && ++misses > 3) return done(ExitCode.Failed, "failed", "Provisioning failed: the device stays disconnected", "device");
      if (Date.now() > deadline) return done(ExitCode.Failed, "failed", `Provisioning failed: still connecting after ${Math.round((o.waitMs ?? 120_000) / 1000)} s`, "timeout");
    }
  } finally {
    h.end?.();
  }
}
