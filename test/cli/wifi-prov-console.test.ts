// End to end over the console transport: `wifi-prov --port tcp://127.0.0.1:N` (espruino-tools
// connection layer) provisions the virtual device's TCP console (`--console-port 0`), and the
// device's stdin/stdout console answers request lines with protocol lines only.
import assert from "node:assert/strict";
import { startConsoleSim, type ConsoleSim } from "../helpers/console-sim.ts";
import { runCli } from "../helpers/processes.ts";

const creds = ["--ssid", "HomeNet", "--passphrase", "correct horse", "--poll-ms", "300"];
const PROVISIONED = 'Provisioned: the device is connected to "HomeNet" (IP 192.168.1.42, channel 6)\n';

describe("wifi-prov --port over the virtual device's console transport", function () {
  this.timeout(60000);
  let sim: ConsoleSim | undefined;
  afterEach(async () => {
    if (sim) assert.equal(await sim.stop(), 0);
    sim = undefined;
  });

  it("provisions with security 0 over tcp://127.0.0.1; stdout has the result only, the device's stdout nothing", async () => {
    sim = await startConsoleSim(["--sec", "0", "--console-port", "0"]);
    const r = await runCli(["--port", sim.tcp!, ...creds]);
    assert.equal(r.code, 0, r.stderr);
    assert.equal(r.stdout, PROVISIONED);
    assert.match(r.stderr, /^Console tcp:\/\/127\.0\.0\.1:\d+ open \(session \d+\)\n/);
    assert.match(r.stderr, /Establishing a security 0 session/);
    assert.equal(sim.stdout(), "");
    assert.match(sim.stderr(), /connected to "HomeNet"/);
    assert.ok(!sim.stderr().includes("correct horse"));
  });

  it("provisions with security 1; a wrong PoP is exit 3 and the device keeps serving", async () => {
    sim = await startConsoleSim(["--pop", "abcd1234", "--console-port", "0"]);
    const bad = await runCli(["--port", sim.tcp!, "--pop", "wrong", ...creds]);
    assert.equal(bad.code, 3, bad.stderr);
    assert.match(bad.stderr, /No session: the device closed the connection during the handshake: wrong proof of possession \(PoP\)\?\n/);
    const r = await runCli(["--port", sim.tcp!, "--pop", "abcd1234", ...creds]);
    assert.equal(r.code, 0, r.stderr);
    assert.equal(r.stdout, PROVISIONED);
    assert.match(r.stderr, /Session established \(security 1\)/);
    assert.ok(!sim.stderr().includes("correct horse"));
  });

  it("provisions with security 2: a 406-byte request, past ESP-IDF's 256-character console line", async () => {
    sim = await startConsoleSim(["--sec", "2", "--console-port", "0"]);
    const r = await runCli(["--port", sim.tcp!, "--sec", "2", "--sec2-password", "abcd1234", ...creds]);
    assert.equal(r.code, 0, r.stderr);
    assert.equal(r.stdout, PROVISIONED);
    assert.match(r.stderr, /Session established \(security 2\)/);
  });

  it("answers stdin lines on stdout, protocol lines only: an error line for junk, then the request", async () => {
    sim = await startConsoleSim(["--sec", "0"]);
    sim.child.stdin.write("hello\r\n" + "prov.console('nope','00')\n" + "Client->Device msg : prov-session 0 5203a20100\n" + 'prov.console("prov-session","5203a20100",9)\n');
    const want =
      "WIFIPROV-ERR - - 0x102 not a request (expected: <endpoint> <session_id> <hex>)\n" +
      "WIFIPROV-ERR nope 0 0x105 no such endpoint\n" +
      "WIFIPROV-RESP prov-session 0 52050801aa0100\n" +
      "WIFIPROV-RESP prov-session 9 52050801aa0100\n";
    for (let i = 0; i < 100 && sim.stdout().length < want.length; i++) await new Promise((r) => setTimeout(r, 50));
    assert.equal(sim.stdout(), want);
  });

  it("refuses --port with --host (exit 2) and reports a console nobody listens on (exit 3)", async () => {
    const both = await runCli(["--port", "tcp://127.0.0.1:9", "--host", "127.0.0.1:8080", ...creds]);
    assert.equal(both.code, 2);
    assert.match(both.stderr, /use either --host \(SoftAP\/HTTP\) or --port \(console\), not both/);
    const none = await runCli(["--port", "tcp://127.0.0.1:9", ...creds]);
    assert.equal(none.code, 3);
    assert.equal(none.stderr, "No session: cannot reach the device: cannot connect to tcp://127.0.0.1:9 (ECONNREFUSED)\n");
  });
});
