// A protocomm transport (protocomm_httpd / protocomm_ble): moves request bytes between the
// outside world and Protocomm.handle(), and reports sessions opening and closing.
import type { Done } from "../platform/done";
import type { Protocomm } from "./protocomm";

/** Started by a scheme at provisioning start, stopped at teardown. */
export interface Transport {
  start(pc: Protocomm, done: Done): void;
  /** Idempotent. */
  stop(done: Done): void;
}
