// esp_prov's console mode (transport/transport_console.py) against the virtual device's console
// transport (`npm start -- --transport console`), joined by a bridge that does what a person
// does by hand: request lines to the device, answer hex back. Runs only when ESP_PROV is set.
import assert from "node:assert/strict";
import type { Tool } from "../../tools/ext-tools.ts";
import { startConsoleSim, type ConsoleSim } from "../helpers/console-sim.ts";
import { espProvConsole as espProvThrough } from "../helpers/esp-prov-console-bridge.ts";
import { requireTool } from "../helpers/tiers.ts";

let espProvTool: Tool | undefined;

/** esp_prov --transport console against the virtual device's console. */
const espProvConsole = (sim: ConsoleSim, args: string[]) => espProvThrough(espProvTool!, args, { output: sim.child.stdout, input: sim.child.stdin });

describe("esp_prov.py console mode against the virtual device's console transport", function () {
  this.timeout(120000);
  let sim: ConsoleSim | undefined;
  before(function () {
    espProvTool = requireTool(this, "ESP_PROV");
  });
  afterEach(async () => {
    if (sim) await sim.stop();
    sim = undefined;
  });
  const creds = ["--ssid", "HomeNet", "--passphrase", "correct horse"];

  it("provisions with security 0: the first request and answer byte for byte", async () => {
    sim = await startConsoleSim(["--sec", "0"]);
    const r = await espProvConsole(sim, ["--sec_ver", "0", ...creds]);
    assert.match(r.out, /==== Provisioning was successful ====/, r.out);
    assert.equal(r.traffic.requests[0], "Client->Device msg : prov-session 0 5203a20100");
    assert.equal(r.traffic.answers[0], "WIFIPROV-RESP prov-session 0 52050801aa0100");
    assert.ok(!r.traffic.answers.some((a) => a.startsWith("WIFIPROV-ERR")), r.traffic.answers.join("\n"));
    // stdout carries protocol lines only; no log line there, and the passphrase is in no log.
    for (const l of sim.stdout().split("\n").filter(Boolean)) assert.match(l, /^WIFIPROV-RESP /);
    assert.ok(!sim.stderr().includes("correct horse"));
  });

  it("completes a security 1 session and provisions; a wrong PoP fails and the device keeps serving", async () => {
    sim = await startConsoleSim(["--pop", "abcd1234"]);
    const bad = await espProvConsole(sim, ["--sec_ver", "1", "--pop", "wrong-pop", ...creds]);
    assert.doesNotMatch(bad.out, /==== Provisioning was successful ====/);
    assert.ok(bad.traffic.answers.some((a) => /^WIFIPROV-ERR prov-session 0 0x/.test(a)), bad.traffic.answers.join("\n"));
    const r = await espProvConsole(sim, ["--sec_ver", "1", "--pop", "abcd1234", ...creds]);
    assert.match(r.out, /==== Provisioning was successful ====/, r.out);
    // has_capability('no_pop') first, then Session_Command0: sec_ver 1, sec1 { sc0 { client_pubkey (32 bytes) } }.
    assert.equal(r.traffic.requests[0], "Client->Device msg : proto-ver 0 " + Buffer.from("no_pop").toString("hex"));
    assert.match(r.traffic.requests[1]!, /^Client->Device msg : prov-session 0 10015a25a201220a20[0-9a-f]{64}$/);
    assert.ok(!sim.stderr().includes("correct horse"));
  });

  it("completes a security 2 session (SRP6a; a 406-byte first request) and provisions", async () => {
    sim = await startConsoleSim(["--sec", "2"]);
    const r = await espProvConsole(sim, ["--sec_ver", "2", "--sec2_username", "wifiprov", "--sec2_pwd", "abcd1234", ...creds]);
    assert.match(r.out, /==== Provisioning was successful ====/, r.out);
    const first = r.traffic.requests.find((q) => q.includes(" prov-session "))!;
    assert.equal(first.split(" ").pop()!.length, 2 * 406);
  });
});
