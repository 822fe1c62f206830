// The security-scheme vtable. Mirrors ESP-IDF components/protocomm/include/security/
// protocomm_security.h (protocomm_security_t), made asynchronous for slow handshakes.
import type { Done } from "../platform/done";

/** One security scheme (sec0, sec1, sec2). Each keeps at most one session at a time (docs/spec/protocol.md §3). */
export interface Security {
  /** Scheme version: 0, 1 or 2 (proto-ver "sec_ver"). */
  readonly ver: number;
  /** Patch version (proto-ver "sec_patch_ver"): 0 for sec0/sec1, 0 or 1 for sec2. */
  readonly patchVer: number;
  /** A transport opened session id: any previous session is closed first. Returns an Err code. */
  newSession(id: number): number;
  /** A transport closed session id: wiped if it is the current one. Returns an Err code. */
  closeSession(id: number): number;
  /**
   * Handles one prov-session message (plaintext SessionData) for session id; done gets the
   * response bytes, or a non-zero Err for a transport-level failure (no response is sent).
   * Never completes synchronously.
   */
  handshake(id: number, input: Uint8Array, done: Done<Uint8Array>): void;
  /**
   * Decrypts a request (or encrypts a response) of session id; undefined when the session is
   * not established or the data fails authentication. sec0 returns data unchanged.
   */
  decrypt(id: number, data: Uint8Array): Uint8Array | undefined;
  encrypt(id: number, data: Uint8Array): Uint8Array | undefined;
  /** Releases all session state (protocomm_unset_security). */
  cleanup(): void;
}

/** Session events reported by secure schemes (PROTOCOMM_SECURITY_SESSION_EVENT, v5.1+). */
export const enum SessionEvent {
  SETUP_OK = 0,
  INVALID_SECURITY_PARAMS = 1,
  CREDENTIALS_MISMATCH = 2,
}
