// require("dgram") as Espruino's (libs/network/jswrap_net.c, docs/platform/espruino.md §9):
// createSocket("udp4"), bind(port, cb) on every interface (here 127.0.0.1: loopback only),
// 8-bit string messages with {address, port, size}, send(str, port, address), close().
import * as dgram from "node:dgram";

class EspDgramSocket {
  private sock = dgram.createSocket("udp4");
  private onMessage: ((msg: string, info: { address: string; port: number; size: number }) => void) | undefined;
  /** The bound port (0 before bind) and whether close() came. */
  port = 0;
  closed = false;
  constructor(all: EspDgramSocket[]) {
    all.push(this);
    this.sock.on("message", (m, r) => this.onMessage?.(m.toString("latin1"), { address: r.address, port: r.port, size: m.length }));
    this.sock.on("error", () => undefined);
  }
  on(ev: string, fn: (msg: string, info: { address: string; port: number; size: number }) => void): void {
    if (ev === "message") this.onMessage = fn;
  }
  /** Port 53 (the board's default dnsPort) becomes a free one: tests never bind the host's DNS port. */
  bind(port: number, cb?: () => void): this {
    this.sock.bind(port === 53 ? 0 : port, "127.0.0.1", () => {
      this.port = (this.sock.address() as { port: number }).port;
      cb?.();
    });
    return this;
  }
  send(msg: string, port: number, address: string): void {
    if (!this.closed) this.sock.send(Buffer.from(String(msg), "latin1"), port, address);
  }
  close(): void {
    if (this.closed) return;
    this.closed = true;
    this.sock.close();
  }
}

export class EspDgram {
  /** Every socket created (tests look at ports and closes). */
  sockets: EspDgramSocket[] = [];
  createSocket(_type: unknown): EspDgramSocket {
    return new EspDgramSocket(this.sockets);
  }
  powerOff(): void {
    for (const s of this.sockets) s.close();
  }
}
