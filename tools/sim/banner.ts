// The start banner: what the device is, how to provision it, and the QR code the ESP apps scan.
// The only place the PoP is ever printed.
import qrcode from "qrcode-terminal";
import { pageQr, sticker } from "../web/sticker.ts";
import { hostPort, type SimOptions } from "./args.ts";
import type { Started } from "./device.ts";

/**
 * The ESP apps' QR payload (esp-idf-provisioning-android/ios): {"ver":"v1","name":...,
 * "username":... (security 2 only),"pop":... (absent without one),"transport":"softap",
 * "security":0|1|2}. Security 2 carries its password as "pop", as the apps expect. No "password":
 * the virtual device has no real SoftAP to join.
 */
export function qrPayload(name: string, sec: 0 | 1 | 2, pop: string | undefined, username?: string): string {
  const o: Record<string, string | number> = { ver: "v1", name };
  if (sec === 2 && username !== undefined) o.username = username;
  if (pop !== undefined) o.pop = pop;
  o.transport = "softap";
  // Always written: the apps assume security 2 when "security" is absent.
  o.security = sec;
  return JSON.stringify(o);
}

function qr(text: string): Promise<string> {
  return new Promise((resolve) => qrcode.generate(text, { small: true }, (s: string) => resolve(s)));
}

export async function banner(o: SimOptions, s: Started, host: string, ssidHint: string): Promise<string> {
  const target = hostPort(host, s.port);
  const secText = o.sec === 0 ? "0 (plaintext)" : o.sec === 1 ? (s.pop === undefined ? "1 (no PoP)" : `1, PoP: ${s.pop}`) : `2 (SRP6a), user ${o.sec2User ?? "wifiprov"}, password: ${s.pop}, sec_patch_ver ${o.sec2Patch}`;
  const cred = `--ssid ${ssidHint} --passphrase '<PASSPHRASE>'`;
  const ours =
    o.sec === 0 ? `npx wifi-prov --host ${target} ${cred}` :
    o.sec === 1 ? `npx wifi-prov --host ${target}${s.pop === undefined ? "" : ` --pop ${s.pop}`} ${cred}` :
    `npx wifi-prov --host ${target} --sec 2 --sec2-user ${o.sec2User ?? "wifiprov"} --sec2-password ${s.pop} ${cred}`;
  const esp =
    o.sec === 0 ? `esp_prov.py --transport softap --service_name ${target} --sec_ver 0 ${cred}` :
    o.sec === 1 ? `esp_prov.py --transport softap --service_name ${target} --sec_ver 1${s.pop === undefined ? "" : ` --pop ${s.pop}`} ${cred}` :
    `esp_prov.py --transport softap --service_name ${target} --sec_ver 2 --sec2_username ${o.sec2User ?? "wifiprov"} --sec2_pwd ${s.pop} ${cred}`;
  const payload = qrPayload(s.serviceName, o.sec, o.sec === 0 ? undefined : s.pop, o.sec === 2 ? o.sec2User ?? "wifiprov" : undefined);
  return [
    "espruino-wifi-prov virtual device",
    `  service name : ${s.serviceName} (SoftAP, simulated)`,
    `  security     : ${secText}`,
    `  transport    : HTTP on ${target}`,
    "",
    "Provision it with this project's client:",
    `  ${ours}`,
    "or with Espressif's esp_prov.py:",
    `  ${esp}`,
    "(omit --ssid/--passphrase to scan and pick a network)",
    "",
    `QR payload for the ESP SoftAP Provisioning app: ${payload}`,
    await qr(payload),
    ...(await pageLines(o, s)),
  ].join("\n");
}

/** The web page and captive portal lines (HTTP transport): the sticker's two QR codes, the URL last. */
async function pageLines(o: SimOptions, s: Started): Promise<string[]> {
  if (!s.pageUrl) return [];
  const apHost = s.pageUrl.replace(/^http:\/\/|\/$/g, "");
  const out = [
    "",
    "The sticker (a board's SoftAP and its page; the virtual device's SoftAP is simulated and open):",
    await sticker({ ssid: s.serviceName, key: "", apHost, pop: o.sec === 1 ? s.pop : undefined }),
  ];
  if (s.dnsPort !== undefined) out.push(`captive portal: DNS on ${hostPort(o.host, s.dnsPort)}/udp answers every name with the device's address; probe URLs redirect to the page`);
  if (o.sec === 2) out.push("(the page speaks security 0 and 1; for security 2 use wifi-prov or esp_prov)");
  out.push(`Provision it in a browser: open ${o.sec === 1 && s.pop ? pageQr(apHost, s.pop) : s.pageUrl}`);
  return out;
}
