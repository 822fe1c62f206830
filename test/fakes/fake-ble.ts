// A GATT server fake with Espruino-on-ESP32's limits (docs/platform/espruino.md §0.7, §8),
// plus a test-side central that behaves like esp_prov/Android/iOS. Runs on FakeClock.
import type { BlePort, GattConfig, GattListener } from "../../src/platform/ble.ts";
import type { Done } from "../../src/platform/done.ts";
import type { FakeClock } from "./fake-clock.ts";

/** ATT transaction timeout: an unanswered Execute Write ends the link after 30 s. */
export const ATT_TIMEOUT_MS = 30_000;
const LOCAL_MTU = 500;
/** Spacing of sequential ATT operations (one connection event; Bluedroid asks 20-40 ms). */
const CONN_INTERVAL_MS = 20;
/** Espruino ESP32's response buffer: longer values overflow it (no bounds check). */
const VALUE_BUFFER = 600;

export interface FakeBleOptions {
  clock: FakeClock;
  /** onWrite truncation (IOEVENT_MAX_LEN - 3 = 61 on stock Espruino). */
  maxWriteBytes?: number;
  /** Delay between a radio event and its JS callback (the Espruino event queue), ms. */
  jsLatencyMs?: number;
  /** A patched firmware that hands Prepare/Execute Write to JS and answers Execute after it. */
  longWrites?: boolean;
  /** false models NRF.disconnect() not dropping a peripheral link on ESP32 [verify-hw]. */
  disconnectDropsLink?: boolean;
}

export interface AdvertInfo {
  flags?: number;
  name?: string;
  /** True for Complete Local Name (0x09), false for Shortened (0x08). */
  nameComplete?: boolean;
  services128: string[];
}

interface Chr {
  uuid16: number;
  /** The UUID clients see: Espruino registers characteristics with 16-bit UUIDs only. */
  uuid: string;
  description: string;
  value: Uint8Array;
  /** global["\xFF"]["BLE_CHAR_V…"]: the full last written value. */
  hidden: Uint8Array;
}

const hex = (b: Uint8Array) => Buffer.from(b).toString("hex");
const h4 = (n: number) => n.toString(16).padStart(4, "0");
const base16 = (n: number) => `0000${h4(n)}-0000-1000-8000-00805f9b34fb`;

/** BlePort with Espruino ESP32 semantics; the central methods are the client side. */
export class FakeBle implements BlePort {
  readonly maxDescriptionBytes = 15;
  readonly maxWriteBytes: number;
  readonly traffic: string[] = [];
  /** Things real firmware would do wrong with (value too long, empty value set). */
  readonly violations: string[] = [];
  /** Called when the link goes down under the central (device drop or ATT timeout). */
  onLinkLost: ((reason: string) => void) | undefined;
  private o: Required<Omit<FakeBleOptions, "clock">> & { clock: FakeClock };
  private cfg: GattConfig | undefined;
  private listener: GattListener | undefined;
  private chars: Chr[] = [];
  private conn: { id: number; mtu: number } | undefined;
  private nextConn = 0;
  private gen = 0;
  /** Central operations still waiting, failed when the link goes down. */
  private onDown: (() => void)[] = [];

  constructor(opts: FakeBleOptions) {
    this.o = { maxWriteBytes: 61, jsLatencyMs: 2, longWrites: false, disconnectDropsLink: true, ...opts };
    this.maxWriteBytes = this.o.maxWriteBytes;
  }

  private later(ms: number, fn: () => void): void {
    this.o.clock.setTimer(ms, fn);
  }

  private js(fn: (l: GattListener) => void): void {
    const l = this.listener;
    this.later(this.o.jsLatencyMs, () => l && this.listener === l && fn(l));
  }

  // ---- BlePort (device side) ----

  start(cfg: GattConfig, listener: GattListener, done: Done): void {
    const fail = (err: number) => this.later(0, () => done(err));
    if (this.cfg) return fail(0x103);
    const adv = cfg.advertising;
    if (!adv || adv.length > 31) return fail(0x104); // esp_ble_gap_config_adv_data_raw refuses
    const chars: Chr[] = [];
    for (const c of cfg.characteristics) {
      const id = parseInt(c.uuid.substring(4, 8), 16); // bytes 12-13 only (bluetooth_utils.c)
      if (chars.some((x) => x.uuid16 === id)) return fail(0x102);
      // uint8_t value[16] via jsvGetString: longer descriptions are cut to 15 bytes.
      const description = c.description.substring(0, this.maxDescriptionBytes);
      chars.push({ uuid16: id, uuid: base16(id), description, value: new Uint8Array(0), hidden: new Uint8Array(0) });
    }
    this.cfg = cfg;
    this.listener = listener;
    this.chars = chars;
    this.traffic.push(`adv ${hex(adv)}`);
    this.later(0, () => done(0));
  }

  stop(done: Done): void {
    if (this.conn) this.linkDown("local host", 22);
    this.cfg = undefined;
    this.chars = [];
    this.later(0, () => done(0));
    this.listener = undefined;
  }

  setValue(charUuid: string, value: Uint8Array): void {
    const c = this.byUuid(charUuid);
    if (!c) throw new Error(`setValue: unknown characteristic ${charUuid}`);
    // updateServices: `if (vPtr && vLen)` — an empty value is not set.
    if (!value.length) return void this.violations.push(`empty value for ${h4(c.uuid16)}`);
    if (value.length > VALUE_BUFFER) this.violations.push(`value of ${value.length} bytes overflows`);
    c.value = new Uint8Array(value);
    this.traffic.push(`set ${h4(c.uuid16)} ${hex(value)}`);
  }

  disconnect(conn: number): void {
    this.traffic.push(`device disconnect ${conn}`);
    if (this.o.disconnectDropsLink && this.conn && this.conn.id === conn) this.linkDown("device", 22);
  }

  // ---- central (client side) ----

  /** What a scanner sees, parsed from the raw advertising packet; undefined when not advertising. */
  scan(): AdvertInfo | undefined {
    const adv = this.cfg?.advertising;
    if (!adv || this.conn) return undefined;
    const info: AdvertInfo = { services128: [] };
    for (let i = 0; i < adv.length; ) {
      const len = adv[i]!;
      const type = adv[i + 1]!;
      const body = adv.subarray(i + 2, i + 1 + len);
      if (type === 0x01) info.flags = body[0];
      if (type === 0x08 || type === 0x09) {
        info.name = Buffer.from(body).toString("latin1");
        info.nameComplete = type === 0x09;
      }
      if (type === 0x06 || type === 0x07) {
        for (let j = 0; j + 16 <= body.length; j += 16) {
          const h = hex(new Uint8Array(body.subarray(j, j + 16)).reverse());
          info.services128.push(`${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`);
        }
      }
      i += 1 + len;
    }
    return info;
  }

  /** Connects with the MTU the client asks for (Android 512, BlueZ 517, none = 23). */
  connect(mtu = 23): number {
    if (!this.cfg || this.conn) throw new Error("not connectable");
    const id = this.nextConn++;
    this.conn = { id, mtu: Math.min(mtu, LOCAL_MTU) };
    this.gen++;
    this.onDown = [];
    this.traffic.push(`connect ${id} mtu ${this.conn.mtu}`);
    this.js((l) => l.onConnect(id));
    return id;
  }

  get connected(): boolean {
    return this.conn !== undefined;
  }

  /** The characteristics with their 0x2901 names, in table order (what clients discover). */
  discover(): { uuid: string; name: string; properties: string[] }[] {
    return this.chars.map((c) => ({ uuid: c.uuid, name: c.description, properties: ["read", "write", "writeWithoutResponse"] }));
  }

  /** The full last written value (the hidden variable a firmware binding could read). */
  hiddenValue(ch: string): Uint8Array {
    return this.resolve(ch).hidden;
  }

  /** Write Request (or Prepare+Execute when longer than MTU-3); cb when the ATT write is acked. */
  write(ch: string, bytes: Uint8Array, cb: (err: number) => void): void {
    const conn = this.conn;
    if (!conn) return this.later(0, () => cb(0x103));
    const c = this.resolve(ch);
    const gen = this.gen;
    const data = new Uint8Array(bytes);
    this.traffic.push(`W ${h4(c.uuid16)} ${hex(data)}`);
    if (data.length > conn.mtu - 3) return this.longWrite(c, data, cb);
    // Espruino stores the written value (readable at once), acks, then queues JS onWrite.
    c.hidden = data;
    c.value = data;
    this.later(0, () => cb(gen === this.gen ? 0 : 0x103));
    const cut = new Uint8Array(data.subarray(0, this.o.maxWriteBytes));
    this.js((l) => gen === this.gen && l.onWrite(conn.id, c.uuid, cut));
  }

  private longWrite(c: Chr, data: Uint8Array, cb: (err: number) => void): void {
    const conn = this.conn!;
    const gen = this.gen;
    const step = conn.mtu - 5;
    const frags: [number, Uint8Array][] = [];
    for (let off = 0; off < data.length; off += step) frags.push([off, new Uint8Array(data.subarray(off, off + step))]);
    if (this.o.longWrites) {
      this.js((l) => {
        if (gen !== this.gen) return cb(0x103);
        for (const [off, f] of frags) {
          const err = l.onPrepareWrite ? l.onPrepareWrite(conn.id, c.uuid, off, f) : 0x106;
          if (err) return cb(err);
        }
        cb(l.onExecWrite ? l.onExecWrite(conn.id, true) : 0x106);
      });
      return;
    }
    // Stock: each fragment is handled as a plain write; Execute Write is never answered.
    // ATT is sequential: one Prepare Write per connection event, each answered natively.
    frags.forEach(([, f], i) =>
      this.later(i * CONN_INTERVAL_MS, () => {
        if (gen !== this.gen) return;
        c.hidden = f;
        c.value = f;
        const cut = new Uint8Array(f.subarray(0, this.o.maxWriteBytes));
        this.js((l) => gen === this.gen && l.onWrite(conn.id, c.uuid, cut));
      })
    );
    let settled = false;
    const settle = (err: number) => {
      if (!settled) (settled = true), cb(err);
    };
    this.onDown.push(() => settle(0x103)); // the link went down first
    this.later((frags.length - 1) * CONN_INTERVAL_MS + ATT_TIMEOUT_MS, () => {
      if (gen !== this.gen) return;
      settle(0x107);
      this.linkDown("ATT timeout", 8);
    });
  }

  /** Read Request: the stored value from byte 0, at most MTU-1 bytes. */
  read(ch: string, cb: (err: number, data?: Uint8Array) => void): void {
    const conn = this.conn;
    if (!conn) return this.later(0, () => cb(0x103));
    const c = this.resolve(ch);
    const out = new Uint8Array(c.value.subarray(0, conn.mtu - 1));
    this.traffic.push(`R ${h4(c.uuid16)} ${hex(out)}`);
    this.later(0, () => cb(0, out));
  }

  /** Read + Read Blob as clients do for long values; Espruino ignores the offset (max 512). */
  readLong(ch: string, cb: (err: number, data?: Uint8Array) => void): void {
    const parts: Uint8Array[] = [];
    const next = () =>
      this.read(ch, (err, d) => {
        if (err) return cb(err);
        parts.push(d!);
        const total = parts.reduce((n, p) => n + p.length, 0);
        if (d!.length === this.conn!.mtu - 1 && total < 512) return next();
        cb(0, new Uint8Array(Buffer.concat(parts)));
      });
    next();
  }

  /** What esp_prov/Android/iOS do per request: write with response, then read gapMs after the ack. */
  request(ch: string, bytes: Uint8Array, cb: (err: number, data?: Uint8Array) => void, gapMs = 30): void {
    this.write(ch, bytes, (err) => {
      if (err) return cb(err);
      this.later(gapMs, () => this.read(ch, cb));
    });
  }

  /** The central drops the link (HCI 19, remote user terminated). */
  centralDisconnect(): void {
    if (this.conn) this.linkDown("central", 19);
  }

  private linkDown(by: string, reason: number): void {
    const id = this.conn!.id;
    this.conn = undefined;
    this.gen++;
    this.traffic.push(`disconnect ${id} by ${by} reason ${reason}`);
    this.onLinkLost?.(by);
    const waiting = this.onDown;
    this.onDown = [];
    for (const f of waiting) this.later(0, f);
    this.js((l) => l.onDisconnect(id));
  }

  private byUuid(uuid: string): Chr | undefined {
    const s = uuid.toLowerCase().replace(/^0x/, "");
    const id = parseInt(s.length === 36 ? s.substring(4, 8) : s, 16);
    return this.chars.find((c) => c.uuid16 === id);
  }

  /** A characteristic by 0x2901 name (how clients find endpoints) or by UUID. */
  private resolve(ch: string): Chr {
    const c = this.chars.find((x) => x.description === ch) ?? this.byUuid(ch);
    if (!c) throw new Error(`no characteristic ${ch}`);
    return c;
  }
}
