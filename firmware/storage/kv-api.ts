// What the Storage file "wifiprov-kv" exports: the boot file and the module read the saved
// network through this one copy of the two-slot key-value store.
import type { KvPort } from "../../src/platform/kv";
import type { StaConfig } from "../../src/platform/wifi";

export interface SharedKv {
  /** The store itself (the module's KvPort). */
  kv: KvPort;
  /** The saved network, or undefined. */
  creds(): StaConfig | undefined;
  /** Forgets the saved network. */
  forget(): number;
}

/** Its Storage name. */
export const KV_FILE = "wifiprov-kv";
