// Error codes with the values of ESP-IDF's esp_err.h, so device logs read like ESP-IDF's.
// Kept import-free so esbuild inlines the members (evanw/esbuild#2370).

/** esp_err_t values used by this stack. */
export const enum Err {
  OK = 0,
  FAIL = -1,
  NO_MEM = 0x101,
  INVALID_ARG = 0x102,
  INVALID_STATE = 0x103,
  INVALID_SIZE = 0x104,
  NOT_FOUND = 0x105,
  NOT_SUPPORTED = 0x106,
  TIMEOUT = 0x107,
  INVALID_RESPONSE = 0x108,
  INVALID_VERSION = 0x10a,
  NOT_FINISHED = 0x10c,
  NOT_ALLOWED = 0x10d,
}
