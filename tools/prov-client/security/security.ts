// Client security scheme interface. Mirrors esp_prov tools/esp_prov/security/security.py
// (security_session / encrypt_data / decrypt_data) with an explicit first step.
import type { CryptoPort } from "../../../src/platform/crypto.ts";

/** The client side of one security scheme for one session. */
export interface ClientSecurity {
  /** Scheme version: 0, 1 or 2 (SessionData.sec_ver). */
  readonly ver: number;
  /** The first prov-session request (SessionCmd0). May be async for slow key generation. */
  start(): Uint8Array | Promise<Uint8Array>;
  /**
   * Consumes a prov-session response; resolves with the next request, or undefined once the
   * session is established. Throws a ProvError ("protocol" or "session") on a bad response.
   */
  next(resp: Uint8Array): Uint8Array | undefined | Promise<Uint8Array | undefined>;
  /** Encrypts a request body (sec0: unchanged). Only after the handshake. */
  encrypt(plain: Uint8Array): Uint8Array;
  /** Decrypts a response body; throws a ProvError ("session") when it fails authentication. */
  decrypt(data: Uint8Array): Uint8Array;
}

/** What a scheme may need; each scheme reads its own fields. */
export interface SecurityParams {
  crypto: CryptoPort;
  /** sec1 proof of possession (UTF-8); undefined or "" = no PoP. */
  pop?: string;
  /** sec2 username and password. */
  username?: string;
  password?: string;
  /** sec2 patch version from proto-ver "sec_patch_ver" (0 fixed nonce, 1 counter nonce). */
  patchVer?: number;
  /** Tests only: fixed private key / secret exponent instead of crypto.random. */
  privateKey?: Uint8Array;
}

/** Creates one scheme instance. */
export type SecurityFactory = (p: SecurityParams) => ClientSecurity;
