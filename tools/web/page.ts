/// <reference lib="dom" />
// The provisioning page's DOM: PoP (typed or from #pop=), session progress, scan list, passphrase,
// live status, retry. Bundled by tools/web/build.ts into one self-contained HTML file. SSIDs come
// from any neighbour's access point: they are only ever set as textContent, never as HTML.
import type { ScanEntry } from "../prov-client/prov/scan.ts";
import { createPureCrypto } from "../prov-client/crypto/pure.ts";
import { FetchTransport } from "./fetch-transport.ts";
import { failWords, Flow, FlowError } from "./flow.ts";

const POLL_MS = 1000;
const POLL_LIMIT_MS = 180_000;

const $ = <T extends HTMLElement>(id: string) => document.getElementById(id) as T;
const show = (id: string, on: boolean) => ($(id).hidden = !on);

let statusTimer: number | undefined;

/** Status line; a busy step shows its elapsed seconds (the device's key step is slow). */
function status(text: string, kind: "busy" | "ok" | "err" | "" = ""): void {
  const el = $("status");
  if (statusTimer !== undefined) clearInterval(statusTimer);
  statusTimer = undefined;
  el.className = kind === "busy" ? "" : kind;
  el.textContent = text;
  if (kind === "busy") {
    const t0 = Date.now();
    statusTimer = window.setInterval(() => (el.textContent = `${text} (${Math.round((Date.now() - t0) / 1000)} s)`), 1000);
  }
}

function popFromFragment(): string {
  const m = /(?:^#|&)pop=([^&]*)/.exec(location.hash);
  if (!m) return "";
  // The PoP leaves the address bar (screenshots, shared links); the field keeps it.
  history.replaceState(null, "", location.pathname + location.search);
  try {
    return decodeURIComponent(m[1]!);
  } catch {
    return m[1]!;
  }
}

const flow = new Flow(new FetchTransport(), createPureCrypto(), (t) => status(t, "busy"));
let nets: ScanEntry[] = [];
let chosen: ScanEntry | "hidden" | undefined;
let retryAction: (() => void) | undefined;

function fail(e: unknown, retry?: () => void): void {
  status(e instanceof FlowError ? e.message : `Unexpected error: ${(e as Error).message}`, "err");
  retryAction = retry;
  show("retry", !!retry);
}

function bars(rssi: number): string {
  const n = rssi >= -55 ? 4 : rssi >= -67 ? 3 : rssi >= -78 ? 2 : 1;
  return "▂▄▆█".slice(0, n) + "·".repeat(4 - n);
}

function renderNetworks(): void {
  const ul = $("networks");
  ul.textContent = "";
  const rows: (ScanEntry | "hidden")[] = [...nets, "hidden"];
  rows.forEach((n, i) => {
    const b = document.createElement("button");
    b.type = "button";
    b.className = "net";
    b.id = `net-${i}`;
    b.setAttribute("aria-pressed", String(n === chosen));
    const name = document.createElement("span");
    name.className = "ssid";
    const sig = document.createElement("span");
    sig.className = "sig";
    if (n === "hidden") {
      name.textContent = "Other network (hidden)…";
    } else {
      name.textContent = n.ssid;
      if (n.auth) {
        // A CSS-drawn lock: an emoji needs a font a device may lack.
        const lock = document.createElement("i");
        lock.className = "lock";
        lock.setAttribute("aria-label", "secured");
        sig.append(lock);
      }
      sig.append(bars(n.rssi));
      sig.title = `${n.rssi} dBm, channel ${n.channel}${n.auth ? ", secured" : ", open"}`;
      b.dataset.ssid = n.ssid;
    }
    b.append(name, sig);
    b.onclick = () => pick(n);
    const li = document.createElement("li");
    li.append(b);
    ul.append(li);
  });
}

function pick(n: ScanEntry | "hidden"): void {
  chosen = n;
  renderNetworks();
  show("f-cred", true);
  show("ssid-box", n === "hidden");
  show("pass-box", n === "hidden" || n.auth !== 0);
  $("chosen").textContent = n === "hidden" ? "" : `Network: ${n.ssid}${n.auth ? " (secured)" : " (open, no passphrase)"}`;
  ($(n === "hidden" ? "ssid" : "pass") as HTMLInputElement).focus();
}

/** Scans and shows the list; false when the scan failed (the error is shown). */
async function scan(): Promise<boolean> {
  show("s-net", false);
  try {
    nets = flow.info && flow.info.scan ? await flow.scan() : [];
  } catch (e) {
    fail(e, () => void scan());
    return false;
  }
  chosen = undefined;
  renderNetworks();
  show("f-cred", false);
  show("s-net", true);
  status(nets.length ? `${nets.length} networks found, strongest first.` : "No networks found: type a hidden network's name, or scan again.");
  return true;
}

async function connect(pop: string): Promise<void> {
  show("f-pop", false);
  show("retry", false);
  try {
    await flow.connect(pop);
  } catch (e) {
    if (e instanceof FlowError && e.code === "pop") {
      show("f-pop", true);
      ($("pop") as HTMLInputElement).select();
      return fail(e);
    }
    return fail(e, () => void start());
  }
  // A reload after an attempt picks up where the device is. ("connecting" is also what a device
  // answers before any credentials, docs/spec/protocol.md §6.1: that one means "scan".)
  const st = await flow.status().catch(() => undefined);
  if (st && st.state === "connected") return showConnected(st.connected ? st.connected.ssid : "", st.connected ? st.connected.ip4 : "");
  if (st && st.state === "failed") return showFailed("", failWords(st));
  await scan();
}

/** " to “name”", or nothing when the name is not known (a reloaded page). */
const to = (label: string) => (label ? ` to “${label}”` : "");

function showConnected(label: string, ip: string): void {
  show("s-net", false);
  status(`Connected${to(label)}. The device's IP address: ${ip || "unknown"}.\nSetup is done: the device closes its setup network now. Reconnect this phone to your usual Wi-Fi.`, "ok");
}

function showFailed(label: string, why: string): void {
  status(`The device could not connect${to(label)}: ${why}.`, "err");
  retryAction = () => void reset();
  show("retry", true);
}

async function apply(): Promise<void> {
  const enc = new TextEncoder();
  const ssid = chosen === "hidden" ? enc.encode(($("ssid") as HTMLInputElement).value) : chosen ? chosen.ssidBytes : new Uint8Array(0);
  const label = chosen === "hidden" ? ($("ssid") as HTMLInputElement).value : chosen ? chosen.ssid : "";
  if (ssid.length < 1 || ssid.length > 32) return fail(new FlowError("A network name has 1 to 32 bytes.", "device"));
  const pass = enc.encode(($("pass") as HTMLInputElement).value);
  const open = chosen !== "hidden" && chosen !== undefined && chosen.auth === 0;
  if (!open && pass.length > 0 && (pass.length < 8 || pass.length > 64)) return fail(new FlowError("A WPA passphrase has 8 to 63 characters (or 64 hex digits).", "device"));
  ($("apply") as HTMLButtonElement).disabled = true;
  show("retry", false);
  try {
    await flow.send(ssid, open ? new Uint8Array(0) : pass);
    await waitResult(label);
  } catch (e) {
    fail(e, e instanceof FlowError && e.code === "failed-state" ? () => void reset() : undefined);
  } finally {
    ($("apply") as HTMLButtonElement).disabled = false;
  }
}

async function waitResult(label: string): Promise<void> {
  const t0 = Date.now();
  status(`The device is connecting${to(label)}…`, "busy");
  for (;;) {
    await new Promise((r) => setTimeout(r, POLL_MS));
    const st = await flow.status();
    if (st.state === "connected") return showConnected(label, st.connected ? st.connected.ip4 : "");
    if (st.state === "failed") return showFailed(label, failWords(st));
    if (st.state === "connecting" && st.attemptsRemaining !== undefined) {
      status(`The device is connecting${to(label)} (an attempt failed; ${st.attemptsRemaining} left)…`, "busy");
    }
    if (Date.now() - t0 > POLL_LIMIT_MS) {
      return fail(new FlowError("The device reported no result in 3 minutes. Reload the page to try again.", "device"));
    }
  }
}

/** Retry after a failure: prov-ctrl reset, then the network list again, passphrase cleared. */
async function reset(): Promise<void> {
  show("retry", false);
  try {
    await flow.reset();
  } catch (e) {
    return fail(e, () => void start());
  }
  ($("pass") as HTMLInputElement).value = "";
  // After a reload there is no list yet (a device in the failed state may refuse to scan).
  if (!nets.length && !(await scan())) return;
  show("s-net", true);
  show("f-cred", !!chosen);
  status("The device is ready for new credentials: choose a network and check the passphrase.");
}

async function start(): Promise<void> {
  show("retry", false);
  const fragPop = popFromFragment();
  let info;
  try {
    info = await flow.probe();
  } catch (e) {
    return fail(e, () => void start());
  }
  $("dev").textContent =
    info.sec === 0 ? "Security 0: no encryption. The passphrase crosses the setup network in the clear (development devices only)." :
    info.sec === 1 ? (info.needsPop ? "Security 1: the passphrase is encrypted for the device; it asks for its proof of possession." : "Security 1: the passphrase is encrypted for the device (no proof of possession).") :
    `Security ${info.sec}.`;
  if (info.needsPop) {
    const pop = $("pop") as HTMLInputElement;
    if (fragPop) pop.value = fragPop;
    if (!pop.value) {
      status("");
      show("f-pop", true);
      pop.focus();
      return;
    }
  }
  await connect(($("pop") as HTMLInputElement).value);
}

$("f-pop").onsubmit = (ev) => {
  ev.preventDefault();
  void connect(($("pop") as HTMLInputElement).value);
};
$("f-cred").onsubmit = (ev) => {
  ev.preventDefault();
  void apply();
};
$("rescan").onclick = () => void scan();
$("retry").onclick = () => retryAction && retryAction();
$("show").onchange = () => (($("pass") as HTMLInputElement).type = ($("show") as HTMLInputElement).checked ? "text" : "password");
void start();
