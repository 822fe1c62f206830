// Writes the default device configuration dist/wifiprov.json (fields: src/prov/device-config.ts,
// README "Device configuration"): a fresh WPA2 service key and PoP from node:crypto, printed once,
// when they are made. An existing file is kept (credentials stay stable across builds) unless
// --new is given; then only its path is printed, as the place to read them.
import { randomBytes, randomInt } from "node:crypto";
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { dirname } from "node:path";
import { pathToFileURL } from "node:url";

// No 0/O/1/l/I: the key is typed by hand on a phone.
const ALPHABET = "23456789abcdefghijkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ";

/** A random string over ALPHABET (uniform: randomInt rejects modulo bias). */
export function randomWord(n: number): string {
  let s = "";
  for (let i = 0; i < n; i++) s += ALPHABET[randomInt(ALPHABET.length)];
  return s;
}

/** The default configuration with fresh secrets. */
export function defaultConfig(): Record<string, unknown> {
  return {
    transport: "softap",
    serviceKey: randomWord(12),
    security: 1,
    pop: randomBytes(4).toString("hex"),
    httpPort: 80,
    autoStop: true,
  };
}

/** Creates path (or keeps it with --new absent); prints the secrets only when it makes them. */
export function ensureConfig(path: string, fresh: boolean): Record<string, unknown> {
  let cfg: Record<string, unknown>;
  if (!fresh && existsSync(path)) {
    cfg = JSON.parse(readFileSync(path, "utf8"));
    console.log("config " + path + " kept: its SoftAP passphrase (serviceKey) and PoP (pop) are in that file; ./build.sh --new-config makes new ones");
    return cfg;
  }
  cfg = defaultConfig();
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(path, JSON.stringify(cfg, null, 2) + "\n", { mode: 0o600 });
  console.log("config " + path + " (new; the secrets are printed this once and kept in that file)");
  console.log("  SoftAP passphrase (serviceKey): " + (cfg.serviceKey || "(open AP)"));
  if (cfg.security === 1 && !cfg.noPop) console.log("  proof of possession (pop):      " + (cfg.pop ?? "(generated on the device)"));
  return cfg;
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const args = process.argv.slice(2);
  const file = args.find((a) => !a.startsWith("--")) ?? "dist/wifiprov.json";
  const made = args.includes("--new") || !existsSync(file);
  const cfg = ensureConfig(file, args.includes("--new"));
  // With new secrets, the sticker too (its QR codes carry them); later: ./build.sh qr.
  if (made) {
    const { sticker } = await import("../web/sticker.ts");
    const { stickerInfo } = await import("./sticker.ts");
    const info = stickerInfo(cfg, undefined);
    if (typeof info !== "string") console.log("The sticker (again any time: ./build.sh qr):\n" + (await sticker(info)));
  }
}
