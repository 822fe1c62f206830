// Storage file "wifiprov-dns" (a module): the captive portal's DNS responder straight on
// Espruino's dgram (the answers are src/portal/dns.ts's, as the virtual device's responder), loaded
// by the core only while SoftAP provisioning runs with "captivePortal" on, and dropped at its end
// (portal-api.ts). No UdpPort class here: on the board each JsVar counts (its row in
// firmware/README.md §6).
import { DNS_TTL, dnsReply, parseIp4 } from "../../src/portal/dns";
import { espRequire } from "../espruino/modules";
import type { SharedDns } from "./portal-api";

/** The socket while the responder runs. */
const st: { s: EspruinoDgramSocket | undefined } = { s: undefined };

function say(msg: string): void {
  console.log("[wifiprov] " + msg);
}

/** Every query answered with the AP's address. Made here: a closure keeps its whole scope. */
function dnsAnswer(s: EspruinoDgramSocket, ip: Uint8Array) {
  return (msg: string, info: { address: string; port: number }) => {
    const r = dnsReply(E.toUint8Array(msg), ip, DNS_TTL);
    if (!r) return;
    try {
      s.send(E.toString(r), info.port, info.address);
    } catch (e) {
      // UDP: a lost answer (the client asks again)
    }
  };
}

/** The bind callback (Espruino keeps it as long as the socket lives): calls cb once, then holds nothing. */
function dnsBound(s: EspruinoDgramSocket, port: number, pending: { cb: ((err: number) => void) | undefined }) {
  return () => {
    const cb = pending.cb;
    pending.cb = undefined;
    if (!cb || st.s !== s) return;
    say("captive portal: DNS on udp port " + port);
    cb(0);
  };
}

const api: SharedDns = {
  start: (port, cb) => {
    if (st.s) return cb(0);
    const ip = parseIp4(espRequire("Wifi").getAPIP().ip) || new Uint8Array([192, 168, 4, 1]);
    const pending = { cb: cb as ((err: number) => void) | undefined };
    let s: EspruinoDgramSocket;
    try {
      s = espRequire("dgram").createSocket("udp4");
      s.on("message", dnsAnswer(s, ip));
      // Throws "Unable to create socket" when the port cannot be bound (its callback is queued anyway).
      s.bind(port, dnsBound(s, port, pending));
    } catch (e) {
      pending.cb = undefined;
      say("captive portal: DNS cannot listen on udp port " + port);
      return cb(-1);
    }
    st.s = s;
  },
  stop: () => {
    const s = st.s;
    st.s = undefined;
    if (!s) return;
    try {
      s.close();
    } catch (e) {
      // closed already
    }
    // Espruino keeps the hidden array of client sockets that createSocket made (global["\xFF"].HttpCC)
    // for good, empty (3 JsVars): dropped once the socket is out of it (the next idle pass).
    setTimeout(() => {
      const hidden = (globalThis as unknown as { [k: string]: { HttpCC?: unknown[] } | undefined })[E.toString([255])];
      if (hidden && hidden.HttpCC && !hidden.HttpCC.length) delete hidden.HttpCC;
    }, 50);
  },
};
module.exports = api;
