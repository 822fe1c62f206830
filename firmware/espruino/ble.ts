// BlePort on Espruino ESP32's NRF (docs/platform/espruino.md §8): one primary service, characteristics
// registered by their 16-bit part (bytes 12-13), read-only 0x2901 names of ≤ 15 bytes, raw
// 31-byte advertising, BLE UART console off. Only bundled by `./build.sh --ble`.
import type { BlePort, GattConfig, GattListener } from "../../src/platform/ble";
import type { Done } from "../../src/platform/done";
import { Err } from "../../src/core/err";
import { bytesStr } from "../../src/core/bytes";

/** onWrite gets ≤ 61 bytes (IOEVENT_MAX_LEN - 3, §8.1). */
const WRITE_MAX = 61;

function id16(uuid: string): string {
  return "0x" + uuid.substring(4, 8);
}

/**
 * Espruino keeps the whole written value in global["\xFF"]["BLE_CHAR_V<pos hex>"] (§8.1,
 * [verify-hw]): used when onWrite's copy may be cut and the stored value extends it.
 */
function fullValue(pos: number, cut: Uint8Array): Uint8Array {
  if (cut.length < WRITE_MAX) return cut;
  // Not a constant key: esbuild folds g["\xFF"] (even String.fromCharCode(255)) into g.\u00ff,
  // which Espruino cannot parse (the subset checker rejects it).
  const hidden = (globalThis as unknown as { [k: string]: { [k: string]: unknown } | undefined })[E.toString([255])];
  const v = hidden ? hidden["BLE_CHAR_V" + pos.toString(16)] : undefined;
  if (typeof v !== "string" || v.length <= cut.length || v.substring(0, cut.length) !== bytesStr(cut)) return cut;
  return E.toUint8Array(v);
}

/** The ESP32 NRF binding. One peripheral link at a time; its id counts connects. */
export class EspruinoBle implements BlePort {
  readonly maxWriteBytes = WRITE_MAX;
  readonly maxDescriptionBytes = 15;
  private svc_: string;
  private conn_: number;
  private listener_: GattListener | undefined;

  constructor() {
    this.svc_ = "";
    this.conn_ = 0;
    this.listener_ = undefined;
    NRF.on("connect", () => {
      this.conn_++;
      if (this.listener_) this.listener_.onConnect(this.conn_);
    });
    NRF.on("disconnect", () => {
      if (this.listener_) this.listener_.onDisconnect(this.conn_);
    });
  }

  start(cfg: GattConfig, listener: GattListener, done: Done): void {
    const chars: { [uuid: string]: EspruinoNrfChar } = {};
    const mk = (pos: number, uuid: string, description: string) => {
      chars[id16(uuid)] = {
        readable: true,
        writable: true,
        description: description,
        onWrite: (ev) => {
          const l = this.listener_;
          if (l) l.onWrite(this.conn_, uuid, fullValue(pos, new Uint8Array(ev.data)));
        },
      };
    };
    for (let i = 0; i < cfg.characteristics.length; i++) {
      const c = cfg.characteristics[i] as { uuid: string; description: string };
      mk(i, c.uuid, c.description);
    }
    const svcs: { [uuid: string]: { [uuid: string]: EspruinoNrfChar } } = {};
    svcs[cfg.serviceUuid] = chars;
    this.svc_ = cfg.serviceUuid;
    this.listener_ = listener;
    try {
      NRF.setServices(svcs, { uart: false });
      if (cfg.advertising) {
        const adv: number[] = [];
        for (let i = 0; i < cfg.advertising.length; i++) adv.push(cfg.advertising[i] as number);
        NRF.setAdvertising(adv, { connectable: true });
      } else NRF.setAdvertising({}, { name: cfg.name, connectable: true });
    } catch (e) {
      this.listener_ = undefined;
      setTimeout(() => done(Err.FAIL), 0);
      return;
    }
    setTimeout(() => done(Err.OK), 0);
  }

  stop(done: Done): void {
    this.listener_ = undefined;
    try {
      NRF.setServices({}, { uart: false });
      NRF.sleep();
    } catch (e) {
      // already down
    }
    setTimeout(() => done(Err.OK), 0);
  }

  /** updateServices addresses the characteristic by its 16-bit form; values cannot be empty. */
  setValue(charUuid: string, value: Uint8Array): void {
    const upd: { [uuid: string]: { [uuid: string]: { value: string } } } = {};
    const c: { [uuid: string]: { value: string } } = {};
    c[id16(charUuid)] = { value: E.toString(value) };
    upd[this.svc_] = c;
    try {
      NRF.updateServices(upd);
    } catch (e) {
      // link gone or services being re-registered
    }
  }

  /** NRF.disconnect() may not drop a peripheral link on ESP32 ([verify-hw]); the transport also closes the session. */
  disconnect(conn: number): void {
    try {
      NRF.disconnect();
    } catch (e) {
      // not connected
    }
  }
}
