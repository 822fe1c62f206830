import assert from "node:assert/strict";
import { Protocomm } from "../../../src/protocomm/protocomm.ts";
import { sec0 } from "../../../src/protocomm/sec0.ts";
import type { Security } from "../../../src/protocomm/security.ts";
import { MAX_LINE_CHARS, parseRequestLine } from "../../../src/protocomm/console-line.ts";
import { TransportConsole } from "../../../src/protocomm/transport-console.ts";
import { FakeClock } from "../../fakes/fake-clock.ts";

/** A security scheme that records session opens/closes; handshake echoes. */
function recordingSecurity(log: string[]): Security {
  return {
    ver: 0,
    patchVer: 0,
    newSession: (id) => (log.push(`open ${id}`), 0),
    closeSession: (id) => (log.push(`close ${id}`), 0),
    handshake: (_id, d, done) => done(0, d),
    decrypt: (_id, d) => d,
    encrypt: (_id, d) => d,
    cleanup: () => undefined,
  };
}

function setup(sec?: (clock: FakeClock) => Security) {
  const clock = new FakeClock();
  const pc = new Protocomm(clock);
  const log: string[] = [];
  pc.setSecurity("prov-session", sec ? sec(clock) : recordingSecurity(log));
  pc.setVersion("proto-ver", '{"prov":{"ver":"v1.1"}}');
  pc.addEndpoint("echo", (_id, d, cb) => cb(0, d));
  pc.addEndpoint("fail", (_id, _d, cb) => cb(-1));
  const t = new TransportConsole(clock);
  let started: number | undefined;
  t.start(pc, (e) => (started = e));
  clock.flush();
  assert.equal(started, 0);
  const out: string[] = [];
  /** Feeds lines and returns the answer lines they produced. */
  const feed = (...lines: string[]) => {
    out.length = 0;
    for (const l of lines) t.line(l, (a) => out.push(a));
    clock.runAll();
    return out.slice();
  };
  return { clock, pc, t, log, feed };
}

describe("Console transport (protocomm_console)", () => {
  it("answers esp_prov's request line, exactly as esp_prov prints it, with a tagged hex line (sec0)", () => {
    const x = setup(sec0);
    // transport_console.py: print('Client->Device msg :', path, session_id, data.hex())
    const a = x.feed("Client->Device msg : prov-session 0 5203a20100");
    // security0.c: 52 05 08 01 aa 01 00 (S0_Session_Response, status 0)
    assert.deepEqual(a, ["WIFIPROV-RESP prov-session 0 52050801aa0100"]);
  });

  it("answers the protocomm_console.c command form and tolerates CR LF, \\x10 and extra blanks", () => {
    const x = setup();
    assert.deepEqual(x.feed("echo 7 0aff10\r"), ["WIFIPROV-RESP echo 7 0aff10"]);
    assert.deepEqual(x.feed("\x10  echo\t7   0AFF10  \r\n"), ["WIFIPROV-RESP echo 7 0aff10"]);
  });

  it("opens a transport session for a new session id only, and proto-ver opens none", () => {
    const x = setup();
    x.feed("proto-ver 5 6e6f6e65");
    assert.deepEqual(x.log, []);
    x.feed("echo 5 01", "echo 5 02");
    assert.deepEqual(x.log, ["open 5"]);
    x.feed("echo 6 03");
    assert.deepEqual(x.log, ["open 5", "open 6"]);
    let stopped: number | undefined;
    x.t.stop((e) => (stopped = e));
    x.clock.runAll();
    assert.equal(stopped, 0);
    assert.deepEqual(x.log, ["open 5", "open 6", "close 6"]);
  });

  it("answers proto-ver in plaintext (hex of the version JSON)", () => {
    const x = setup();
    assert.deepEqual(x.feed("proto-ver 0 6e6f6e65"), ["WIFIPROV-RESP proto-ver 0 " + Buffer.from('{"prov":{"ver":"v1.1"}}').toString("hex")]);
  });

  it("refuses bad lines with one exact WIFIPROV-ERR line each and keeps serving", () => {
    const x = setup();
    const cases: [string, string][] = [
      ["echo 0 abc", "WIFIPROV-ERR echo 0 0x102 bad hex (expected an even number of 0-9a-f digits, at least 2)"],
      ["echo 0 zz", "WIFIPROV-ERR echo 0 0x102 bad hex (expected an even number of 0-9a-f digits, at least 2)"],
      ["echo 0", "WIFIPROV-ERR - - 0x102 empty request (expected hex bytes after the session id)"],
      ["Client->Device msg : echo 0 ", "WIFIPROV-ERR - - 0x102 empty request (expected hex bytes after the session id)"],
      ["nope 0 00", "WIFIPROV-ERR nope 0 0x105 no such endpoint"],
      ["echo x1 00", "WIFIPROV-ERR - - 0x102 bad session id (expected a decimal number 0..4294967294)"],
      ["echo 4294967295 00", "WIFIPROV-ERR - - 0x102 bad session id (expected a decimal number 0..4294967294)"],
      ["var x = 1;", "WIFIPROV-ERR - - 0x102 not a request (expected: <endpoint> <session_id> <hex>)"],
      ["echo 0 " + "00".repeat(4097), "WIFIPROV-ERR echo 0 0x102 request longer than 4096 bytes"],
      ["x".repeat(MAX_LINE_CHARS + 1), `WIFIPROV-ERR - - 0x102 line too long (at most ${MAX_LINE_CHARS} characters)`],
      ["fail 0 00", "WIFIPROV-ERR fail 0 0xffffffff request failed"],
    ];
    for (const [line, want] of cases) assert.deepEqual(x.feed(line), [want], line.slice(0, 40));
    assert.deepEqual(x.feed("", "   ", "\r"), []);
    assert.deepEqual(x.feed("echo 0 " + "ab".repeat(4096)), ["WIFIPROV-RESP echo 0 " + "ab".repeat(4096)]);
  });

  it("refuses requests once stopped, and one in flight at the stop is answered as stopped", () => {
    const x = setup();
    const out: string[] = [];
    x.t.line("echo 1 01", (a) => out.push(a));
    x.t.stop(() => undefined);
    x.clock.runAll();
    assert.equal(out.length, 1);
    assert.match(out[0]!, /^WIFIPROV-ERR echo 1 0x[0-9a-f]+ /);
    assert.deepEqual(x.feed("echo 1 01"), ["WIFIPROV-ERR echo 1 0x103 provisioning is not running"]);
  });

  it("the REPL short form request(endpoint, session, hex) answers like a line", () => {
    const x = setup();
    const out: string[] = [];
    x.t.request("echo", 0, "c0ffee", (a) => out.push(a));
    x.t.request("echo", -1, "00", (a) => out.push(a));
    x.t.request("echo", 1.5, "00", (a) => out.push(a));
    x.clock.runAll();
    assert.deepEqual(out, ["WIFIPROV-RESP echo 0 c0ffee", "WIFIPROV-ERR echo - 0x102 bad session id", "WIFIPROV-ERR echo 1.5 0x102 bad session id"]);
  });

  it("parseRequestLine: blank is undefined, both forms give the same request", () => {
    assert.equal(parseRequestLine(" \r"), undefined);
    assert.deepEqual(parseRequestLine("Client->Device msg : prov-config 0 0804"), { endpoint: "prov-config", session: 0, hex: "0804" });
    assert.deepEqual(parseRequestLine("prov-config 0 0804"), { endpoint: "prov-config", session: 0, hex: "0804" });
  });
});
