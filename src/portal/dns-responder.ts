// The captive portal's DNS responder on a UdpPort: every query answered by dnsReply() with the
// SoftAP's address, until stopped. The firmware binds it with Espruino's dgram on port 53 while
// provisioning runs; the virtual device with Node's on a port of its choice.
import type { Done } from "../platform/done";
import type { UdpPort } from "../platform/udp";
import { DNS_TTL, dnsReply } from "./dns";

/** A running responder. */
export interface DnsResponder {
  /** The bound UDP port. */
  port: number;
  /** Queries answered so far. */
  answered(): number;
  /** Stops answering and closes the socket (idempotent). */
  stop(done: Done): void;
}

/**
 * Binds udp on host:port (port 53 on a board) and answers with ip (4 bytes); done gets the
 * responder, or the binding's error code when the port cannot be bound.
 */
export function startDnsResponder(udp: UdpPort, host: string | undefined, port: number, ip: Uint8Array, done: Done<DnsResponder>): void {
  if (ip.length !== 4) throw new Error("startDnsResponder: the address must be 4 bytes");
  let n = 0;
  let open = true;
  udp.bind(
    {
      host: host,
      port: port,
      onMessage: function (data, from) {
        if (!open) return;
        const r = dnsReply(data, ip, DNS_TTL);
        if (r) {
          n++;
          udp.send(r, from);
        }
      },
    },
    function (err, bound) {
      if (err !== 0) return done(err);
      done(0, {
        port: bound as number,
        answered: function () {
          return n;
        },
        stop: function (cb) {
          if (!open) return cb(0);
          open = false;
          udp.close(cb);
        },
      });
    }
  );
}
