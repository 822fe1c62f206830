// The captive portal's DNS responder on a UdpPort: every query answered by dnsReply() with the
// SoftAP's address, until stopped. The firmware binds it with Espruino's dgram on port 53 while
// provisioning runs; the virtual device with Node's on a port of its choice.
import type { Done } from "../platform/done";
import type { UdpBindOptions, UdpPort } from "../platform/udp";
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
  const r = dnsResponder(udp, ip);
  udp.bind({ host: host, port: port, onMessage: r.onMessage }, function (err, bound) {
    if (err !== 0) return done(err);
    r.port = bound as number;
    done(0, r);
  });
}

/**
 * The responder and its message handler. Made outside startDnsResponder(): an Espruino closure
 * keeps its whole scope, and the caller's `done` (the start chain) would stay as long as it runs.
 */
function dnsResponder(udp: UdpPort, ip: Uint8Array): DnsResponder & { onMessage: UdpBindOptions["onMessage"] } {
  let n = 0;
  let open = true;
  return {
    port: 0,
    onMessage: function (data, from) {
      if (!open) return;
      const r = dnsReply(data, ip, DNS_TTL);
      if (r) {
        n++;
        udp.send(r, from);
      }
    },
    answered: function () {
      return n;
    },
    stop: function (cb) {
      if (!open) return cb(0);
      open = false;
      udp.close(cb);
    },
  };
}
