// HttpPort on node:http, for the virtual device and tests.
import * as http from "node:http";
import type { Socket } from "node:net";
import type { Done } from "../../src/platform/done.ts";
import type { HttpListenOptions, HttpPort, HttpRequest } from "../../src/platform/http.ts";

/** Limits beyond ESP-IDF's single socket: the virtual device serves loopback clients. */
export interface NodeHttpOptions {
  /** Most open TCP connections at once; a new one evicts the oldest (default 8). */
  maxConnections?: number;
}

/** node:http server behind the HttpPort contract. */
export class NodeHttp implements HttpPort {
  private server: http.Server | undefined;
  private sockets = new Set<Socket>();
  private ids = new WeakMap<Socket, number>();
  private nextSock = 1;
  private maxConnections: number;

  constructor(opts: NodeHttpOptions = {}) {
    this.maxConnections = opts.maxConnections ?? 8;
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
        // silent connections cannot lock every new client out.
        const oldest = this.sockets.values().next().value;
        if (oldest) {
          this.sockets.delete(oldest);
          oldest.destroy();
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
    const response = {
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
      opts.onRequest(base, response);
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
      opts.onRequest(base, response);
    });
    req.on("error", () => undefined);
  }

  close(done: Done): void {
    const server = this.server;
    this.server = undefined;
    if (!server) {
      setImmediate(() => done(0));
      return;
    }
    for (const s of this.sockets) s.destroy();
    server.close(() => done(0));
  }
}
