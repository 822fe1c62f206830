// esp_prov's request line pasted bare on the Espruino console (firmware/espruino/console-paste.ts):
// the filter between the console device and the REPL, and the console swap around it against fake
// USB / LoopbackA / LoopbackB objects. The interpreter tier: test/bundle/console-binding.test.ts.
import assert from "node:assert/strict";
import { heldLines, takePastedLines } from "../../../firmware/espruino/console-paste";
import { ESP_PROV_PREFIX, MAX_LINE_CHARS } from "../../../src/protocomm/console-line";

const LINE = "Client->Device msg : proto-ver 0 6e6f5f706f70";

function filter() {
  const taken: string[] = [];
  return { taken, feed: heldLines((l) => taken.push(l)) };
}

describe("console paste filter", function () {
  it("takes esp_prov's line whole, in one piece or byte by byte, and passes nothing of it on", function () {
    for (const pieces of [[LINE + "\r\n"], (LINE + "\n").split("")]) {
      const f = filter();
      assert.equal(pieces.map(f.feed).join(""), "");
      assert.deepEqual(f.taken, [LINE]);
    }
  });

  it("passes REPL input on at once, except a line start that may still become the prefix", function () {
    const f = filter();
    assert.equal(f.feed("p"), "p");
    assert.equal(f.feed("rint(1)\r"), "rint(1)\r");
    assert.equal(f.feed("Cl"), "", "held: may still be esp_prov's line");
    assert.equal(f.feed("ear"), "Clear", "let go once it differs");
    assert.equal(f.feed("()\r\x10print(2)\n"), "()\r\x10print(2)\n");
    assert.equal(f.feed("C\r"), "C\r", "held bytes go on with the line end");
    assert.deepEqual(f.taken, []);
  });

  it("does not take the prefix in the middle of a line, and swallows only the \\n of a taken line's \\r\\n", function () {
    const f = filter();
    assert.equal(f.feed('print("' + LINE + '")\r'), 'print("' + LINE + '")\r');
    assert.equal(f.feed(LINE + "\r\n\n"), "\n");
    assert.deepEqual(f.taken, [LINE]);
  });

  it("keeps taking after a line too long for the parser, which refuses it", function () {
    const f = filter();
    f.feed(LINE + "ab".repeat(6000) + "\n" + LINE + "\n");
    assert.equal(f.taken.length, 2);
    assert.equal(f.taken[0]!.length, MAX_LINE_CHARS + 1, "kept just long enough to be refused");
    assert.equal(f.taken[1], LINE);
  });
});

/** The filter byte by byte, as first written: the oracle for the chunked one. */
function byteByByte(take: (line: string) => void): (data: string) => string {
  let atStart = true;
  let held = "";
  let line: string | undefined;
  let afterLine = false;
  return (data) => {
    let pass = "";
    for (const c of data) {
      const end = c === "\r" || c === "\n";
      const crlf = afterLine && c === "\n";
      afterLine = false;
      if (crlf) continue;
      if (line !== undefined) {
        if (end) {
          take(line);
          line = undefined;
          atStart = true;
          afterLine = c === "\r";
        } else if (line.length <= MAX_LINE_CHARS) line += c;
        continue;
      }
      if (atStart && !end) {
        if (ESP_PROV_PREFIX.charAt(held.length) === c) {
          held += c;
          if (held.length === ESP_PROV_PREFIX.length) {
            line = held;
            held = "";
          }
          continue;
        }
        atStart = false;
      }
      pass += held + c;
      held = "";
      atStart = end;
    }
    return pass;
  };
}

describe("console paste filter against a byte-by-byte oracle", function () {
  it("passes on and takes the same as the oracle for 500 random inputs in random pieces (fixed seed)", function () {
    let seed = 20261204;
    const rnd = (n: number) => ((seed = (Math.imul(seed, 1103515245) + 12345) >>> 0) >>> 8) % n;
    const words = ["Client->Device msg : ", "Client->Dev", "Cl", "C", "\r", "\n", "\r\n", "print(1)", "\x10", "echo 0 0a", " ", "x".repeat(300)];
    for (let run = 0; run < 500; run++) {
      let text = "";
      for (let k = rnd(40); k > 0; k--) text += words[rnd(words.length)];
      if (rnd(8) === 0) text += "Client->Device msg : " + "ab".repeat(4200) + "\n";
      const a = { taken: [] as string[], out: "" };
      const b = { taken: [] as string[], out: "" };
      const chunked = heldLines((l) => a.taken.push(l));
      const oracle = byteByByte((l) => b.taken.push(l));
      for (let i = 0; i < text.length; ) {
        const j = Math.min(text.length, i + 1 + rnd(rnd(2) ? 8 : 2000));
        a.out += chunked(text.slice(i, j));
        i = j;
      }
      b.out = oracle(text);
      assert.deepEqual(a, b, JSON.stringify(text.slice(0, 200)));
    }
  });
});

describe("console paste: the console swap", function () {
  type Fn = (d: string) => void;
  class FakeDevice {
    written = "";
    fns: Fn[] = [];
    write(d: string) {
      this.written += d;
    }
    on(_: string, fn: Fn) {
      this.fns.push(fn);
    }
    removeListener(_: string, fn: Fn) {
      this.fns = this.fns.filter((f) => f !== fn);
    }
    emit(d: string) {
      for (const f of this.fns) f(d);
    }
  }
  const g = globalThis as unknown as Record<string, unknown>;
  let consoleName = "USB";
  let usb: FakeDevice, loopB: FakeDevice;
  beforeEach(() => {
    usb = new FakeDevice();
    loopB = new FakeDevice();
    consoleName = "USB";
    g.USB = usb;
    g.LoopbackB = loopB;
    g.E = { getConsole: () => consoleName, setConsole: (n: string) => void (consoleName = n) };
  });
  afterEach(() => {
    for (const k of ["USB", "LoopbackB", "E"]) delete g[k];
  });

  it("moves the REPL to LoopbackA, echoes and takes a pasted line, passes the rest, and puts everything back", function () {
    const taken: string[] = [];
    const putBack = takePastedLines((l) => taken.push(l));
    assert.equal(consoleName, "LoopbackA");
    usb.emit("print(1)\n" + LINE + "\r\n");
    assert.equal(loopB.written, "print(1)\n");
    assert.deepEqual(taken, [LINE]);
    assert.equal(usb.written, LINE + "\r\n", "the pasted line is echoed");
    loopB.emit("=undefined\r\n>");
    assert.equal(usb.written, LINE + "\r\n=undefined\r\n>", "the REPL's output reaches the device");
    putBack();
    assert.equal(consoleName, "USB");
    assert.deepEqual([usb.fns.length, loopB.fns.length], [0, 0]);
  });

  it("leaves a console it cannot stand in front of alone (a loopback already, Telnet, none)", function () {
    for (const name of ["LoopbackA", "Telnet", ""]) {
      consoleName = name;
      const putBack = takePastedLines(() => undefined);
      assert.equal(consoleName, name);
      putBack();
      assert.equal(consoleName, name);
    }
    assert.deepEqual([usb.fns.length, loopB.fns.length], [0, 0]);
  });

  it("does not take the console back from a Telnet client that took it over meanwhile", function () {
    const putBack = takePastedLines(() => undefined);
    consoleName = "Telnet";
    putBack();
    assert.equal(consoleName, "Telnet");
    assert.deepEqual([usb.fns.length, loopB.fns.length], [0, 0]);
  });
});
