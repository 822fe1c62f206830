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
}

/** Callbacks from the GATT server. */
export interface GattListener {
  onConnect(conn: number): void;
  onDisconnect(conn: number): void;
  /** A complete written value for a characteristic (already acknowledged on some stacks). */
  onWrite(conn: number, charUuid: string, data: Uint8Array): void;
}

/** The GATT server. */
export interface BlePort {
  /** Largest value onWrite can deliver whole (Espruino ESP32: 61). */
  readonly maxWriteBytes: number;
  start(cfg: GattConfig, listener: GattListener, done: Done): void;
  stop(done: Done): void;
  /** Sets the value the next read of charUuid returns. */
  setValue(charUuid: string, value: Uint8Array): void;
  /** Drops a connection (Bluedroid's "killing connection" after a handler failure). */
  disconnect(conn: number): void;
}
