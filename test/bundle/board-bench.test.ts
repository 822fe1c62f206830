// ./build.sh bench (tools/upload/bench.ts + tools/bench/entry-board.ts) against the Linux
// interpreter's console: over its stdin/stdout, and as `./build.sh bench --port tcp://…` against
// its Telnet console (fixed port 2323, so in a private network namespace: needs root and unshare).
import assert from "node:assert/strict";
import { spawn, spawnSync } from "node:child_process";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { bundle } from "../../tools/bench/espruino.ts";
import { BENCH_FILE, runBench, type Console } from "../../tools/upload/bench.ts";
import { argv } from "../../tools/ext-tools.ts";
import { requireTool, skipWithReason } from "../helpers/tiers.ts";
import { ROOT } from "./espruino-run.ts";

/** Resident JsVars a board may give provisioning (docs/performance.md, "The board benchmark"): the benchmark must fit. */
const RESIDENT_BUDGET = 1450;

/** The figures every run must report, checked. */
function checkFigures(json: string): Record<string, unknown> {
  const r = JSON.parse(json) as Record<string, unknown>;
  assert.equal(r.x25519Ok, true, "X25519 on the sliced path gave the RFC 7748 result");
  assert.equal(r.getStatusOk, true);
  for (const k of ["forLoopMsPer1000", "leibnizMsPer1000", "sha256PopMs", "aesCtrVerifyMs", "getStatusMs", "x25519Ms", "x25519LongestSliceMs"]) {
    assert.ok(typeof r[k] === "number" && (r[k] as number) > 0, k + " = " + String(r[k]));
  }
  assert.ok((r.jsvarsPeakAboveBare as number) > 0 && (r.jsvarsPeakAboveBare as number) <= RESIDENT_BUDGET, "peak above the bare interpreter: " + String(r.jsvarsPeakAboveBare));
  return r;
}

describe("board benchmark against the Linux interpreter's console", function () {
  this.timeout(180000);
  let bin: ReturnType<typeof requireTool>;
  before(function () {
    bin = requireTool(this, "ESPRUINO");
  });

  it("runs over the console's stdin/stdout, prints one JSON line and erases its Storage file", async () => {
    const dir = mkdtempSync(join(tmpdir(), "wifiprov-bench-"));
    const [cmd, args] = argv(bin, []);
    const p = spawn(cmd, args, { cwd: dir, stdio: ["pipe", "pipe", "ignore"] });
    let out = "";
    const listeners: ((s: string) => void)[] = [];
    p.stdout.on("data", (d: Buffer) => {
      out += d.toString("latin1");
      for (const fn of listeners) fn(d.toString("latin1"));
    });
    const con: Console = { write: (s) => void p.stdin.write(s, "latin1"), onData: (fn) => void listeners.push(fn), close: () => undefined };
    try {
      const code = await bundle("tools/bench/entry-board.ts", "board");
      const json = await runBench(con, code, 120000);
      checkFigures(json);
      con.write('print("LEFT "+require("Storage").list().indexOf(' + JSON.stringify(BENCH_FILE) + "))\n");
      const t0 = Date.now();
      while (!/LEFT -?\d+/.test(out) && Date.now() - t0 < 10000) await new Promise((r) => setTimeout(r, 100));
      assert.match(out, /LEFT -1\r?\n/, "the benchmark's Storage file is gone");
    } finally {
      p.kill("SIGKILL"); // the Linux console spins at the end of its input; it never exits by itself
    }
  });

  it("./build.sh bench --port tcp://127.0.0.1:2323 prints the JSON line (Telnet console, throttled upload)", function () {
    const probe = spawnSync("unshare", ["-n", "true"]);
    if (probe.status !== 0) skipWithReason(this, "needs a private network namespace for Telnet's fixed port 2323 (root and unshare -n)");
    const dir = mkdtempSync(join(tmpdir(), "wifiprov-bench-telnet-"));
    const [cmd, args] = argv(bin, ["--telnet"]);
    const q = (s: string) => "'" + s.replace(/'/g, "'\\''") + "'";
    writeFileSync(join(dir, "run.sh"), [
      "ip link set lo up",
      // stdin an open FIFO, not /dev/null: at end of input the Linux build reads NUL bytes
      // without end (targets/linux/jshardware.c getch()), a busy loop beside the Telnet upload.
      `cd ${q(dir)} && mkfifo stdin.fifo && { ${[cmd, ...args].map(q).join(" ")} < stdin.fifo > telnet.log 2>&1 & }`,
      "EP=$!",
      "exec 3>stdin.fifo",
      "sleep 1.5",
      `cd ${q(ROOT)} && ./build.sh bench --port tcp://127.0.0.1:2323 --timeout 120; RC=$?`,
      "kill -9 $EP",
      "exit $RC",
    ].join("\n") + "\n");
    const r = spawnSync("unshare", ["-n", "sh", join(dir, "run.sh")], { encoding: "utf8", timeout: 170000 });
    assert.equal(r.status, 0, (r.stdout || "") + (r.stderr || ""));
    const lines = (r.stdout || "").split("\n").filter((l) => l.startsWith("WIFIPROV-BENCH "));
    assert.equal(lines.length, 1, r.stdout);
    checkFigures((lines[0] as string).slice("WIFIPROV-BENCH ".length));
  });
});
