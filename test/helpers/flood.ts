// An open-loop flood for fairness tests: new connections at a fixed rate whatever the device
// answers (a closed loop can only saturate a device, never exceed it), one request each, at most
// `maxOpen` open at once (an attempt beyond that is counted and skipped). Loopback only.
import * as net from "node:net";

export interface FloodStats {
  seconds: number;
  /** Attempts at the set rate, skipped ones included: the load offered. */
  offered: number;
  /** Connections opened. */
  sent: number;
  /** Answered with HTTP 200. */
  answered: number;
}

export interface Flood {
  /** Stops opening connections, waits for the open ones to end, returns the counts. */
  stop(): Promise<FloodStats>;
}

/** Floods 127.0.0.1:port with `request` (raw bytes) at `rate` per second. */
export function openLoopFlood(port: number, opts: { rate: number; maxOpen: number; request: string; timeoutMs?: number }): Flood {
  const t0 = Date.now();
  const s: FloodStats = { seconds: 0, offered: 0, sent: 0, answered: 0 };
  let open = 0;
  const tick = 10;
  const perTick = opts.rate / (1000 / tick);
  let due = 0;
  const timer = setInterval(() => {
    for (due += perTick; due >= 1; due--) {
      s.offered++;
      if (open >= opts.maxOpen) continue;
      open++;
      s.sent++;
      const sock = net.connect(port, "127.0.0.1");
      let got = "";
      const t = setTimeout(() => sock.destroy(), opts.timeoutMs ?? 10000);
      sock.on("connect", () => sock.write(opts.request));
      sock.on("data", (d) => {
        got += d;
        if (/^HTTP\/1\.[01] 200 /.test(got)) sock.destroy();
      });
      sock.on("error", () => undefined);
      sock.on("close", () => {
        clearTimeout(t);
        open--;
        if (/^HTTP\/1\.[01] 200 /.test(got)) s.answered++;
      });
    }
  }, tick);
  return {
    async stop() {
      clearInterval(timer);
      s.seconds = (Date.now() - t0) / 1000;
      while (open > 0) await new Promise((r) => setTimeout(r, 20));
      return s;
    },
  };
}

/** One line for the test log. */
export function floodLine(s: FloodStats): string {
  const r = (n: number) => (n / s.seconds).toFixed(0);
  return `flood ${s.seconds.toFixed(0)} s: offered ${r(s.offered)}/s, opened ${r(s.sent)}/s, answered ${r(s.answered)}/s`;
}
