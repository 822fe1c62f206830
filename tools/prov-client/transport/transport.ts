// Client transport interface. Mirrors esp_prov tools/esp_prov/transport/transport.py
// (send_data(path, data) -> response); BLE and console transports would implement the same.

/** Moves one request to a protocomm endpoint and returns the response bytes. */
export interface Transport {
  /**
   * Sends body to endpoint (e.g. "prov-session") and resolves with the response body.
   * Rejects with a ProvError: "closed", "unreachable", "timeout" or "http-status".
   */
  send(endpoint: string, body: Uint8Array): Promise<Uint8Array>;
  /** Releases connections. Idempotent. */
  close(): void;
}
