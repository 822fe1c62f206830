// Joins esp_prov's console mode to a device console through pipes, doing what a person does by
// hand (README "Provisioning over a console"): each `Client->Device msg : …` line esp_prov prints
// goes to the device; the hex of the device's WIFIPROV-RESP answer goes to esp_prov's
// `Enter device->client msg : ` prompt (an empty line for WIFIPROV-ERR).
// esp_prov reads with input(): its prompt has no newline and the reply is not echoed, so the
// next request line follows the prompt on the same output line.
import { spawn } from "node:child_process";
import type { Readable, Writable } from "node:stream";
import { argv, type Tool } from "../../tools/ext-tools.ts";

const REQ = "Client->Device msg :";
const ANSWER = /WIFIPROV-(RESP|ERR) (\S+) (\S+) ?(\S*)/;

export interface Bridged {
  /** Request lines forwarded to the device, in order. */
  requests: string[];
  /** Answer lines forwarded to esp_prov, in order. */
  answers: string[];
}

function lines(src: Readable, onLine: (l: string) => void): void {
  let buf = "";
  src.on("data", (d: Buffer) => {
    buf += d.toString("latin1");
    for (let i = buf.search(/\r?\n/); i >= 0; i = buf.search(/\r?\n/)) {
      const l = buf.slice(0, i);
      buf = buf.slice(buf[i] === "\r" ? i + 2 : i + 1);
      onLine(l);
    }
  });
}

/** Forwards between esp_prov (its stdout/stdin) and a device console (its output/input). */
export function bridge(esp: { stdout: Readable; stdin: Writable }, dev: { output: Readable; input: Writable }, seen: (l: string) => void = () => undefined): Bridged {
  const b: Bridged = { requests: [], answers: [] };
  lines(esp.stdout, (l) => {
    seen(l);
    const i = l.indexOf(REQ);
    if (i < 0) return;
    const req = l.slice(i);
    b.requests.push(req);
    dev.input.write(req + "\n");
  });
  lines(dev.output, (l) => {
    const m = ANSWER.exec(l);
    if (!m) return;
    b.answers.push(m[0]);
    if (!esp.stdin.destroyed) esp.stdin.write((m[1] === "RESP" ? m[4] : "") + "\n");
  });
  return b;
}

/** Runs esp_prov --transport console (tool: ESP_PROV) against a device console through the bridge; resolves with its exit code, its output and the traffic. */
export function espProvConsole(tool: Tool, args: string[], dev: { output: Readable; input: Writable }): Promise<{ code: number | null; out: string; traffic: Bridged }> {
  const [cmd, all] = argv(tool, ["--transport", "console", ...args]);
  const child = spawn(cmd, all, { env: { ...process.env, PYTHONUNBUFFERED: "1" } });
  let out = "";
  child.stderr.on("data", (d) => (out += d));
  const traffic = bridge({ stdout: child.stdout, stdin: child.stdin }, dev, (l) => (out += l + "\n"));
  return new Promise((resolve) => child.on("exit", (code) => resolve({ code, out, traffic })));
}
