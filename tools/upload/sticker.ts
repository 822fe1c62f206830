// ./build.sh qr: the sticker for a board from its wifiprov.json: the Wi-Fi QR code (SoftAP name
// and passphrase) and the page's QR code (http://192.168.4.1/#pop=<PoP>), with the same as text.
// The SoftAP name is "serviceName" when the file sets one, else --ssid (the board's default,
// PROV_ + 3 MAC bytes, is printed by the board at boot).
//   ./build.sh qr [--config dist/wifiprov.json] [--ssid NAME]
import { existsSync, readFileSync } from "node:fs";
import { pathToFileURL } from "node:url";
import { sticker, type StickerInfo } from "../web/sticker.ts";

/** The SoftAP's address on an ESP32 running Espruino (its default AP IP). */
export const AP_ADDRESS = "192.168.4.1";

export const USAGE = `usage: ./build.sh qr [--config FILE] [--ssid NAME]
  Prints the sticker for a board: the Wi-Fi QR code (join the SoftAP) and the page's QR code
  (http://${AP_ADDRESS}/#pop=<PoP>), from FILE (default dist/wifiprov.json, made by ./build.sh).
  --ssid NAME   the SoftAP name when the config has no serviceName (the board prints
                PROV_xxxxxx at boot)
  -h, --help    this text
`;

/** What the sticker shows for a wifiprov.json object; a string is a problem to report. */
export function stickerInfo(cfg: Record<string, unknown>, ssid: string | undefined): StickerInfo | string {
  const name = ssid ?? (typeof cfg.serviceName === "string" ? cfg.serviceName : undefined);
  if (name !== undefined && (name.length < 1 || Buffer.byteLength(name) > 32)) return `the SoftAP name must be 1..32 bytes, got "${name}"`;
  if (cfg.transport !== undefined && cfg.transport !== "softap") return `the config's transport is "${String(cfg.transport)}": the page and its QR codes need the SoftAP`;
  const port = typeof cfg.httpPort === "number" && cfg.httpPort !== 80 ? `:${cfg.httpPort}` : "";
  const sec = cfg.security === undefined ? 1 : cfg.security;
  const pop = sec === 1 && !cfg.noPop && typeof cfg.pop === "string" ? cfg.pop : undefined;
  return { ssid: name, key: typeof cfg.serviceKey === "string" ? cfg.serviceKey : "", apHost: AP_ADDRESS + port, pop };
}

async function main(argv: string[]): Promise<number> {
  let file = "dist/wifiprov.json";
  let ssid: string | undefined;
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    if (a === "-h" || a === "--help") {
      process.stdout.write(USAGE);
      return 0;
    }
    if ((a === "--config" || a === "--ssid") && argv[i + 1] !== undefined) {
      if (a === "--config") file = argv[++i]!;
      else ssid = argv[++i]!;
      continue;
    }
    process.stderr.write(`build.sh qr: unknown option '${a}'\n${USAGE}`);
    return 2;
  }
  if (!existsSync(file)) {
    process.stderr.write(`build.sh qr: ${file} does not exist: ./build.sh makes it (or --config FILE)\n`);
    return 2;
  }
  let cfg: Record<string, unknown>;
  try {
    cfg = JSON.parse(readFileSync(file, "utf8")) as Record<string, unknown>;
  } catch (e) {
    process.stderr.write(`build.sh qr: ${file} is not JSON: ${(e as Error).message}\n`);
    return 2;
  }
  const info = stickerInfo(cfg, ssid);
  if (typeof info === "string") {
    process.stderr.write(`build.sh qr: ${info}\n`);
    return 2;
  }
  process.stdout.write(`${await sticker(info)}\n`);
  return 0;
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  main(process.argv.slice(2)).then((c) => process.exit(c));
}
