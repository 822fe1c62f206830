// Error kinds of the host client and the CLI exit codes they map to (0 provisioned,
// 1 provisioning failed, 2 usage error, 3 no session). Plain Errors tagged with a kind.

/** Why a client operation failed. */
export type FailKind =
  /** The device closed the connection without an HTTP response (esp_http_server after ESP_FAIL). */
  | "closed"
  /** No TCP connection (refused, unreachable, unknown host). */
  | "unreachable"
  /** No response within the request timeout. */
  | "timeout"
  /** An HTTP status other than 200. */
  | "http-status"
  /** The device answered bytes that do not decode as the expected message. */
  | "protocol"
  /** The handshake completed at the transport level but the device failed verification. */
  | "session"
  /** The device answered with a non-Success Status (set_config, apply, scan, ctrl). */
  | "device"
  /** Bad options (CLI exit 2). */
  | "usage"
  /** Ctrl-C at a prompt (CLI exit 130); nothing more is sent. */
  | "interrupted";

/** An Error carrying a FailKind. */
export type ProvError = Error & { kind: FailKind };

/** Creates an Error tagged with kind. */
export function provError(kind: FailKind, message: string, cause?: unknown): ProvError {
  const e = new Error(message, cause === undefined ? undefined : { cause }) as ProvError;
  e.kind = kind;
  return e;
}

/** The kind of a thrown value, or undefined for untagged errors (bugs). */
export function failKind(e: unknown): FailKind | undefined {
  return e instanceof Error && typeof (e as Partial<ProvError>).kind === "string" ? (e as ProvError).kind : undefined;
}

/** CLI exit codes (documented in --help and README). */
export const enum ExitCode {
  Provisioned = 0,
  Failed = 1,
  Usage = 2,
  NoSession = 3,
  /** Ctrl-C at a prompt (128 + SIGINT, as a shell reports it). */
  Interrupted = 130,
}

/**
 * Every protocomm Status a device can answer (constants.proto), as a sentence: what it means and
 * what to do. `what` names the request ("apply the configuration").
 */
export function statusText(st: number, what: string): string {
  switch (st) {
    case 0: return `the device did ${what}`;
    case 1: return `the device refused to ${what}: it does not support this security scheme (status 1, InvalidSecScheme); choose another with --sec`;
    case 2: return `the device refused to ${what}: it could not decode the request (status 2, InvalidProto); client and firmware do not speak the same protocol version`;
    case 3: return `the device refused to ${what}: another client holds its session (status 3, TooManySessions); wait until it is done and try again`;
    case 4: return `the device refused to ${what}: a value is out of range (status 4, InvalidArgument), e.g. an SSID over 32 bytes or a passphrase over 63`;
    case 5: return `the device could not ${what} in its current state (status 5, InternalError)`;
    case 6: return `the device refused to ${what}: it could not decrypt the request (status 6, CryptoError); run wifi-prov again for a new session`;
    case 7: return `the device refused to ${what}: the session is no longer valid (status 7, InvalidSession; another client connected or it restarted); run wifi-prov again`;
    default: return `the device refused to ${what} with an unknown status ${st}`;
  }
}
