// The sticker's payloads (tools/web/sticker.ts, tools/upload/sticker.ts): the Wi-Fi QR's escaping
// (ZXing "WIFI:" format), the page URL with the PoP in its fragment, what a wifiprov.json gives.
import assert from "node:assert/strict";
import { pageQr, wifiQr, wifiQrEscape } from "../../../tools/web/sticker.ts";
import { stickerInfo } from "../../../tools/upload/sticker.ts";

describe("web: sticker payloads", () => {
  it("the Wi-Fi QR: WPA with the key, nopass without, special characters escaped", () => {
    assert.equal(wifiQr("PROV_A1B2C3", "V2DyVxxPkAtn"), "WIFI:T:WPA;S:PROV_A1B2C3;P:V2DyVxxPkAtn;;");
    assert.equal(wifiQr("PROV_A1B2C3", ""), "WIFI:T:nopass;S:PROV_A1B2C3;;");
    assert.equal(wifiQrEscape('a;b,c:d\\e"f'), 'a\\;b\\,c\\:d\\\\e\\"f');
    assert.equal(wifiQr("x;y", "p:q"), "WIFI:T:WPA;S:x\\;y;P:p\\:q;;");
  });

  it("the page URL carries the PoP in the fragment (URL-encoded), none without a PoP", () => {
    assert.equal(pageQr("192.168.4.1", "8ac6059a"), "http://192.168.4.1/#pop=8ac6059a");
    assert.equal(pageQr("192.168.4.1", "a b&c"), "http://192.168.4.1/#pop=a%20b%26c");
    assert.equal(pageQr("127.0.0.1:8080", undefined), "http://127.0.0.1:8080/");
  });

  it("from wifiprov.json: serviceName or --ssid, the key, the PoP only for security 1 with one, a non-80 port", () => {
    assert.deepEqual(stickerInfo({ serviceKey: "k".repeat(12), pop: "abcd", security: 1 }, undefined), { ssid: undefined, key: "kkkkkkkkkkkk", apHost: "192.168.4.1", pop: "abcd" });
    assert.equal((stickerInfo({ serviceName: "Garage", pop: "x" }, undefined) as { ssid: string }).ssid, "Garage");
    assert.equal((stickerInfo({ serviceName: "Garage" }, "PROV_1") as { ssid: string }).ssid, "PROV_1");
    assert.equal((stickerInfo({ security: 0, pop: "x" }, undefined) as { pop?: string }).pop, undefined);
    assert.equal((stickerInfo({ security: 1, noPop: true, pop: "x" }, undefined) as { pop?: string }).pop, undefined);
    assert.equal((stickerInfo({ httpPort: 8080 }, undefined) as { apHost: string }).apHost, "192.168.4.1:8080");
    assert.match(stickerInfo({}, "x".repeat(33)) as string, /the SoftAP name must be 1\.\.32 bytes/);
    assert.match(stickerInfo({ transport: "ble" }, undefined) as string, /transport is "ble": the page and its QR codes need the SoftAP/);
  });
});
