// Captive-portal answers for the provisioning SoftAP's HTTP server: the page at "/", the operating
// systems' connectivity probes and any other GET redirected to the page, so a phone that joins the
// SoftAP opens the page by itself. Protocomm requests (every POST, and GETs of its endpoints) are
// not answered here: the transport keeps answering them exactly as before.
// Espruino-safe (no Map/Set, no default parameters): the firmware's http binding can call it.
//
// A probe "succeeds" only with its expected answer (Android: 204 from generate_204; Apple: the
// "Success" page; Windows: "Microsoft Connect Test" / "Microsoft NCSI"; Firefox: its canonical
// page). Anything else means "captive"; a 302 to the page is the answer every one of them follows
// to show the page (Android's sign-in notification, Apple's Captive Network Assistant, Windows'
// browser with msftconnecttest.com/redirect, Firefox's "log in to network" bar).

/** An answer for the HTTP binding; page = send the stored (gzipped) page as the body. */
export interface PortalReply {
  status: number;
  headers: { [name: string]: string };
  /** The body as text ("" with page). */
  body: string;
  /** True for the page itself: the body is the gzipped page (Content-Encoding gzip set). */
  page: boolean;
  /** What was asked: "page", "android", "apple", "windows", "firefox", "other-host", "other-path", "favicon". */
  kind: string;
}

/**
 * The probe paths of the major systems (path only: the probe hosts resolve to us through DNS).
 * Made at each call: a table kept at module level would hold ~30 JsVars on Espruino all along.
 */
export function probes(): { [path: string]: string } {
  return {
    "/generate_204": "android",
    "/gen_204": "android",
    "/hotspot-detect.html": "apple",
    "/library/test/success.html": "apple",
    "/connecttest.txt": "windows",
    "/ncsi.txt": "windows",
    "/redirect": "windows",
    "/canonical.html": "firefox",
    "/success.txt": "firefox",
  };
}

/** Lower-case host without a default ":80" (the Host header may carry one or not). */
export function normHost(h: string): string {
  h = h.toLowerCase();
  return h.length > 3 && h.substring(h.length - 3) === ":80" ? h.substring(0, h.length - 3) : h;
}

/** The page's URL on the AP: "http://" + apHost + "/". */
export function pageUrl(apHost: string): string {
  return "http://" + apHost + "/";
}

function redirect(apHost: string, kind: string): PortalReply {
  const url = pageUrl(apHost);
  return {
    status: 302,
    headers: { Location: url, "Content-Type": "text/html", "Cache-Control": "no-store" },
    body: '<a href="' + url + '">Wi-Fi setup</a>',
    page: false,
    kind: kind,
  };
}

/**
 * The portal's answer to a request, or undefined when protocomm handles it.
 * host: the Host header (undefined when absent: counted as ours); apHost: the AP's address as a
 * URL host ("192.168.4.1" on a board, "127.0.0.1:8080" on the virtual device); isEndpoint(name):
 * whether a protocomm endpoint has that name (its GETs keep their 405).
 */
export function portalAnswer(method: string, host: string | undefined, path: string, apHost: string, isEndpoint: (name: string) => boolean): PortalReply | undefined {
  if (method !== "GET" && method !== "HEAD") return undefined;
  const name = path.charAt(0) === "/" ? path.substring(1) : path;
  if (isEndpoint(name)) return undefined;
  const probe = probes()[path.toLowerCase()];
  if (probe) return redirect(apHost, probe);
  if (host !== undefined && normHost(host) !== normHost(apHost)) return redirect(apHost, "other-host");
  if (path === "/" || path === "/index.html") {
    return {
      status: 200,
      headers: { "Content-Type": "text/html; charset=utf-8", "Content-Encoding": "gzip", "Cache-Control": "no-store", "X-Content-Type-Options": "nosniff" },
      body: "",
      page: true,
      kind: "page",
    };
  }
  if (path === "/favicon.ico") return { status: 404, headers: { "Content-Type": "text/plain" }, body: "", page: false, kind: "favicon" };
  return redirect(apHost, "other-path");
}
