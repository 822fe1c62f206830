// UdpPort on node:dgram, for the virtual device's captive-portal DNS responder and tests.
import * as dgram from "node:dgram";
import type { Done } from "../../src/platform/done.ts";
import type { UdpBindOptions, UdpPeer, UdpPort } from "../../src/platform/udp.ts";

/** Error codes handed to Done (any non-zero is a failure; these name the usual causes). */
export const UDP_ERR = { EADDRINUSE: -98, EACCES: -13, EADDRNOTAVAIL: -99, OTHER: -1 } as const;

/** One dgram socket (udp6 for an IPv6 host). The last bind error is kept for messages. */
export class NodeUdp implements UdpPort {
  private sock: dgram.Socket | undefined;
  /** The OS error code of a failed bind ("EADDRINUSE" …). */
  lastError: string | undefined;

  bind(opts: UdpBindOptions, done: Done<number>): void {
    if (this.sock) {
      setImmediate(() => done(0x103));
      return;
    }
    const sock = dgram.createSocket(opts.host && opts.host.includes(":") ? "udp6" : "udp4");
    sock.on("message", (msg, rinfo) => opts.onMessage(new Uint8Array(msg), { address: rinfo.address, port: rinfo.port }));
    sock.once("error", (e: NodeJS.ErrnoException) => {
      this.lastError = e.code ?? e.message;
      sock.close();
      done((UDP_ERR as { [k: string]: number })[e.code ?? ""] ?? UDP_ERR.OTHER);
    });
    sock.bind(opts.port, opts.host, () => {
      sock.removeAllListeners("error");
      sock.on("error", () => undefined);
      this.sock = sock;
      done(0, sock.address().port);
    });
  }

  send(data: Uint8Array, to: UdpPeer): void {
    this.sock?.send(data, to.port, to.address);
  }

  close(done: Done): void {
    const s = this.sock;
    this.sock = undefined;
    if (!s) {
      setImmediate(() => done(0));
      return;
    }
    s.close(() => done(0));
  }
}
