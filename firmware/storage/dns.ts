// Storage file "wifiprov-dns" (a module): the captive portal's DNS responder on Espruino's dgram
// (src/portal/dns-responder.ts), loaded by the core only while SoftAP provisioning runs with
// "captivePortal" on, and dropped at its end (portal-api.ts).
import { parseIp4 } from "../../src/portal/dns";
import { startDnsResponder, type DnsResponder } from "../../src/portal/dns-responder";
import { espRequire } from "../espruino/modules";
import { EspruinoUdp } from "../espruino/udp";
import type { SharedDns } from "./portal-api";

/** The responder while it runs; off = stop() came (before its socket was bound, too). */
const st: { r: DnsResponder | undefined; off: boolean } = { r: undefined, off: true };

function say(msg: string): void {
  console.log("[wifiprov] " + msg);
}

const api: SharedDns = {
  start: (port, cb) => {
    st.off = false;
    const ip = parseIp4(espRequire("Wifi").getAPIP().ip) || new Uint8Array([192, 168, 4, 1]);
    startDnsResponder(new EspruinoUdp(), undefined, port, ip, (err, r) => {
      if (err !== 0 || !r) {
        say("captive portal: DNS cannot listen on udp port " + port);
        return cb(err);
      }
      if (st.off) r.stop(() => undefined);
      else {
        st.r = r;
        say("captive portal: DNS on udp port " + port);
      }
      cb(0);
    });
  },
  stop: () => {
    st.off = true;
    const r = st.r;
    st.r = undefined;
    if (r) r.stop(() => undefined);
  },
};
module.exports = api;
