// The captive portal's HTTP decisions (src/portal/captive.ts): each OS probe is redirected to the
// page (the answer that makes that system show it), another host or path too; the page at "/";
// protocomm's POSTs and its endpoints' GETs are left to the transport.
import assert from "node:assert/strict";
import { normHost, portalAnswer, probes as probeTable } from "../../../src/portal/captive.ts";

const AP = "192.168.4.1";
const EPS = ["proto-ver", "prov-session", "prov-config", "prov-scan", "prov-ctrl", "custom-data"];
const ask = (method: string, host: string | undefined, path: string) => portalAnswer(method, host, path, AP, (n) => EPS.includes(n));

describe("portal: captive HTTP answers", () => {
  const probes: [string, string, string][] = [
    ["android", "connectivitycheck.gstatic.com", "/generate_204"],
    ["android", "clients3.google.com", "/generate_204"],
    ["apple", "captive.apple.com", "/hotspot-detect.html"],
    ["apple", "www.apple.com", "/library/test/success.html"],
    ["windows", "www.msftconnecttest.com", "/connecttest.txt"],
    ["windows", "www.msftncsi.com", "/ncsi.txt"],
    ["firefox", "detectportal.firefox.com", "/canonical.html"],
    ["firefox", "detectportal.firefox.com", "/success.txt"],
  ];
  for (const [kind, host, path] of probes) {
    it(`${kind} ${host}${path}: 302 to the page (not the probe's "online" answer)`, () => {
      const a = ask("GET", host, path)!;
      assert.equal(a.kind, kind);
      assert.equal(a.status, 302);
      assert.equal(a.headers.Location, "http://192.168.4.1/");
      assert.equal(a.headers["Cache-Control"], "no-store");
      assert.equal(a.page, false);
      // Not what would tell the system it is online.
      assert.notEqual(a.status, 204);
      assert.doesNotMatch(a.body, /Success|Microsoft|captive-portal/);
    });
  }

  it("the same probe on the AP's own address is redirected too (HEAD as GET)", () => {
    assert.equal(ask("HEAD", "192.168.4.1", "/generate_204")!.status, 302);
  });

  it("serves the page at / and /index.html on the AP's host (any case, :80 or no Host)", () => {
    for (const [host, path] of [["192.168.4.1", "/"], ["192.168.4.1:80", "/"], [undefined, "/index.html"], ["192.168.4.1", "/index.html"]] as const) {
      const a = ask("GET", host, path)!;
      assert.equal(a.page, true, `${host}${path}`);
      assert.equal(a.status, 200);
      assert.equal(a.headers["Content-Encoding"], "gzip");
      assert.match(a.headers["Content-Type"]!, /^text\/html/);
    }
  });

  it("redirects another host's / and any other path on ours; /favicon.ico is a plain 404", () => {
    assert.equal(ask("GET", "example.com", "/")!.kind, "other-host");
    assert.equal(ask("GET", "example.com", "/")!.headers.Location, "http://192.168.4.1/");
    assert.equal(ask("GET", "192.168.4.1", "/setup")!.kind, "other-path");
    assert.equal(ask("GET", "192.168.4.1", "/favicon.ico")!.status, 404);
  });

  it("leaves every POST and the endpoints' GETs to protocomm (its 405 and 404 stay)", () => {
    for (const p of ["/prov-session", "/proto-ver", "/custom-data", "/anything", "/"]) assert.equal(ask("POST", "example.com", p), undefined, p);
    assert.equal(ask("GET", AP, "/prov-session"), undefined);
    assert.equal(ask("GET", "example.com", "/custom-data"), undefined);
    assert.equal(ask("PUT", AP, "/"), undefined);
  });

  it("a virtual device's AP host carries its port", () => {
    const a = portalAnswer("GET", "captive.apple.com", "/hotspot-detect.html", "127.0.0.1:8080", () => false)!;
    assert.equal(a.headers.Location, "http://127.0.0.1:8080/");
    assert.equal(portalAnswer("GET", "127.0.0.1:8080", "/", "127.0.0.1:8080", () => false)!.page, true);
    assert.equal(portalAnswer("GET", "127.0.0.1:9090", "/", "127.0.0.1:8080", () => false)!.kind, "other-host");
  });

  it("normHost drops only a default :80 and lower-cases", () => {
    assert.equal(normHost("Captive.Apple.COM:80"), "captive.apple.com");
    assert.equal(normHost("127.0.0.1:8080"), "127.0.0.1:8080");
    assert.equal(Object.keys(probeTable()).length, 9);
  });
});
