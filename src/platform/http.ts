// HTTP server port: what protocomm_httpd needs from esp_http_server / Espruino `http`.
import type { Done } from "./done";

/** One request, body fully collected (or not, when Content-Length was unusable). */
export interface HttpRequest {
  method: string;
  /** Path without query, e.g. "/prov-session". */
  path: string;
  /** Identifies the TCP connection (stable while it stays open). */
  sock: number;
  /** The Host header (captive portal: another host is redirected); undefined if absent or not known. */
  host?: string;
  /** The raw Cookie header value, header name matched case-insensitively; undefined if absent. */
  cookie: string | undefined;
  /** Parsed Content-Length; -1 when missing or not a decimal number. */
  contentLength: number;
  /** The body when 1 <= contentLength <= maxBodyBytes and it arrived whole; else undefined. */
  body: Uint8Array | undefined;
}

/** The answer to one request: exactly one of send() or abort(). */
export interface HttpResponse {
  /** Sends status, extra headers and a binary body, then ends the response. */
  send(status: number, headers: { [name: string]: string }, body: Uint8Array): void;
  /** Closes the connection without any response (esp_http_server after a handler ESP_FAIL). */
  abort(): void;
  /**
   * Optional (the firmware's binding): sends status and headers as given, then hands the
   * response to pump, which writes the body in pieces (write, one more on 'drain') and ends it,
   * so a large body (the stored page) never sits in RAM whole.
   */
  stream?(status: number, headers: { [name: string]: string }, pump: (sink: HttpSink) => void): void;
}

/** A streamed response body (Espruino's httpSRs): write a piece, the next on 'drain', then end. */
export interface HttpSink {
  write(data: string): unknown;
  end(): void;
  on(event: string, cb: () => void): unknown;
}

/** Server options. */
export interface HttpListenOptions {
  /** Interface address; the binding's default when undefined. */
  host?: string;
  /** TCP port; 0 = any free port. */
  port: number;
  /** Larger bodies are not collected (body stays undefined). */
  maxBodyBytes: number;
  onRequest(req: HttpRequest, res: HttpResponse): void;
  /** A TCP connection closed (sock as in HttpRequest.sock). */
  onClose(sock: number): void;
  /** When the server must choose whom to serve first (a busy single CPU): true = before others. */
  priority?(req: HttpRequest): boolean;
  /** When the server must close a connection to make room: true = never this one. */
  keep?(sock: number): boolean;
}

/** An HTTP server. */
export interface HttpPort {
  /** Starts listening; done gets the bound port. */
  listen(opts: HttpListenOptions, done: Done<number>): void;
  /** Stops listening and closes open connections. */
  close(done: Done): void;
}
