// Storage file "wifiprov-cfg" (a module): wifiprov.json's parser and the QR payload, used once
// per start by the module and dropped from the module cache after.
import { parseDeviceConfig, qrPayload, type BuildCaps } from "../../src/prov/device-config";
import { espRequire } from "../espruino/modules";
import { CONFIG_FILE, type Configured, type SharedConfig } from "./config-api";

function configure(options: { [k: string]: unknown } | undefined, mac: Uint8Array, caps: BuildCaps): Configured {
  const text = espRequire("Storage").read(CONFIG_FILE);
  let merged: { [k: string]: unknown } = {};
  if (options) {
    const own: { [k: string]: unknown } = {};
    // Checked alone, with serviceKey set: the parser's advice on an absent key is not a mistake.
    const chk: { [k: string]: unknown } = { serviceKey: "" };
    for (const k in options) if (k !== "force") own[k] = chk[k] = options[k];
    const mine = parseDeviceConfig(JSON.stringify(chk), mac, caps);
    // One line: each problem without the parser's "; using …" (nothing is used: start refuses).
    if (mine.errors) return { error: mine.messages.map((m) => m.split(";")[0]).join("; "), messages: [] };
    try {
      merged = text === undefined ? {} : JSON.parse(text);
    } catch (e) {
      merged = {};
    }
    for (const k in own) merged[k] = own[k];
  }
  const parsed = parseDeviceConfig(options ? JSON.stringify(merged) : text, mac, caps);
  return { config: parsed.config, messages: parsed.messages };
}

const api: SharedConfig = { configure: configure, qr: qrPayload };
module.exports = api;
