// Library entry of the wifi-prov host client (in-process use from tests and scripts).
export { provision, type NetworkChoice, type ProvisionHooks, type ProvisionOptions, type ProvisionResult } from "./provision.ts";
export { main, commands, registerCommand, type Command } from "./cli.ts";
export { ExitCode, failKind, provError, type FailKind, type ProvError } from "./errors.ts";
export { Session, EP } from "./session.ts";
export { HttpTransport, parseHostPort, type HttpTransportOptions } from "./transport/http.ts";
export type { Transport } from "./transport/transport.ts";
export { createSecurity, hasSecurity, registerSecurity, Sec0Client, Sec1Client, Sec2Client } from "./security/index.ts";
export type { ClientSecurity, SecurityFactory, SecurityParams } from "./security/index.ts";
export * from "./prov/config.ts";
export * from "./prov/scan.ts";
export * from "./prov/ctrl.ts";
export * from "./prov/custom.ts";
export * from "./prov/version.ts";
export type { CliIo } from "./ui.ts";
