// The virtual device: the real src/ provisioning stack on Node ports and a simulated radio.
import * as nc from "node:crypto";
import * as path from "node:path";
import { bytesStr, strBytes } from "../../src/core/bytes.ts";
import { errHex, setLogSink } from "../../src/core/log.ts";
import type { Platform } from "../../src/platform/index.ts";
import type { WifiEvent } from "../../src/platform/wifi.ts";
import { ProvManager } from "../../src/prov/manager.ts";
import { SchemeConsole } from "../../src/prov/scheme-console.ts";
import { SchemeSoftAp } from "../../src/prov/scheme-softap.ts";
import { TransportConsole } from "../../src/protocomm/transport-console.ts";
import { TransportHttpd } from "../../src/protocomm/transport-httpd.ts";
import { loadCreds } from "../../src/wifi/creds.ts";
import { NodeClock } from "../node-platform/clock.ts";
import { nodeCrypto } from "../node-platform/crypto.ts";
import { NodeHttp } from "../node-platform/http.ts";
import { FileKv } from "../node-platform/kv-file.ts";
import { SimWifi } from "../node-platform/sim-wifi.ts";
import { hostPort, resetCommand, type SimOptions } from "./args.ts";
import { apsFromSpecs, defaultNeighbourhood, type SimAp } from "./neighbourhood.ts";
import type { Scenario } from "./scenario.ts";
import { SimPortal } from "./captive-portal.ts";
import { makeSec2Factory, sec2Credentials } from "./sec2.ts";

/** What the device tells its user; the CLI prints it, tests capture it. */
export interface DeviceOutput {
  line(text: string): void;
}

const FAIL_TEXT = ["wrong passphrase (authentication error)", "network not found"];

export interface Started {
  /** The bound port, or 0 when provisioning is not served (already provisioned). */
  port: number;
  serviceName: string;
  pop?: string;
  /** With --transport console: the transport the consoles (tools/sim/console.ts) feed. */
  console?: TransportConsole;
  /** The provisioning page's URL and the captive-portal DNS port (HTTP transport only). */
  pageUrl?: string;
  dnsPort?: number;
}

/** startProvisioning failed (the HTTP server could not listen, most often); main.ts finds the cause. */
export class StartError extends Error {
  constructor(message: string, readonly err: number) {
    super(message);
  }
}

/** One virtual ESP32. */
export class VirtualDevice {
  readonly clock = new NodeClock();
  readonly wifi: SimWifi;
  readonly kv: FileKv;
  private http: NodeHttp;
  private manager: ProvManager | undefined;
  private transport: TransportHttpd | undefined;
  private portal: SimPortal | undefined;
  private aps: SimAp[];
  private stopping = false;

  constructor(private opts: SimOptions, private scenario: Scenario, private out: DeviceOutput) {
    this.kv = new FileKv(path.resolve(opts.stateDir));
    this.http = new NodeHttp({ serviceMs: opts.slowMs ?? 0 });
    this.wifi = new SimWifi(this.clock);
    this.aps = opts.aps ? apsFromSpecs(opts.aps) : scenario.aps ? this.scenarioAps() : defaultNeighbourhood();
    this.wifi.aps = this.aps.map((a) => ({ ssid: a.ssid, passphrase: a.passphrase, channel: a.channel, rssi: a.rssi, auth: a.auth, bssid: a.bssid, hidden: a.hidden }));
    const c = scenario.connect ?? {};
    if (c.delayMs !== undefined) this.wifi.connectDelayMs = c.delayMs;
    if (c.ipDelayMs !== undefined) this.wifi.ipDelayMs = c.ipDelayMs;
    if (c.wrongPasswordReason !== undefined) this.wifi.wrongPasswordReason = c.wrongPasswordReason;
    if (c.ip !== undefined) this.wifi.ip = c.ip;
    if (c.flakyAttempts) this.wifi.flakyConnects(c.flakyAttempts);
    if (scenario.scan?.activeDwellMs !== undefined) this.wifi.activeDwellMs = scenario.scan.activeDwellMs;
    if (scenario.scan?.passiveDwellMs !== undefined) this.wifi.passiveDwellMs = scenario.scan.passiveDwellMs;
    // Device logs: tags and codes only; src/ never passes secrets to the log.
    setLogSink((level, tag, msg) => {
      if (level <= 2) this.out.line(`  [${tag}] ${msg}`);
    });
  }

  private scenarioAps(): SimAp[] {
    return (this.scenario.aps ?? []).map((a, i) => ({
      ssid: a.ssid,
      passphrase: a.passphrase,
      channel: a.channel ?? 6,
      rssi: a.rssi ?? -50,
      auth: a.auth ?? (a.passphrase ? 3 : 0),
      bssid: a.bssid ? new Uint8Array(Buffer.from(a.bssid.replace(/:/g, ""), "hex")) : new Uint8Array([0x24, 0x0a, 0xc4, 0, 0, i + 1]),
      hidden: a.hidden,
    }));
  }

  private platform(): Platform {
    return { clock: this.clock, crypto: nodeCrypto, kv: this.kv, wifi: this.wifi, http: this.http };
  }

  /** Starts provisioning, or joins the saved network when already provisioned. */
  start(): Promise<Started> {
    const o = this.opts;
    const serviceName = o.serviceName ?? "PROV_" + nc.randomBytes(3).toString("hex").toUpperCase();
    if (o.reset) this.kv.erase("prov.sta");
    const saved = loadCreds(this.kv);
    if (saved && saved.ssid.length > 0) return this.joinSaved(bytesStr(saved.ssid), saved.password, serviceName);
    const p = this.platform();
    const m = this.scenario.manager ?? {};
    const portalEps = ["proto-ver", "prov-session", "prov-config", "prov-scan", "prov-ctrl"].concat((this.scenario.customEndpoints ?? [{ name: "custom-data" }]).map((e) => e.name));
    const portal = o.transport === "console" ? undefined : new SimPortal({ host: o.host, dnsPort: o.noCaptivePortal ? undefined : o.dnsPort ?? 0, redirects: !o.noCaptivePortal, endpoints: portalEps, log: (l) => this.out.line(l) });
    this.portal = portal;
    const transport = new TransportHttpd({ http: portal ? portal.wrap(this.http) : this.http, crypto: p.crypto, clock: p.clock, port: o.port, host: o.host });
    const consoleT = o.transport === "console" ? new TransportConsole(p.clock) : undefined;
    if (!consoleT) this.transport = transport;
    const out = this.out;
    let ssid = "";
    const mgr = new ProvManager(p, {
      scheme: consoleT ? new SchemeConsole(consoleT) : new SchemeSoftAp(p.wifi, p.clock, transport),
      wifiConnAttempts: m.wifiConnAttempts,
      autoStopTimeoutMs: m.autoStopTimeoutMs,
      saveOnlyOnSuccess: m.saveOnlyOnSuccess,
      acceptNewCredsAfterFailure: m.acceptNewCredsAfterFailure,
      scanMaxResults: m.scanMaxResults,
      proofFailLimit: m.proofFailLimit,
      proofFailWindowMs: m.proofFailWindowMs,
      proofLockoutMs: m.proofLockoutMs,
      makeSec2: makeSec2Factory(p, o.sec2Patch),
      onCredRecv: (s) => {
        ssid = bytesStr(s);
        out.line(`credentials received for "${ssid}"; connecting…`);
      },
      onCredFail: (reason) => {
        out.line(`connection to "${ssid}" failed: ${FAIL_TEXT[reason] ?? "reason " + reason}`);
        out.line(
          `state: failed; provisioning is still running. New credentials are accepted after a prov-ctrl reset: ` +
            `wifi-prov ${consoleT ? "--port …" : `--host ${hostPort(o.host, transport.boundPort())}`} --reset (or --retry) …`
        );
      },
      onCredSuccess: () => {
        out.line(`connected to "${ssid}" (IP ${this.wifi.ip})`);
        out.line(
          m.autoStop === false
            ? `state: provisioned, connected to "${ssid}"; provisioning keeps running (autoStop false): wifi-prov --reprov provisions it again`
            : `state: provisioned, connected to "${ssid}"; provisioning stops shortly`
        );
      },
      onEnd: () => {
        // The captive portal ends with provisioning (its HTTP side closes with the transport).
        void portal?.stopDns();
        if (this.stopping) return;
        out.line(
          this.wifi.joined
            ? `provisioning stopped; the device stays connected to "${ssid}" (state: provisioned). ` +
                `Ctrl-C (or SIGTERM) quits; it rejoins "${ssid}" when started again, ${resetCommand(o)} forgets it.`
            : "provisioning stopped (not connected). Ctrl-C (or SIGTERM) quits."
        );
      },
    });
    this.manager = mgr;
    mgr.init();
    for (const a of this.scenario.appInfo ?? []) mgr.setAppInfo(a.label, a.version, a.capabilities);
    if (m.autoStop === false) mgr.disableAutoStop(m.cleanupDelayMs ?? 1000);
    const endpoints = this.scenario.customEndpoints ?? [{ name: "custom-data", reply: "SUCCESS\0" }];
    for (const ep of endpoints) mgr.endpointCreate(ep.name);
    const pop = o.sec === 1 && !o.noPop ? (o.pop ?? nc.randomBytes(4).toString("hex")) : undefined;
    const secParams = o.sec === 2 ? this.sec2Params() : { pop: pop === undefined ? undefined : strBytes(pop) };
    return new Promise((resolve, reject) => {
      const r = mgr.startProvisioning(o.sec, secParams, serviceName, undefined, (err) => {
        if (err !== 0) return reject(new StartError(`provisioning did not start (error ${errHex(err)})`, err));
        for (const ep of endpoints) {
          const reply = strBytes(ep.reply);
          mgr.endpointRegister(ep.name, (_sid, data, done) => {
            out.line(`custom endpoint ${ep.name}: received ${data.length} bytes`);
            done(0, reply);
          });
        }
        const started: Started = { port: consoleT ? 0 : transport.boundPort(), serviceName, pop: o.sec === 2 ? o.sec2Password ?? "abcd1234" : pop, console: consoleT };
        if (!portal) return resolve(started);
        portal.startDns().then(
          (dnsPort) => resolve({ ...started, pageUrl: portal.url(), dnsPort }),
          (e: NodeJS.ErrnoException) => reject(new StartError(`the captive portal's DNS responder cannot listen on ${hostPort(o.host, o.dnsPort ?? 0)}/udp: ${e.code ?? e.message} (--dns-port, or --no-captive-portal)`, -1))
        );
      });
      if (r !== 0) reject(new StartError(`provisioning did not start (error ${errHex(r)})`, r));
    });
  }

  private sec2Params() {
    return sec2Credentials(this.platform(), this.opts.sec2User ?? "wifiprov", this.opts.sec2Password ?? "abcd1234");
  }

  /** Like the firmware: a provisioned device joins its saved network and serves nothing. */
  private joinSaved(ssid: string, password: Uint8Array, serviceName: string): Promise<Started> {
    const out = this.out;
    const reset = resetCommand(this.opts);
    out.line(`already provisioned for "${ssid}" (saved in ${this.opts.stateDir}): connecting; provisioning is not served.`);
    out.line(`To provision again: stop it (Ctrl-C) and run ${reset}`);
    this.wifi.listen((ev: WifiEvent) => {
      if (ev.kind === "gotIp") out.line(`state: provisioned, connected to "${ssid}" (IP ${ev.ip}). Ctrl-C (or SIGTERM) quits.`);
      if (ev.kind === "disconnected") out.line(`connection to "${ssid}" failed (reason ${ev.reason}); to provision again: ${reset}`);
    });
    this.wifi.setMode("sta", () => this.wifi.connect({ ssid: strBytes(ssid), password }, () => undefined));
    return Promise.resolve({ port: 0, serviceName });
  }

  /** Stops provisioning (if running) and releases the port. */
  stop(): Promise<void> {
    this.stopping = true;
    void this.portal?.stopDns();
    return new Promise((resolve) => {
      const finish = () => {
        this.clock.clearAll();
        setLogSink(undefined);
        resolve();
      };
      const mgr = this.manager;
      if (!mgr) return finish();
      mgr.deinit(() => (this.transport ? this.transport.stop(() => finish()) : finish()));
    });
  }
}
