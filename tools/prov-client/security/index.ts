// Security scheme registry (sec0, sec1, sec2); registerSecurity() replaces or adds schemes.
import { provError } from "../errors.ts";
import { Sec0Client } from "./sec0.ts";
import { Sec1Client } from "./sec1.ts";
import { Sec2Client } from "./sec2.ts";
import type { ClientSecurity, SecurityFactory, SecurityParams } from "./security.ts";

const factories: { [ver: number]: SecurityFactory } = {
  0: () => new Sec0Client(),
  1: (p) => new Sec1Client(p),
  2: (p) => new Sec2Client(p),
};

/** Installs (or replaces) the factory for scheme ver. */
export function registerSecurity(ver: number, f: SecurityFactory): void {
  factories[ver] = f;
}

/** True when scheme ver can be created. */
export function hasSecurity(ver: number): boolean {
  return factories[ver] !== undefined;
}

/** A new client for scheme ver; throws a "usage" ProvError for an unknown/unavailable scheme. */
export function createSecurity(ver: number, p: SecurityParams): ClientSecurity {
  const f = factories[ver];
  if (!f) throw provError("usage", `security ${ver} is not available in this client`);
  return f(p);
}

export type { ClientSecurity, SecurityFactory, SecurityParams } from "./security.ts";
export { Sec0Client } from "./sec0.ts";
export { Sec1Client } from "./sec1.ts";
export { Sec2Client } from "./sec2.ts";
