// The two QR codes of the issue's sticker: the standard Wi-Fi QR that phone cameras join
// (WIFI:T:WPA;S:<service name>;P:<service key>;;) and the page's URL with the PoP in the fragment
// (http://<AP address>/#pop=<PoP>): the fragment never leaves the phone in a request, the page
// reads it. Shared by the virtual device's banner and ./build.sh (tools/upload/sticker.ts).
import qrcode from "qrcode-terminal";

/** Escapes \ ; , : " in a WIFI: field (the ZXing "WIFI:" format, what Android and iOS cameras read). */
export function wifiQrEscape(s: string): string {
  return s.replace(/([\\;,:"])/g, "\\$1");
}

/** The Wi-Fi QR payload; an empty key = open network (T:nopass). */
export function wifiQr(ssid: string, key: string): string {
  return key ? `WIFI:T:WPA;S:${wifiQrEscape(ssid)};P:${wifiQrEscape(key)};;` : `WIFI:T:nopass;S:${wifiQrEscape(ssid)};;`;
}

/** The page's URL: apHost as a URL host ("192.168.4.1", "127.0.0.1:8080"); no fragment without a PoP. */
export function pageQr(apHost: string, pop: string | undefined): string {
  return `http://${apHost}/${pop ? `#pop=${encodeURIComponent(pop)}` : ""}`;
}

/** A QR code as terminal text (small: two modules per character). */
export function qrText(text: string): Promise<string> {
  return new Promise((resolve) => qrcode.generate(text, { small: true }, (s: string) => resolve(s)));
}

export interface StickerInfo {
  /** The SoftAP's SSID, or undefined when not known yet (the board derives it from its MAC). */
  ssid: string | undefined;
  /** "" = open SoftAP. */
  key: string;
  apHost: string;
  pop: string | undefined;
}

/** Sticker-friendly text and both QR codes. */
export async function sticker(s: StickerInfo): Promise<string> {
  const lines: string[] = [];
  if (s.ssid !== undefined) {
    const w = wifiQr(s.ssid, s.key);
    lines.push(`1. Join the Wi-Fi network "${s.ssid}"${s.key ? ` (password ${s.key})` : " (open)"}, or scan:  ${w}`, await qrText(w));
  } else {
    lines.push(`1. Join the board's Wi-Fi network PROV_xxxxxx (the board prints its name at boot)${s.key ? `, password ${s.key}` : ""}.`,
      `   For its QR code: ./build.sh qr --ssid PROV_xxxxxx`);
  }
  const u = pageQr(s.apHost, s.pop);
  lines.push(`2. Open ${u} (phones usually open it by themselves), or scan:`, await qrText(u));
  return lines.join("\n");
}
