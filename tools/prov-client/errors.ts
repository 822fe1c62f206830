// Error kinds of the host client and the CLI exit codes they map to (issue 6: 0 provisioned,
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
  | "usage";

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
}
