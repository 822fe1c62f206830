// BLE GATT transport. Mirrors ESP-IDF components/protocomm/src/transports/protocomm_ble.c
// (Bluedroid, docs/spec/protocol.md §4.2) within Espruino ESP32's GATT limits (docs/ble.md).
import type { BlePort, GattCharacteristic, GattConfig, GattListener } from "../platform/ble";
import type { ClockPort } from "../platform/clock";
import type { Done } from "../platform/done";
import { Err } from "../core/err";
import { errHex, log } from "../core/log";
import { buildAdvertising, charUuid, DEFAULT_SERVICE_UUID, uuid16Of, uuidToLsb } from "./ble-uuid";
import type { Protocomm } from "./protocomm";
import type { Transport } from "./transport";

const TAG = "ble";
/** Bluedroid local MTU 500: a response must fit one read, since Espruino ignores read offsets. */
export const MAX_RESPONSE_BYTES = 499;
/** protocomm_ble.c CHAR_VAL_LEN_MAX / prepare buffer with security 2 compiled in (480 + 1). */
export const MAX_LONG_WRITE_BYTES = 481;
/** scheme_ble.c MAX_BLE_DEVNAME_LEN. */
export const MAX_DEVNAME_BYTES = 29;

/** Transport options. */
export interface BleOptions {
  ble: BlePort;
  clock: ClockPort;
  /** Primary service UUID (default DEFAULT_SERVICE_UUID; wifi_prov_scheme_ble_set_service_uuid). */
  serviceUuid?: string;
  /** Longest response stored as a value (default MAX_RESPONSE_BYTES); longer drops the link. */
  maxResponseBytes?: number;
  /** Prepare-write buffer for ports that deliver long writes (default MAX_LONG_WRITE_BYTES). */
  maxLongWriteBytes?: number;
}

interface Ep {
  name: string;
  id: number;
}

/** The BLE transport: one characteristic per endpoint, write request then read response. */
export class TransportBle implements Transport {
  private o_: BleOptions;
  private svc_: string;
  private name_: string;
  private eps_: Ep[];
  private pc_: Protocomm | undefined;
  /** Connections with an open protocomm session. */
  private live_: number[];
  private prepConn_: number;
  private prepUuid_: string;
  private prep_: Uint8Array | undefined;
  private prepLen_: number;

  constructor(opts: BleOptions) {
    this.o_ = opts;
    this.svc_ = (opts.serviceUuid || DEFAULT_SERVICE_UUID).toLowerCase();
    this.name_ = "";
    this.eps_ = [];
    this.pc_ = undefined;
    this.live_ = [];
    this.prepConn_ = -1;
    this.prepUuid_ = "";
    this.prep_ = undefined;
    this.prepLen_ = 0;
  }

  /** The advertised device name (scheme_ble.c set_config_service); cut to 29 bytes. */
  setDeviceName(name: string): void {
    this.name_ = name.length > MAX_DEVNAME_BYTES ? name.substring(0, MAX_DEVNAME_BYTES) : name;
  }

  /**
   * Reserves a characteristic for endpoint name with 16-bit id16 (set_config_endpoint), in
   * table order. Names longer than the port's 0x2901 limit (Espruino ESP32: 15 bytes) and
   * duplicate names or ids are refused with INVALID_ARG.
   */
  addEndpoint(name: string, id16: number): number {
    if (this.pc_) return Err.INVALID_STATE;
    const max = this.o_.ble.maxDescriptionBytes;
    if (!name || (id16 & 0xffff) !== id16) return Err.INVALID_ARG;
    if (max !== undefined && name.length > max) {
      log(1, TAG, "endpoint '" + name + "' is " + name.length + " bytes; the BLE name descriptor holds " + max);
      return Err.INVALID_ARG;
    }
    for (const ep of this.eps_) {
      if (ep.name === name || ep.id === id16) return Err.INVALID_ARG;
    }
    this.eps_.push({ name: name, id: id16 });
    return Err.OK;
  }

  /** The GATT service this transport registers (characteristics in endpoint order). */
  gattConfig(): GattConfig | undefined {
    const chars: GattCharacteristic[] = [];
    for (const ep of this.eps_) {
      const u = charUuid(this.svc_, ep.id);
      if (!u) return undefined;
      chars.push({ uuid: u, description: ep.name });
    }
    const adv = buildAdvertising(this.name_, this.svc_);
    if (!adv) return undefined;
    return { name: this.name_, serviceUuid: this.svc_, characteristics: chars, advertising: adv };
  }

  start(pc: Protocomm, done: Done): void {
    const clock = this.o_.clock;
    if (this.pc_) {
      clock.setTimer(0, () => done(Err.INVALID_STATE));
      return;
    }
    const cfg = this.gattConfig();
    if (!cfg || !this.name_ || !uuidToLsb(this.svc_) || !this.eps_.length) {
      log(1, TAG, "bad BLE configuration (name, service UUID or endpoints)");
      clock.setTimer(0, () => done(Err.INVALID_ARG));
      return;
    }
    const listener: GattListener = {
      onConnect: (conn) => this.onConnect_(conn),
      onDisconnect: (conn) => this.onDisconnect_(conn),
      onWrite: (conn, uuid, data) => this.onWrite_(conn, uuid, data),
      onPrepareWrite: (conn, uuid, offset, data) => this.onPrepare_(conn, uuid, offset, data),
      onExecWrite: (conn, commit) => this.onExec_(conn, commit),
    };
    this.pc_ = pc;
    this.o_.ble.start(cfg, listener, (err) => {
      if (err !== Err.OK) this.pc_ = undefined;
      done(err);
    });
  }

  stop(done: Done): void {
    const pc = this.pc_;
    if (!pc) {
      this.o_.clock.setTimer(0, () => done(Err.OK));
      return;
    }
    for (const c of this.live_) pc.closeSession(c);
    this.live_ = [];
    this.prep_ = undefined;
    this.pc_ = undefined;
    this.o_.ble.stop(done);
  }

  private isLive_(conn: number): boolean {
    return this.live_.indexOf(conn) >= 0;
  }

  private onConnect_(conn: number): void {
    const pc = this.pc_;
    if (!pc || this.isLive_(conn)) return;
    this.live_.push(conn);
    pc.openSession(conn);
  }

  private onDisconnect_(conn: number): void {
    const pc = this.pc_;
    if (this.prepConn_ === conn) this.prep_ = undefined;
    if (!pc || !this.isLive_(conn)) return;
    this.live_.splice(this.live_.indexOf(conn), 1);
    pc.closeSession(conn);
  }

  /**
   * protocomm_ble.c "killing connection": drop the link. The session is closed here and later
   * writes ignored, because NRF.disconnect() may not drop a peripheral link on ESP32.
   */
  private kill_(conn: number): void {
    this.onDisconnect_(conn);
    this.o_.ble.disconnect(conn);
  }

  private find_(uuid: string): Ep | undefined {
    const id = uuid16Of(uuid);
    for (const ep of this.eps_) if (ep.id === id) return ep;
    return undefined;
  }

  private onWrite_(conn: number, uuid: string, data: Uint8Array): void {
    if (!this.pc_) return;
    // A write always follows its link's connect event; one without is from a killed link.
    if (!this.isLive_(conn)) return;
    const max = this.o_.ble.maxWriteBytes;
    // The port cannot tell a truncated value from one of exactly max bytes: warn, then go on
    // (a cut protobuf fails to decode and the link is dropped below).
    if (data.length >= max) log(2, TAG, "write of " + data.length + " bytes may be truncated (port limit " + max + ")");
    this.dispatch_(conn, uuid, data);
  }

  private dispatch_(conn: number, uuid: string, data: Uint8Array): void {
    const pc = this.pc_ as Protocomm;
    const ep = this.find_(uuid);
    if (!ep) {
      log(2, TAG, "write to unknown characteristic " + uuid);
      return this.kill_(conn);
    }
    // NimBLE ignores zero-length writes; so do we (nothing to handle, session kept).
    if (!data.length) return;
    const limit = this.o_.maxResponseBytes || MAX_RESPONSE_BYTES;
    pc.handle(ep.name, conn, data, (err, out) => {
      if (this.pc_ !== pc || !this.isLive_(conn)) return;
      if (err !== Err.OK || !out) {
        log(2, TAG, ep.name + " failed " + errHex(err) + ", dropping link " + conn);
        return this.kill_(conn);
      }
      if (out.length > limit) {
        log(1, TAG, ep.name + " response of " + out.length + " bytes exceeds " + limit + ", dropping link");
        return this.kill_(conn);
      }
      this.o_.ble.setValue(charUuid(this.svc_, ep.id) as string, out);
    });
  }

  /** Long writes (prepare_write_event_env): one buffer, reassembled, dispatched on execute. */
  private onPrepare_(conn: number, uuid: string, offset: number, data: Uint8Array): number {
    if (!this.pc_ || !this.isLive_(conn)) return Err.INVALID_STATE;
    const max = this.o_.maxLongWriteBytes || MAX_LONG_WRITE_BYTES;
    if (!this.prep_ || this.prepConn_ !== conn || uuid16Of(this.prepUuid_) !== uuid16Of(uuid)) {
      this.prep_ = new Uint8Array(max);
      this.prepLen_ = 0;
      this.prepConn_ = conn;
      this.prepUuid_ = uuid;
    }
    if (offset > max) return Err.INVALID_ARG; // ESP_GATT_INVALID_OFFSET
    if (offset + data.length > max) return Err.INVALID_SIZE; // ESP_GATT_INVALID_ATTR_LEN
    this.prep_.set(data, offset);
    if (offset + data.length > this.prepLen_) this.prepLen_ = offset + data.length;
    return Err.OK;
  }

  private onExec_(conn: number, commit: boolean): number {
    const buf = this.prep_;
    if (!buf || this.prepConn_ !== conn) return Err.OK;
    this.prep_ = undefined;
    if (!commit || !this.pc_ || !this.isLive_(conn)) return Err.OK;
    this.dispatch_(conn, this.prepUuid_, buf.subarray(0, this.prepLen_));
    return Err.OK;
  }
}
