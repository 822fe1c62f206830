// A secure session over a transport: the handshake on prov-session, then encrypted requests.
// Mirrors esp_prov's establish_session() and the send/encrypt/decrypt pattern of prov/*.py.
import type { ClientSecurity } from "./security/security.ts";
import type { Transport } from "./transport/transport.ts";

/** Endpoint names (docs/spec/protocol.md §2.1, §9). */
export const EP = {
  version: "proto-ver",
  session: "prov-session",
  config: "prov-config",
  scan: "prov-scan",
  ctrl: "prov-ctrl",
  customData: "custom-data",
} as const;

/** Handshake then encrypted request/response, strictly one at a time (sec1's CTR stream order). */
export class Session {
  readonly transport: Transport;
  readonly security: ClientSecurity;
  private chain: Promise<unknown> = Promise.resolve();
  private established = false;

  constructor(transport: Transport, security: ClientSecurity) {
    this.transport = transport;
    this.security = security;
  }

  /** Runs the prov-session handshake (1 round trip for sec0, 2 for sec1/sec2). */
  async establish(): Promise<void> {
    let req: Uint8Array | undefined = await this.security.start();
    while (req) {
      const resp = await this.transport.send(EP.session, req);
      req = await this.security.next(resp);
    }
    this.established = true;
  }

  /** True after establish() succeeded. */
  isEstablished(): boolean {
    return this.established;
  }

  /** Encrypts plain, POSTs it to endpoint and returns the decrypted response. */
  request(endpoint: string, plain: Uint8Array): Promise<Uint8Array> {
    const run = async () => this.security.decrypt(await this.transport.send(endpoint, this.security.encrypt(plain)));
    const p = this.chain.then(run, run);
    this.chain = p.catch(() => undefined);
    return p;
  }
}
