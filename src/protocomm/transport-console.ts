// Console transport: protocomm requests as text lines, answers as tagged hex lines. Mirrors ESP-IDF
// components/protocomm/src/transports/protocomm_console.c (docs/spec/protocol.md §4.3): the session
// id comes with each request and a new one opens a new transport session; line formats in
// console-line.ts. Where the console is (Espruino's REPL, the virtual device's stdin or a TCP
// console) is the caller's concern: it hands in lines and gets answer lines back.
import type { ClockPort } from "../platform/clock";
import type { Done } from "../platform/done";
import { Err } from "../core/err";
import { fromHex, toHex } from "../core/bytes";
import { errHex, log } from "../core/log";
import { errLine, MAX_REQ_BYTES, parseRequestLine, respLine } from "./console-line";
import type { Protocomm } from "./protocomm";
import type { Transport } from "./transport";

const TAG = "console";
const NONE = -1;

/** Receives one answer line (without the line end). */
export type LineOut = (line: string) => void;

/** The console transport. One security session at a time, as every transport. */
export class TransportConsole implements Transport {
  private clock_: ClockPort;
  private pc_: Protocomm | undefined;
  private session_: number;

  constructor(clock: ClockPort) {
    this.clock_ = clock;
    this.pc_ = undefined;
    this.session_ = NONE;
  }

  start(pc: Protocomm, done: Done): void {
    const err = this.pc_ ? Err.INVALID_STATE : Err.OK;
    if (!this.pc_) this.pc_ = pc;
    this.clock_.setTimer(0, () => done(err));
  }

  /** protocomm_console_stop(): later lines are refused. Idempotent. */
  stop(done: Done): void {
    const pc = this.pc_;
    if (pc && this.session_ !== NONE) pc.closeSession(this.session_);
    this.session_ = NONE;
    this.pc_ = undefined;
    this.clock_.setTimer(0, () => done(Err.OK));
  }

  /** Whether provisioning is being served on the console. */
  running(): boolean {
    return this.pc_ !== undefined;
  }

  /**
   * One line typed or pasted on the console: esp_prov's request line or the IDF command form.
   * Blank lines are ignored; anything else gets exactly one answer line through out, later.
   */
  line(text: string, out: LineOut): void {
    const r = parseRequestLine(text);
    if (r === undefined) return;
    if (typeof r === "string") return this.answer_(out, errLine(undefined, undefined, Err.INVALID_ARG, r));
    this.request(r.endpoint, r.session, r.hex, out);
  }

  /** One request (the REPL short form prov.console(endpoint, hex, session) lands here). */
  request(endpoint: string, session: number, hex: string, out: LineOut): void {
    const pc = this.pc_;
    const bytes = hex.length <= 2 * MAX_REQ_BYTES ? fromHex(hex) : undefined;
    let err = Err.OK;
    let why = "";
    if (!pc) {
      err = Err.INVALID_STATE;
      why = "provisioning is not running";
    } else if (!pc.hasEndpoint(endpoint)) {
      err = Err.NOT_FOUND;
      why = "no such endpoint";
    } else if (!(session >= 0 && session <= 0xfffffffe && Math.floor(session) === session)) {
      err = Err.INVALID_ARG;
      why = "bad session id";
    } else if (!bytes || !bytes.length) {
      err = Err.INVALID_ARG;
      why = hex.length > 2 * MAX_REQ_BYTES ? "request longer than " + MAX_REQ_BYTES + " bytes" : "bad hex (expected an even number of 0-9a-f digits, at least 2)";
    }
    if (err !== Err.OK || !pc) return this.answer_(out, errLine(endpoint, session, err, why));
    // protocomm_console.c common_cmd_handler: a session id other than the current one opens a
    // new transport session (the security scheme drops the old one). [impl] proto-ver opens or
    // replaces none, as on the HTTP transport: it needs no session.
    if (session !== this.session_ && !pc.isVersion(endpoint)) {
      if (pc.openSession(session) === Err.OK) this.session_ = session;
    }
    const self = this;
    pc.handle(endpoint, session, bytes as Uint8Array, (e, res) => {
      if (self.pc_ !== pc) return out(errLine(endpoint, session, Err.INVALID_STATE, "provisioning stopped"));
      if (e !== Err.OK || !res) {
        log(2, TAG, endpoint + " failed " + errHex(e));
        return out(errLine(endpoint, session, e !== Err.OK ? e : Err.FAIL, "request failed"));
      }
      out(respLine(endpoint, session, toHex(res)));
    });
  }

  private answer_(out: LineOut, line: string): void {
    this.clock_.setTimer(0, () => out(line));
  }
}
