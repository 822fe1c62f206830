// Command-line flags of the virtual device: parsed into SimOptions or a usage error.
export interface ApSpec {
  ssid: string;
  passphrase?: string;
  channel: number;
  rssi: number;
}

export interface SimOptions {
  host: string;
  port: number;
  sec: 0 | 1 | 2;
  pop?: string;
  noPop: boolean;
  sec2User?: string;
  sec2Password?: string;
  sec2Patch: 0 | 1;
  serviceName?: string;
  aps?: ApSpec[];
  stateDir: string;
  reset: boolean;
  scenario?: string;
  /** "console": provisioning over stdin/stdout (and --console-port) instead of HTTP. */
  transport?: "http" | "console";
  /** A TCP console on --host at this port (0 = a free one); implies the console transport. */
  consolePort?: number;
  /** Captive-portal DNS responder's UDP port on --host (default 0: a free one). */
  dnsPort?: number;
  /** No page redirects for probes and no DNS responder (the page at / stays). */
  noCaptivePortal?: boolean;
  /** Simulated CPU time per HTTP request (ms), as a slow board (tools/node-platform/http.ts). */
  slowMs?: number;
  help: boolean;
}

/** "HOST:PORT", with an IPv6 address in brackets ("[::1]:8080"), as URLs and wifi-prov --host take it. */
export function hostPort(host: string, port: number): string {
  return host.includes(":") ? `[${host}]:${port}` : `${host}:${port}`;
}

export const DEFAULT_STATE_DIR = ".state";

/** The command that restarts this device forgetting its network (keeps a non-default --state-dir). */
export function resetCommand(o: Pick<SimOptions, "stateDir">): string {
  const dir = o.stateDir === DEFAULT_STATE_DIR ? "" : ` --state-dir ${/^[\w@%+=:,./-]+$/.test(o.stateDir) ? o.stateDir : `'${o.stateDir.replace(/'/g, `'\\''`)}'`}`;
  return `npm start -- --reset${dir}`;
}

export const USAGE = `Usage: npm start -- [options]

Runs a virtual ESP32 that serves ESP-IDF Wi-Fi provisioning (SoftAP/HTTP transport, or the
console transport with --transport console).

  --host ADDR              address to bind (default 127.0.0.1)
  --port N                 TCP port (default 8080; 0 = any free port)
  --sec 0|1|2              security scheme (default 1)
  --pop TEXT               proof of possession for security 1 (default: generated, printed once)
  --no-pop                 security 1 without a PoP (the "no_pop" capability)
  --sec2-user U            security 2 username (default wifiprov)
  --sec2-password P        security 2 password (default abcd1234); salt and verifier are derived
  --sec2-patch 0|1         security 2 nonce scheme (default 1: counter nonce, sec_patch_ver 1)
  --service-name NAME      SoftAP name (default PROV_ + 6 hex digits)
  --ap SSID[:PASS[:CH[:RSSI]]]  a virtual access point (repeatable; replaces the default ones;
                           no PASS = open network)
  --state-dir DIR          where saved credentials live (default .state/; must be writable)
  --reset                  forget saved credentials before starting
  --scenario FILE          JSON scenario (connect outcomes, scan timing, custom endpoints);
                           format: docs/scenario.md
  --transport http|console console: requests as lines on stdin, tagged answers on stdout,
                           every log on stderr (README "Provisioning over a console")
  --console-port N         also a TCP console on --host:N (0 = a free port), for
                           wifi-prov --port tcp://HOST:N; implies --transport console
  --dns-port N             captive-portal DNS responder on --host:N/udp (default 0 = a free
                           port, printed; 53 needs root); every A query gets the device's address
  --no-captive-portal      no DNS responder and no probe redirects (the page stays at /)
  --slow-ms N              serve HTTP requests one at a time, N ms each, as a slow board
                           (the current session's first): for flood tests
  -h, --help               this text
`;

/** Parses "SSID[:PASSPHRASE[:CHANNEL[:RSSI]]]". */
export function parseAp(spec: string): ApSpec | string {
  const parts = spec.split(":");
  const ssid = parts[0] ?? "";
  if (!ssid || Buffer.byteLength(ssid) > 32) return `--ap ${spec}: the SSID must be 1..32 bytes`;
  const channel = parts[2] ? Number(parts[2]) : 6;
  const rssi = parts[3] ? Number(parts[3]) : -50;
  if (!Number.isInteger(channel) || channel < 1 || channel > 13) return `--ap ${spec}: channel must be 1..13`;
  if (!Number.isInteger(rssi) || rssi > 0 || rssi < -120) return `--ap ${spec}: RSSI must be -120..0`;
  const passphrase = parts[1] || undefined;
  if (passphrase !== undefined && (passphrase.length < 8 || passphrase.length > 63)) {
    return `--ap ${spec}: a WPA2 passphrase has 8..63 characters`;
  }
  return { ssid, passphrase, channel, rssi };
}

/** Parses argv (without node and script); returns options or an error message. */
export function parseArgs(argv: string[]): SimOptions | string {
  const o: SimOptions = { host: "127.0.0.1", port: 8080, sec: 1, noPop: false, sec2Patch: 1, stateDir: DEFAULT_STATE_DIR, reset: false, help: false };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i] as string;
    const value = (): string | undefined => {
      const v = argv[i + 1];
      if (v === undefined || v.startsWith("--")) return undefined;
      i++;
      return v;
    };
    const need = (): string => {
      const v = value();
      if (v === undefined) throw new Error(`${a} needs a value`);
      return v;
    };
    try {
      switch (a) {
        case "--host": {
          // [::1] is accepted too: the brackets are how the device prints IPv6 addresses.
          o.host = need().replace(/^\[(.*)\]$/, "$1");
          if (!o.host) return "--host needs an address";
          break;
        }
        case "--port": {
          const p = Number(need());
          if (!Number.isInteger(p) || p < 0 || p > 65535) return `--port must be 0..65535`;
          o.port = p;
          break;
        }
        case "--sec": {
          const s = need();
          if (s !== "0" && s !== "1" && s !== "2") return `--sec must be 0, 1 or 2`;
          o.sec = Number(s) as 0 | 1 | 2;
          break;
        }
        case "--pop": {
          o.pop = need();
          if (o.pop === "") return `--pop "" is empty: give a PoP, or --no-pop for security 1 without one`;
          break;
        }
        case "--no-pop": o.noPop = true; break;
        case "--sec2-user": o.sec2User = need(); break;
        case "--sec2-password": o.sec2Password = need(); break;
        case "--sec2-patch": {
          const s = need();
          if (s !== "0" && s !== "1") return `--sec2-patch must be 0 or 1`;
          o.sec2Patch = Number(s) as 0 | 1;
          break;
        }
        case "--service-name": o.serviceName = need(); break;
        case "--ap": {
          const ap = parseAp(need());
          if (typeof ap === "string") return ap;
          (o.aps ??= []).push(ap);
          break;
        }
        case "--state-dir": o.stateDir = need(); break;
        case "--reset": o.reset = true; break;
        case "--scenario": o.scenario = need(); break;
        case "--transport": {
          const t = need();
          if (t !== "http" && t !== "console") return "--transport must be http or console";
          o.transport = t;
          break;
        }
        case "--console-port": {
          const p = Number(need());
          if (!Number.isInteger(p) || p < 0 || p > 65535) return "--console-port must be 0..65535";
          o.consolePort = p;
          break;
        }
        case "--dns-port": {
          const p = Number(need());
          if (!Number.isInteger(p) || p < 0 || p > 65535) return "--dns-port must be 0..65535";
          o.dnsPort = p;
          break;
        }
        case "--no-captive-portal": o.noCaptivePortal = true; break;
        case "--slow-ms": {
          const n = Number(need());
          if (!Number.isInteger(n) || n < 0 || n > 60000) return "--slow-ms must be 0..60000";
          o.slowMs = n;
          break;
        }
        case "-h": case "--help": o.help = true; break;
        default: return `unknown option ${a}`;
      }
    } catch (e) {
      return (e as Error).message;
    }
  }
  if (o.pop !== undefined && o.noPop) return "--pop and --no-pop exclude each other";
  if (o.consolePort !== undefined && o.transport === "http") return "--console-port needs --transport console";
  if (o.consolePort !== undefined) o.transport = "console";
  if (o.dnsPort !== undefined && o.noCaptivePortal) return "--dns-port and --no-captive-portal exclude each other";
  if (o.sec2User === "") return "--sec2-user is empty";
  if (o.sec2Password === "") return "--sec2-password is empty";
  if (o.serviceName !== undefined && (o.serviceName.length < 1 || Buffer.byteLength(o.serviceName) > 32)) {
    return "--service-name must be 1..32 bytes";
  }
  return o;
}
