// What the module tiers and `npm run memory` share: a maker's three-line script, the same
// script's own globals without provisioning, a saved network in Storage, a settled usage reading.
import { crc32 } from "./harness.ts";
import { usage, type Booted } from "./espruino-run.ts";

/** The maker's script: three lines of plain JS ("autoStart": false in wifiprov.json). */
export const MAKER = [
  'var prov = require("wifi-prov");',
  'prov.endpoint("custom-data", function (d) { print("[maker] got " + d); return "stored " + d; });',
  'prov.on("deinit", function () { print("[maker] done"); }); prov.start({}, function (e) { if (e) print("[maker] " + e); });',
].join("\n");
/** The same script's own globals without provisioning: what "the maker's script alone" holds. */
export const MAKER_ALONE = "var prov = {};";
/** A script that joins the network by itself: the faked radio's own state (its status object; C memory on a board) is not ours. */
export const JOIN_ALONE = 'require("Wifi").connect("HomeNet", {password: "correct horse"}, function () { print("JOINED"); });';

/** A saved network in the firmware's key-value format (firmware/espruino/kv.ts, src/wifi/creds.ts). */
export function savedNetwork(ssid: string, passphrase: string): Record<string, Uint8Array> {
  const s = Buffer.from(ssid, "latin1");
  const p = Buffer.from(passphrase, "latin1");
  const value = Uint8Array.from([1, s.length, ...s, p.length, ...p]);
  const c = crc32(value);
  return { "prov.sta~0": Uint8Array.from([0, c & 255, (c >>> 8) & 255, (c >>> 16) & 255, c >>> 24, ...value]) };
}

/** Usage once the interpreter has settled: the lowest of three readings. */
export async function settledUsage(dev: Booted): Promise<number> {
  let low = Infinity;
  for (let i = 0; i < 3; i++) {
    low = Math.min(low, await usage(dev));
    await new Promise((r) => setTimeout(r, 500));
  }
  return low;
}
