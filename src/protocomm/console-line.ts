// Request and answer lines of the console transport (docs/spec/protocol.md §4.3). Requests:
//   Client->Device msg : <endpoint> <session_id> <hex>   esp_prov transport/transport_console.py, as printed
//   <endpoint> <session_id> <hex>                        components/protocomm/src/transports/protocomm_console.c
// Answers, one line each, found by their tag among the console's other output:
//   WIFIPROV-RESP <endpoint> <session_id> <hex>
//   WIFIPROV-ERR <endpoint> <session_id> <code> <reason>    ("-" for a field the line did not give)
import { errHex } from "../core/log";

export const RESP_TAG = "WIFIPROV-RESP";
export const ERR_TAG = "WIFIPROV-ERR";
/** What esp_prov prints before each request (print() joins its arguments with one space). */
export const ESP_PROV_PREFIX = "Client->Device msg :";
/** [impl] longest request, as the HTTP transport's MAX_REQ_BODY_LEN (protocomm_console.c: 256-byte line). */
export const MAX_REQ_BYTES = 4096;
/** Longest request line in characters: the hex, the prefix, an endpoint and a session id. */
export const MAX_LINE_CHARS = 2 * MAX_REQ_BYTES + 128;
/** PROTOCOMM_NO_SESSION_ID (0xFFFFFFFF) is no session: ids are 0..0xFFFFFFFE. */
export const MAX_SESSION_ID = 0xfffffffe;

/** One parsed request. */
export interface ConsoleRequest {
  endpoint: string;
  session: number;
  hex: string;
}

/** Session id from its decimal text, or -1 (protocomm_console.c uses atoi; we refuse junk). */
export function parseSessionId(s: string): number {
  if (s.length > 10 || !/^[0-9]+$/.test(s)) return -1;
  const n = parseInt(s, 10);
  return n <= MAX_SESSION_ID ? n : -1;
}

/**
 * Parses one console line. undefined for a blank line (ignored, as the IDF console ignores it);
 * a string saying what is wrong for anything that is not a request.
 */
export function parseRequestLine(line: string): ConsoleRequest | string | undefined {
  if (line.length > MAX_LINE_CHARS) return "line too long (at most " + MAX_LINE_CHARS + " characters)";
  let t = line.replace(/[\x00-\x1f]/g, " ").trim();
  if (!t) return undefined;
  // substring, not indexOf: Espruino finds a needle that runs off the end (docs/platform/espruino.md §3.2 item 13).
  if (t.substring(0, ESP_PROV_PREFIX.length) === ESP_PROV_PREFIX) t = t.substring(ESP_PROV_PREFIX.length);
  const f = t.split(" ").filter((w) => w.length > 0);
  if (f.length === 2 && parseSessionId(f[1] as string) >= 0) return "empty request (expected hex bytes after the session id)";
  if (f.length !== 3) return "not a request (expected: <endpoint> <session_id> <hex>)";
  const session = parseSessionId(f[1] as string);
  if (session < 0) return "bad session id (expected a decimal number 0.." + MAX_SESSION_ID + ")";
  return { endpoint: f[0] as string, session: session, hex: f[2] as string };
}

/** The answer line for a successful request. */
export function respLine(endpoint: string, session: number, hex: string): string {
  return RESP_TAG + " " + endpoint + " " + session + " " + hex;
}

/** The answer line for a refused or failed request (reason: words, no secrets). */
export function errLine(endpoint: string | undefined, session: number | undefined, err: number, reason: string): string {
  const sid = session === undefined || session < 0 ? "-" : String(session);
  return ERR_TAG + " " + (endpoint || "-") + " " + sid + " " + errHex(err) + " " + reason;
}
