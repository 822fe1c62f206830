// HttpPort on node:http, for the virtual device and tests.
import * as http from "node:http";
import type { Socket } from "node:net";
import type { Done } from "../../src/platform/done.ts";
import type { HttpListenOptions, HttpPort, HttpRequest, HttpResponse } from "../../src/platform/http.ts";

/** Limits beyond ESP-IDF's single socket: the virtual device serves loopback clients. */
export interface NodeHttpOptions {
  /** Most open TCP connections at once; a new one evicts the oldest (default 8). */
  maxConnections?: number;
  /**
   * A slow board's CPU (ms per request; default 0 = none): requests reach the transport one at a
   * time, each this long after the previous one, the transport's priority() ones first. For
   * floods that exceed the device's throughput (npm start -- --slow-ms N).
   */
  serviceMs?: number;
}

/** A request waiting for the simulated CPU. */
interface Pending {
  req: HttpRequest;
  res: HttpResponse;
  sock: Socket;
  first: boolean;
}

/** node:http server behind the HttpPort contract. */
export class NodeHttp implements HttpPort {
  private server: http.Server | undefined;
  private sockets = new Set<Socket>();
  private ids = new WeakMap<Socket, number>();
  private nextSock = 1;
  private maxConnections: number;
  private serviceMs: number;
  private queue: Pending[] = [];
  private busy: NodeJS.Timeout | undefined;

  constructor(opts: NodeHttpOptions = {}) {
    this.maxConnections = opts.maxConnections ?? 8;
    this.serviceMs = opts.serviceMs ?? 0;
  }

  /** The requests waiting for the simulated CPU (at most one per open connection). */
  waiting(): number {
    return this.queue.length;
  }

  /** Hands the transport the next request once the simulated CPU is free. */
  private pump(opts: HttpListenOptions): void {
    if (this.busy) return;
    this.queue = this.queue.filter((p) => !p.sock.destroyed);
    if (this.queue.length === 0) return;
    let i = this.queue.findIndex((p) => p.first);
    if (i < 0) i = 0;
    const next = this.queue.splice(i, 1)[0] as Pending;
    this.busy = setTimeout(() => {
      this.busy = undefined;
      if (!next.sock.destroyed) opts.onRequest(next.req, next.res);
      this.pump(opts);
    }, this.serviceMs);
  }

  private deliver(opts: HttpListenOptions, req: HttpRequest, res: HttpResponse, sock: Socket): void {
    if (this.serviceMs <= 0) {
      opts.onRequest(req, res);
      return;
    }
    this.queue.push({ req, res, sock, first: opts.priority ? opts.priority(req) : false });
    this.pump(opts);
  }

  listen(opts: HttpListenOptions, done: Done<number>): void {
    if (this.server) {
      setImmediate(() => done(0x103));
      return;
    }
    const server = http.createServer({ requestTimeout: 120_000 }, (req, res) => this.onRequest(opts, req, res));
    server.on("connection", (sock: Socket) => {
      if (this.sockets.size >= this.maxConnections) {
        // esp_http_server lru_purge_enable: the oldest connection makes room, so idle or
        // silent connections cannot lock every new client out; never one the transport keeps.
        for (const old of this.sockets) {
          if (opts.keep && opts.keep(this.ids.get(old) ?? -1)) continue;
          this.sockets.delete(old);
          old.destroy();
          break;
        }
      }
      this.sockets.add(sock);
      this.ids.set(sock, this.nextSock++);
      sock.on("close", () => {
        this.sockets.delete(sock);
        opts.onClose(this.ids.get(sock) ?? -1);
      });
    });
    server.once("error", () => {
      this.server = undefined;
      done(-1);
    });
    server.listen(opts.port, opts.host, () => {
      this.server = server;
      const addr = server.address();
      done(0, typeof addr === "object" && addr ? addr.port : opts.port);
    });
  }

  private onRequest(opts: HttpListenOptions, req: http.IncomingMessage, res: http.ServerResponse): void {
    const sock = this.ids.get(req.socket) ?? -1;
    const cl = req.headers["content-length"];
    const contentLength = cl !== undefined && /^\d+$/.test(cl) ? Number(cl) : -1;
    const cookie = req.headers["cookie"];
    const base: HttpRequest = {
      method: req.method ?? "",
      path: (req.url ?? "/").split("?")[0] as string,
      sock,
      host: req.headers["host"],
      cookie: cookie,
      contentLength,
      body: undefined,
    };
    const response: HttpResponse = {
      send(status: number, headers: { [name: string]: string }, body: Uint8Array): void {
        res.writeHead(status, { "Content-Type": "text/html", "Content-Length": String(body.length), ...headers });
        res.end(Buffer.from(body));
      },
      abort(): void {
        req.socket.destroy();
      },
    };
    if (contentLength < 1 || contentLength > opts.maxBodyBytes) {
      // Not collected: the transport decides (it closes the connection, as esp_http_server).
      req.resume();
      this.deliver(opts, base, response, req.socket);
      return;
    }
    const chunks: Buffer[] = [];
    let got = 0;
    req.on("data", (c: Buffer) => {
      got += c.length;
      if (got <= contentLength) chunks.push(c);
    });
    req.on("end", () => {
      if (got === contentLength) base.body = new Uint8Array(Buffer.concat(chunks));
      this.deliver(opts, base, response, req.socket);
    });
    req.on("error", () => undefined);
  }

  close(done: Done): void {
    const server = this.server;
    this.server = undefined;
    clearTimeout(this.busy);
    this.busy = undefined;
    this.queue = [];
    if (!server) {
      setImmediate(() => done(0));
      return;
    }
    for (const s of this.sockets) s.destroy();
    server.close(() => done(0));
  }
}
