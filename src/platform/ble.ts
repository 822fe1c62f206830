// BLE GATT server port: what protocomm_ble needs (ECMA-419 GATT server shaped).
import type { Done } from "./done";

/** One characteristic: 16-bit id inside the service UUID (bytes 12-13) and its 0x2901 name. */
export interface GattCharacteristic {
  /** Full 128-bit UUID, canonical lowercase string form. */
  uuid: string;
  /** 0x2901 user description (the endpoint name, no NUL). */
  description: string;
}

/** GATT service and advertising configuration. */
export interface GattConfig {
  /** Advertised device name (PROV_xxxxxx). */
  name: string;
  /** 128-bit primary service UUID, canonical lowercase string form. */
  serviceUuid: string;
  characteristics: GattCharacteristic[];
  /**
   * Raw advertising data (AD structures, at most 31 bytes), built by the transport; the port
   * advertises exactly these bytes (Espruino ESP32 has no scan response: docs/ble.md).
   */
  advertising?: Uint8Array;
}

/** Callbacks from the GATT server. */
export interface GattListener {
  onConnect(conn: number): void;
  onDisconnect(conn: number): void;
  /** A complete written value for a characteristic (already acknowledged on some stacks). */
  onWrite(conn: number, charUuid: string, data: Uint8Array): void;
  /**
   * Optional long-write path for ports that can deliver ATT Prepare Write fragments (not stock
   * Espruino). Returns an Err code; non-zero = the port answers the prepare with an ATT error.
   */
  onPrepareWrite?(conn: number, charUuid: string, offset: number, data: Uint8Array): number;
  /** Execute Write: commit true dispatches the reassembled value, false discards it. */
  onExecWrite?(conn: number, commit: boolean): number;
}

/** The GATT server. */
export interface BlePort {
  /** Largest value onWrite can deliver whole (Espruino ESP32: 61). */
  readonly maxWriteBytes: number;
  /** Longest 0x2901 description the port can store (Espruino ESP32: 15); undefined = no limit. */
  readonly maxDescriptionBytes?: number;
  start(cfg: GattConfig, listener: GattListener, done: Done): void;
  stop(done: Done): void;
  /** Sets the value the next read of charUuid returns. */
  setValue(charUuid: string, value: Uint8Array): void;
  /** Drops a connection (Bluedroid's "killing connection" after a handler failure). */
  disconnect(conn: number): void;
}
