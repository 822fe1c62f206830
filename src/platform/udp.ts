// UDP port: what the captive portal's DNS responder needs from Node's dgram / Espruino's dgram.
import type { Done } from "./done";

/** The other end of a datagram. */
export interface UdpPeer {
  address: string;
  port: number;
}

/** Socket options. */
export interface UdpBindOptions {
  /** Interface address; the binding's default (all) when undefined. */
  host?: string;
  /** UDP port; 0 = any free port. */
  port: number;
  /** One datagram arrived (a new array; the binding converts Espruino's string messages). */
  onMessage(data: Uint8Array, from: UdpPeer): void;
}

/** One UDP socket. */
export interface UdpPort {
  /** Binds; done gets the bound port, or an error code (nothing bound). */
  bind(opts: UdpBindOptions, done: Done<number>): void;
  /** Sends one datagram; errors are dropped (UDP). */
  send(data: Uint8Array, to: UdpPeer): void;
  /** Closes the socket (idempotent). */
  close(done: Done): void;
}
