// Build-time constants replaced by esbuild `define` (tools/bundle/build.ts). On Node (tests)
// they are not defined unless a test setup defines them on globalThis.

/** Debug-only code sits behind `if (DEBUG)`; false in release bundles. */
declare const DEBUG: boolean;
/** Highest log level compiled in (1 error … 4 debug). */
declare const LOG_LEVEL: number;
/** Bundle the BLE scheme (true) or the SoftAP/HTTP scheme (false, default). */
declare const BUILD_BLE: boolean;
/** Bundle security 2 (SRP6a); default bundles sec0 and sec1 only. */
declare const BUILD_SEC2: boolean;
