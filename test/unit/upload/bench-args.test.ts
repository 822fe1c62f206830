// tools/upload/bench.ts without a board: arguments, the upload lines and the console protocol
// against a scripted console (the interpreter tier runs it for real: test/bundle/board-bench.test.ts).
import assert from "node:assert/strict";
import { BENCH_FILE, parseBenchArgs, runBench, uploadLines, type Console } from "../../../tools/upload/bench.ts";

describe("./build.sh bench arguments", () => {
  it("takes --port, --baud and --timeout (seconds), with the defaults", () => {
    assert.deepEqual(parseBenchArgs(["--port", "/dev/ttyUSB0"]), { port: "/dev/ttyUSB0", baud: 115200, timeoutMs: 900000 });
    assert.deepEqual(parseBenchArgs(["-p", "tcp://10.0.0.2:23", "-b", "9600", "--timeout", "60"]), { port: "tcp://10.0.0.2:23", baud: 9600, timeoutMs: 60000 });
    assert.equal(parseBenchArgs(["--help"]), undefined);
  });

  it("refuses a missing port, a bad baud or timeout and unknown options", () => {
    assert.throws(() => parseBenchArgs([]), /--port is required/);
    assert.throws(() => parseBenchArgs(["--port", "/dev/ttyUSB0", "--baud", "fast"]), /--baud/);
    assert.throws(() => parseBenchArgs(["--port", "/dev/ttyUSB0", "--timeout", "0"]), /--timeout/);
    assert.throws(() => parseBenchArgs(["--port", "/dev/ttyUSB0", "--board"]), /unknown bench option --board/);
    assert.throws(() => parseBenchArgs(["--port"]), /--port needs a value/);
  });
});

describe("board benchmark upload", () => {
  it("writes the code in 256-character pieces at their offsets, each acknowledged", () => {
    const code = "x".repeat(600) + '"\\';
    const lines = uploadLines(code);
    assert.equal(lines.length, 1 + 3);
    assert.match(lines[0] as string, /^echo\(0\);require\("Storage"\)\.erase\("wpbench\.js"\);.*print\("WPB-ACK 0"\)$/);
    let rebuilt = "";
    lines.slice(1).forEach((l, i) => {
      const m = /^require\("Storage"\)\.write\("wpbench\.js",(".*"),(\d+),(\d+)\);print\("WPB-ACK (\d+)"\)$/.exec(l);
      assert.ok(m, l);
      assert.equal(Number(m[2]), rebuilt.length);
      assert.equal(Number(m[3]), code.length);
      assert.equal(Number(m[4]), i + 1);
      rebuilt += JSON.parse(m[1] as string) as string;
    });
    assert.equal(rebuilt, code);
    assert.equal(BENCH_FILE, "wpbench.js");
  });

  it("sends the next line only after the previous one's acknowledgement, then resolves with the figures and the baseline", async () => {
    const sent: string[] = [];
    let onData: (s: string) => void = () => undefined;
    let partial = "";
    const con: Console = {
      write: (s) => {
        partial += s;
        let i: number;
        while ((i = partial.indexOf("\n")) >= 0) {
          const line = partial.slice(0, i);
          partial = partial.slice(i + 1);
          if (!line) continue;
          sent.push(line);
          const ack = /print\("WPB-ACK (\d+)"\)$/.exec(line);
          // The board answers asynchronously, in pieces.
          if (ack) setTimeout(() => (ack[1] === "0" ? onData("WPB-BASE 40\r\nWPB-AC") : undefined, onData((ack[1] === "0" ? "K 0" : "WPB-ACK " + ack[1]) + "\r\n")), 1);
          else if (/^eval\(/.test(line)) setTimeout(() => onData('WIFIPROV-BENCH {"x25519Ok":true,"jsvarsPeak":500}\r\n'), 1);
        }
      },
      onData: (fn) => void (onData = fn),
      close: () => undefined,
    };
    const json = await runBench(con, "y".repeat(300), 5000);
    assert.deepEqual(JSON.parse(json), { x25519Ok: true, jsvarsPeak: 500, jsvarsBare: 40, jsvarsPeakAboveBare: 460 });
    assert.equal(sent.length, 1 + 2 + 1);
    assert.match(sent[3] as string, /^eval\(require\("Storage"\)\.read\("wpbench\.js"\)\)$/);
  });

  it("fails with the board's words on an error after the upload started", async () => {
    let onData: (s: string) => void = () => undefined;
    const con: Console = {
      write: (s) => {
        if (/WPB-ACK 0/.test(s)) setTimeout(() => onData("WPB-ACK 0\r\n"), 1);
        else if (/WPB-ACK 1/.test(s)) setTimeout(() => onData("Uncaught Error: Out of memory\r\n"), 1);
      },
      onData: (fn) => void (onData = fn),
      close: () => undefined,
    };
    await assert.rejects(runBench(con, "z", 5000), /the board reported Uncaught Error: Out of memory/);
  });
});
