// The virtual device's console input (tools/sim/console.ts): line splitting, the overlong-line
// guard and the REPL call form wifi-prov types, as the board's REPL would take them.
import assert from "node:assert/strict";
import { MAX_LINE_CHARS } from "../../../src/protocomm/console-line.ts";
import type { TransportConsole } from "../../../src/protocomm/transport-console.ts";
import { consoleLine, lineReader } from "../../../tools/sim/console.ts";

/** A transport stand-in recording what reaches it. */
function recorder() {
  const got: string[] = [];
  const t = {
    request: (ep: string, sid: number, hex: string) => got.push(`request ${ep} ${sid} ${hex}`),
    line: (l: string) => got.push(`line ${JSON.stringify(l)}`),
  } as unknown as TransportConsole;
  return { t, got };
}

describe("virtual device console input", () => {
  it("splits on CR, LF and CR LF (one line each), across chunks", () => {
    const lines: string[] = [];
    let long = 0;
    const feed = lineReader((l) => lines.push(l), () => long++);
    feed("a\r\nb");
    feed("\rc\n\n");
    feed("d\r");
    feed("\ne\r\r");
    assert.deepEqual(lines, ["a", "b", "c", "", "d", "e", ""]);
    assert.equal(long, 0);
  });

  it("drops a line over MAX_LINE_CHARS with one too-long report, then reads on", () => {
    const lines: string[] = [];
    let long = 0;
    const feed = lineReader((l) => lines.push(l), () => long++);
    feed("x".repeat(MAX_LINE_CHARS));
    feed("\n" + "y".repeat(MAX_LINE_CHARS + 1));
    feed("yyyy\nok\n");
    assert.deepEqual([lines.length, lines[0]!.length, lines[1], long], [2, MAX_LINE_CHARS, "ok", 1]);
  });

  it("takes the REPL call (either quotes, optional session id, \\x10 prefix); anything else is a request line", () => {
    const r = recorder();
    consoleLine(r.t, '\x10prov.console("prov-session","5203a20100",2022374508)\r', () => undefined);
    consoleLine(r.t, "prov.console('proto-ver', '6e6f6e65');", () => undefined);
    consoleLine(r.t, 'prov.console("proto-ver","6e",-1)', () => undefined);
    consoleLine(r.t, "proto-ver 0 6e", () => undefined);
    assert.deepEqual(r.got, [
      "request prov-session 2022374508 5203a20100",
      "request proto-ver 0 6e6f6e65",
      'line "prov.console(\\"proto-ver\\",\\"6e\\",-1)"',
      'line "proto-ver 0 6e"',
    ]);
  });
});
