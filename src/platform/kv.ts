// Key-value storage port (NVS on ESP-IDF, Storage on Espruino, a file or memory on the host).

/** Small persistent key-value store. Writes are atomic per key: all or nothing. */
export interface KvPort {
  /** The stored value, or undefined when the key is absent. */
  read(key: string): Uint8Array | undefined;
  /** Stores value under key; returns an Err code (0 on success, nothing half-written on failure). */
  write(key: string, value: Uint8Array): number;
  /** Removes key; returns an Err code (erasing an absent key is OK). */
  erase(key: string): number;
}
