// What passes between the module "wifi-prov" (a small facade, module scope) and the Storage file
// "wifiprov-core" (the provisioning stack). The core is evaluated at GLOBAL scope, not as a
// module: Espruino gives every function defined in a module's scope one more JsVar (its link to
// that scope; measured 246 JsVars resident). Its top-level names are globals named CORE_PREFIX
// + a base-36 number, 0 to CORE_NAMES - 1 (tools/bundle/build.ts), which release() deletes.
import type { SharedConfig } from "./config-api";
import type { DeviceConfig } from "../../src/prov/device-config";

/** Its Storage name. */
export const CORE_FILE = "wifiprov-core";
/** The prefix of the core's global names: $0, $1, … $a, … (build.ts renames them so). */
export const CORE_PREFIX = "$";

export type Cb = ((err: Error | null) => void) | undefined;

/** One run of provisioning, from the facade's start() to the core's end. */
export interface CoreRun {
  /** The checked configuration; the core lets go of it once provisioning has started. */
  cfg?: DeviceConfig;
  /** The config parser (for the QR payload once the PoP is known); dropped after. */
  cp?: SharedConfig;
  /** The station MAC (the entropy pool's seed); dropped after. */
  mac?: Uint8Array;
  /** start()'s callback: called once provisioning has started, or did not; dropped after. */
  cb?: Cb;
  /** The maker's custom endpoints by name. */
  eps?: { [name: string]: (data: string) => string };
  emit(ev: string, arg?: unknown): void;
  /** The manager's controls while it exists: "stop", "reset", "sm" (again: for reprovision). */
  ctl?: (op: string, again?: boolean) => number;
  /** The run is over (the manager deinitialized; ended says it provisioned or was stopped). */
  fin(ended: boolean): void;
  /** Deletes the built-ins in names ("a,b,…") that our code materialized (the module's policy). */
  unmake?: (names: string) => void;
}

/**
 * The core's last statement calls the global function of this name (set by the facade just
 * before it evaluates the core, deleted by it at once) with the core's entry point.
 */
export const CORE_HOOK = "$wifiprov";
export type CoreEntry = (run: CoreRun) => void;
