// UdpPort on require("dgram") (docs/platform/espruino.md §9): messages are 8-bit strings, the
// socket binds every interface (Espruino's bind takes a port only), and a port that cannot be
// bound throws "Unable to create socket" from bind() while its callback is queued anyway.
import type { Done } from "../../src/platform/done";
import type { UdpBindOptions, UdpPeer, UdpPort } from "../../src/platform/udp";
import { Err } from "../../src/core/err";
import { espRequire } from "./modules";

/** One dgram socket (the captive portal's DNS responder). */
export class EspruinoUdp implements UdpPort {
  private s_: EspruinoDgramSocket | undefined;

  constructor() {
    this.s_ = undefined;
  }

  bind(opts: UdpBindOptions, done: Done<number>): void {
    if (this.s_) {
      setTimeout(() => done(Err.INVALID_STATE), 0);
      return;
    }
    let s: EspruinoDgramSocket;
    // Espruino keeps the bind callback (#onbind) as long as the socket lives: it holds `done`
    // only until it has called it.
    const pending: { done: Done<number> | undefined } = { done: done };
    try {
      s = espRequire("dgram").createSocket("udp4");
      s.on("message", udpMessages(opts.onMessage));
      s.bind(opts.port, udpBound(pending, opts.port));
    } catch (e) {
      pending.done = undefined;
      setTimeout(() => done(Err.FAIL), 0);
      return;
    }
    this.s_ = s;
  }

  send(data: Uint8Array, to: UdpPeer): void {
    const s = this.s_;
    if (!s) return;
    try {
      s.send(E.toString(data), to.port, to.address);
    } catch (e) {
      // UDP: a failed send is a lost datagram (the client asks again)
    }
  }

  close(done: Done): void {
    const s = this.s_;
    this.s_ = undefined;
    if (s) {
      try {
        s.close();
      } catch (e) {
        // closed already
      }
    }
    // Espruino keeps the hidden array of client sockets that createSocket made (global["\xFF"].HttpCC)
    // for good, empty (3 JsVars): dropped once the socket is out of it (the next idle pass) and no
    // other is in it. Espruino makes it again when a socket needs it.
    setTimeout(() => {
      const hidden = (globalThis as unknown as { [k: string]: { HttpCC?: unknown[] } | undefined })[E.toString([255])];
      if (hidden && hidden.HttpCC && !hidden.HttpCC.length) delete hidden.HttpCC;
      done(Err.OK);
    }, 50);
  }
}

/** The socket's message listener, made outside bind(): an Espruino closure keeps its whole scope (bind's `done`). */
function udpMessages(on: UdpBindOptions["onMessage"]) {
  return (msg: string, info: { address: string; port: number }) => on(E.toUint8Array(msg), { address: info.address, port: info.port });
}

/** The bind callback: calls done once, then holds nothing. */
function udpBound(pending: { done: Done<number> | undefined }, port: number) {
  return () => {
    const d = pending.done;
    pending.done = undefined;
    if (d) d(Err.OK, port);
  };
}
