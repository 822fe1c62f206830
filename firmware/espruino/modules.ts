// Typed access to Espruino's built-in modules. globalThis.require, not a bare require(): esbuild
// would try to resolve a bare one (and wrap an indirect one in a Proxy shim Espruino lacks).

/** Espruino's require. */
export const espRequire = (globalThis as unknown as { require: EspruinoRequire }).require;
