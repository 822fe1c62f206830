// The start text of `--transport console` (printed on stderr: stdout carries protocol lines only).
// The only place the PoP is printed in console mode.
import { hostPort, type SimOptions } from "./args.ts";
import type { Started } from "./device.ts";

export function consoleBanner(o: SimOptions, s: Started, tcpPort: number | undefined, ssidHint: string): string {
  const tcp = tcpPort === undefined ? undefined : `tcp://${hostPort(o.host, tcpPort)}`;
  const secText = o.sec === 0 ? "0 (plaintext)" : o.sec === 1 ? (s.pop === undefined ? "1 (no PoP)" : `1, PoP: ${s.pop}`) : `2 (SRP6a), user ${o.sec2User ?? "wifiprov"}, password: ${s.pop}`;
  const cred = `--ssid ${ssidHint} --passphrase '<PASSPHRASE>'`;
  const sec = o.sec === 0 ? "0" : o.sec === 1 ? `1${s.pop === undefined ? "" : ` --pop ${s.pop}`}` : `2 --sec2_username ${o.sec2User ?? "wifiprov"} --sec2_pwd ${s.pop}`;
  const ours = o.sec === 2 ? `--sec 2 --sec2-user ${o.sec2User ?? "wifiprov"} --sec2-password ${s.pop}` : o.sec === 1 && s.pop !== undefined ? `--pop ${s.pop}` : "";
  return [
    "espruino-wifi-prov virtual device",
    `  security     : ${secText}`,
    `  transport    : console: requests on stdin${tcp ? ` and ${tcp}` : ""}, answers tagged WIFIPROV-RESP / WIFIPROV-ERR`,
    "",
    ...(tcp ? ["Provision it with this project's client:", `  npx wifi-prov --port ${tcp} ${ours ? ours + " " : ""}${cred}`] : []),
    "With Espressif's esp_prov.py: paste each 'Client->Device msg : …' line here, and the hex of",
    "the WIFIPROV-RESP answer back at its 'Enter device->client msg :' prompt:",
    `  esp_prov.py --transport console --sec_ver ${sec} ${cred}`,
  ].join("\n");
}
