// Bundles the firmware for Espruino: by default the Storage layout dist/storage/ (the module
// "wifi-prov", the shared store "wifiprov-kv", the boot file ".boot1"; firmware/README.md), or one
// entry into one file (--entry=, --out=). Each file: esbuild (es2015 + overrides) → subset check
// → terser name mangling with Espruino's reserved words → subset check → size report.
// esbuild/Espruino findings in docs/platform/espruino.md §3.3.
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { basename, dirname, join, relative } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import * as acorn from "acorn";
import * as walk from "acorn-walk";
import * as esbuild from "esbuild";
import { minify } from "terser";
import { dropUnusedMethods } from "./drop-methods";
import { inlineStringConstants } from "./inline-strings";
import { checkSubset, formatFindings } from "./subset-check";

const ROOT = join(dirname(fileURLToPath(import.meta.url)), "..", "..");

/** What to build; every field has an env var and a flag (flags win). */
export interface BuildOptions {
  entry: string; // BUILD_ENTRY / --entry=
  out: string; // BUILD_OUT / --out= (unset: the Storage layout in `storage`)
  storage?: string; // BUILD_STORAGE / --storage= (default dist/storage)
  ble: boolean; // BUILD_BLE=1 / --ble  (default SoftAP)
  sec2: boolean; // BUILD_SEC2=1 / --sec2 (default sec0+sec1)
  debug: boolean; // BUILD_DEBUG=1 / --debug (DEBUG=true, LOG_LEVEL=4)
  mangle: boolean; // BUILD_MANGLE=0 / --no-mangle (whitespace+syntax minification only)
}

/**
 * Features esbuild must not emit as-is (Espruino lacks them). Destructuring, default/rest
 * arguments, spread, async and generators then fail the build ("not supported yet");
 * object-rest-spread, ?., ??=/||=/&&=, class fields are lowered into code Espruino runs.
 * `**` stays supported on purpose: lowering gives the inexact Math.pow, so it is left in the
 * output for the subset checker to reject.
 */
export const UNSUPPORTED = [
  "destructuring", "default-argument", "rest-argument", "array-spread", "object-rest-spread",
  "async-await", "async-generator", "for-await", "generator", "bigint", "optional-chain",
  "logical-assignment", "class-field", "class-static-field", "class-private-field",
  "class-private-method", "class-private-accessor", "class-private-static-field",
  "class-private-static-method", "class-private-static-accessor", "class-private-brand-check",
  "class-static-blocks", "new-target", "top-level-await", "import-meta", "dynamic-import",
  "regexp-named-capture-groups", "regexp-lookbehind-assertions", "using", "decorators",
] as const;

/** Identifiers Espruino cannot bind (docs/platform/espruino.md §3.1 "Reserved identifiers"). */
export const RESERVED = ["of", "static", "let", "undefined"];

/**
 * Top-level names the mangler must not produce: the bundle's declarations are globals on the
 * device, and a global `E` or `D5` would hide Espruino's own (the mangler only makes 1–2
 * character names; the only such Espruino globals are `E` and the pins `D0`–`D9`, see
 * jswSymbols_global in gen/jswrapper.c). The subset checker rejects the longer ones too.
 */
export const GLOBAL_RESERVED = ["E", "D0", "D1", "D2", "D3", "D4", "D5", "D6", "D7", "D8", "D9"];

function flag(env: string | undefined, dflt: boolean): boolean {
  if (env === undefined || env === "") return dflt;
  return env === "1" || env === "true" || env === "yes";
}

/** Thrown by parseOptions for -h/--help (build.sh answers those before running this). */
export class HelpRequest extends Error {
  constructor() {
    super("usage: tsx tools/bundle/build.ts [--ble|--no-ble] [--sec2|--no-sec2] [--debug|--no-debug] [--mangle|--no-mangle] [--entry=PATH] [--out=PATH | --storage=DIR]");
  }
}

/** Options from the environment, then argv flags; throws on an unknown flag. */
export function parseOptions(argv: string[], env: NodeJS.ProcessEnv): BuildOptions {
  const o: BuildOptions = {
    entry: env.BUILD_ENTRY || MODULE_ENTRY,
    out: env.BUILD_OUT || "",
    storage: env.BUILD_STORAGE || STORAGE_DIR,
    ble: flag(env.BUILD_BLE, false),
    sec2: flag(env.BUILD_SEC2, false),
    debug: flag(env.BUILD_DEBUG, false),
    mangle: flag(env.BUILD_MANGLE, true),
  };
  for (const a of argv) {
    if (a === "--ble" || a === "--no-ble") o.ble = a === "--ble";
    else if (a === "--sec2" || a === "--no-sec2") o.sec2 = a === "--sec2";
    else if (a === "--debug" || a === "--no-debug") o.debug = a === "--debug";
    else if (a === "--mangle" || a === "--no-mangle") o.mangle = a === "--mangle";
    else if (a.startsWith("--entry=") && a.length > 8) o.entry = a.slice(8);
    else if (a.startsWith("--out=") && a.length > 6) o.out = a.slice(6);
    else if (a.startsWith("--storage=") && a.length > 10) o.storage = a.slice(10);
    else if (a === "-h" || a === "--help") throw new HelpRequest();
    else throw new Error("unknown build option: " + a + " (./build.sh --help lists them)");
  }
  return o;
}

/** Budget key of a variant, e.g. "softap-sec01", "ble-sec012-debug". */
export function variantName(o: BuildOptions): string {
  return (o.ble ? "ble" : "softap") + (o.sec2 ? "-sec012" : "-sec01") + (o.debug ? "-debug" : "") +
    (o.mangle ? "" : "-nomangle") + (o.entry === MODULE_ENTRY ? "" : "-" + o.entry.replace(/\W+/g, "_"));
}

/** The module's entry; its variant names carry no entry suffix. */
export const MODULE_ENTRY = "firmware/storage/module.ts";
/** The stack the module evaluates at global scope (firmware/storage/core-api.ts). */
export const CORE_ENTRY = "firmware/storage/core.ts";
/** Where the Storage layout goes: one file per Storage file, named as on the board. */
export const STORAGE_DIR = "dist/storage";
/** The Storage layout: file name → entry. */
export const STORAGE_FILES: [string, string][] = [
  ["wifiprov-core", CORE_ENTRY],
  ["wifiprov-scan", "firmware/storage/scan.ts"],
  ["wifi-prov", MODULE_ENTRY],
  ["wifiprov-kv", "firmware/storage/kv.ts"],
  ["wifiprov-cfg", "firmware/storage/config.ts"],
  ["wifiprov-portal", "firmware/storage/portal.ts"],
  ["wifiprov-dns", "firmware/storage/dns.ts"],
  ["wifiprov-console", "firmware/storage/console.ts"],
  [".boot1", "firmware/storage/boot.ts"],
];

/**
 * Class method names of ≥ 10 characters to rename in the release pass: on the 32-bit device a
 * property name past ~10 characters takes one more JsVar (docs/platform/espruino.md §6.1), for every method.
 * Left alone: names in a string literal (protobuf descriptors, config keys) and Espruino's API as
 * declared in firmware/espruino.d.ts (the bindings call it by name).
 */
export function longMethodNames(readable: string): string[] {
  const api = new Set(readFileSync(join(ROOT, "firmware/espruino.d.ts"), "utf8").match(/[A-Za-z_$][\w$]*/g) || []);
  const ast = acorn.parse(readable, { ecmaVersion: "latest", sourceType: "script" });
  const names = new Set<string>();
  const strings = new Set<string>();
  walk.full(ast, (n) => {
    const a = n as unknown as { type: string; kind?: string; computed?: boolean; key?: { type: string; name: string }; value?: unknown };
    if (a.type === "MethodDefinition" && a.kind === "method" && !a.computed && a.key && a.key.type === "Identifier") names.add(a.key.name);
    if (a.type === "Literal" && typeof a.value === "string") strings.add(a.value);
  });
  return [...names].filter((m) => m.length >= 10 && !strings.has(m) && !api.has(m)).sort();
}

/**
 * Modules the core takes from a Storage part at first use: an import of `path` from `importer` is
 * given the stand-in `to` instead (same exports; the part's file has the real ones).
 */
export const LAZY_PARTS: { importer: RegExp; path: RegExp; to: string }[] = [
  { importer: /src[\\/]prov[\\/]manager-service\.ts$/, path: /^(\.\.\/wifi\/scanner|\.\/ep-scan)$/, to: "firmware/storage/scan-lazy.ts" },
];

function lazyParts(): esbuild.Plugin {
  return {
    name: "lazy-parts",
    setup(b) {
      b.onResolve({ filter: /^\./ }, (a) => {
        for (const l of LAZY_PARTS) if (l.path.test(a.path) && l.importer.test(a.importer)) return { path: join(ROOT, l.to) };
        return undefined;
      });
    },
  };
}

/** esbuild options of the readable (minified=false) or release pass (long: longMethodNames(); cache: esbuild's mangleCache). */
export function esbuildOptions(o: BuildOptions, minified: boolean, long: string[] = [], cache?: Record<string, string | false>, coreNames = 0): esbuild.BuildOptions {
  const supported: Record<string, boolean> = {};
  for (const f of UNSUPPORTED) supported[f] = false;
  return {
    absWorkingDir: ROOT,
    entryPoints: [o.entry],
    outfile: o.out,
    bundle: true,
    write: false,
    // No IIFE: on Espruino every function defined inside one keeps a link to its scope (one more
    // JsVar each; measured −310 resident on the 32-bit build). The bundle's names become globals.
    format: "esm",
    platform: "neutral",
    mainFields: ["module", "main"],
    target: "es2015",
    supported,
    charset: "ascii", // Espruino strings are 8-bit: keep the source ASCII
    legalComments: "none",
    define: {
      DEBUG: String(o.debug),
      LOG_LEVEL: o.debug ? "4" : "1",
      BUILD_BLE: String(o.ble),
      BUILD_SEC2: String(o.sec2),
      CORE_NAMES: String(coreNames),
    },
    // The module's first statement, before any of its code makes a built-in a global (Espruino
    // materializes Math, Uint8Array… at first use): what release() must leave (module.ts).
    // It ends with ";": Espruino 2v29's String.indexOf finds a needle that runs off the end
    // ("ab".indexOf("bc") is 1; docs/platform/espruino.md §3.2).
    banner: o.entry === MODULE_ENTRY ? { js: 'var WIFIPROV_BEFORE=","+Object.keys(globalThis).join(",")+","+Modules.getCached().join(",")+",;";' } : undefined,
    minifyWhitespace: minified,
    minifySyntax: minified,
    // Private members end in `_`; `__proto__`-like names are left alone.
    mangleProps: minified ? new RegExp("[^_]_$" + (long.length ? "|^(?:" + long.join("|") + ")$" : "")) : undefined,
    mangleCache: minified && cache ? cache : undefined,
    metafile: minified,
    logLevel: "silent",
    plugins: o.entry === CORE_ENTRY ? [lazyParts()] : undefined,
  };
}

function text(r: esbuild.BuildResult): string {
  const f = r.outputFiles?.[0];
  if (!f) throw new Error("esbuild produced no output");
  return f.text;
}

/**
 * Single-use functions kept as top-level declarations (see mangleNames): the X25519 ladder step (a
 * hot path), and the factories of long-lived closures. Espruino keeps a closure's whole scope
 * chain alive; a factory moved into its caller would put the caller's locals (a start() call's
 * callbacks and PoP) back into the chain of a closure that lives as long as provisioning runs.
 */
export const HOT_FUNCTIONS = ["ladderStep", "listenOptions", "serve", "wifiListener", "failCounter", "logLine", "portalOptions", "dnsResponder", "udpMessages", "udpBound", "dnsAnswer", "dnsBound",
  "ctrStream", "configHandlers", "makeConfigHandler", "makeCtrlHandler", "makeScanHandler", "scanEndpoint", "managerEvents", "control", "finish",
  "responder", "reply"];

/**
 * Terser over esbuild's output, top level included: names mangled, constants inlined and unused
 * code dropped, and functions called once moved into their caller (each top-level constant or
 * function is a global costing JsVars on the device; one moved into its caller exists only while
 * that runs: −110 JsVars resident, measured).
 * No function inlining: with it the bundle failed at start on Espruino ("Expecting function, got
 * Object"), and it saved no JsVars beyond what the other passes do.
 */
export async function mangleNames(code: string, nameCache?: { vars?: { props: Record<string, string> } }): Promise<string> {
  const r = await minify(code, {
    toplevel: true,
    // top_retain: a single-use function would otherwise become a function expression at its call
    // site, created anew at every call (the X25519 ladder step, 255 calls each, ran ~25 % slower)
    // and inside its caller's scope (a closure factory's product would keep that scope).
    compress: { toplevel: true, passes: 2, inline: false, top_retain: HOT_FUNCTIONS },
    mangle: { toplevel: true, reserved: RESERVED.concat(GLOBAL_RESERVED) },
    format: { comments: false, ascii_only: true }, // as esbuild's charset: Espruino strings are 8-bit
    nameCache: nameCache,
  });
  if (r.code === undefined) throw new Error("terser produced no output");
  return r.code;
}

/**
 * The core's code for global scope (firmware/storage/core-api.ts): mangleNames() with every
 * top-level name renamed CORE_PREFIX + a base-36 number (terser's name cache gives the top level
 * those names and keeps the locals off them), and each top-level class, let or const made a var
 * (Espruino deletes any global; Node's vm in the bundle tier can declare a var or a function
 * again when the core is evaluated again, not a let, const or class). Returns the name count.
 */
export async function mangleForGlobalScope(code: string): Promise<{ code: string; names: number }> {
  const first: { vars?: { props: Record<string, string> } } = {};
  await mangleNames(code, first);
  const props: Record<string, string> = {};
  const orig = Object.keys(first.vars ? first.vars.props : {});
  orig.forEach((k, i) => (props[k] = "$" + i.toString(36)));
  let out = await mangleNames(code, { vars: { props } });
  const ast = acorn.parse(out, { ecmaVersion: "latest", sourceType: "script" }) as unknown as { body: { type: string; start: number; end: number; kind?: string; id?: { name: string; end: number }; declarations?: { id: { type: string; name: string } }[] }[] };
  const top: string[] = [];
  const edits: [number, number, string][] = [];
  for (const n of ast.body) {
    if ((n.type === "FunctionDeclaration" || n.type === "ClassDeclaration") && n.id) top.push(n.id.name);
    if (n.type === "ClassDeclaration" && n.id) edits.push([n.start, n.id.end, "var " + n.id.name + "=class"], [n.end, n.end, ";"]);
    if (n.type === "VariableDeclaration") {
      for (const d of n.declarations || []) top.push(d.id.type === "Identifier" ? d.id.name : "(pattern)");
      if (n.kind !== "var") edits.push([n.start, n.start + (n.kind as string).length, "var"]);
    }
  }
  const bad = top.filter((t) => !/^\$[0-9a-z]+$/.test(t) || parseInt(t.slice(1), 36) >= orig.length);
  if (bad.length) throw new Error("global-scope build: top-level names not renamed: " + bad.join(" "));
  edits.sort((a, b) => b[0] - a[0] || b[1] - a[1]);
  for (const [s, e, t] of edits) out = out.slice(0, s) + t + out.slice(e);
  // "@global-names:a,b" (a string in the source): the global names of those functions, for code
  // that deletes them (the ones terser moved into their caller are not globals: left out).
  out = out.replace(/(["'])@global-names:([\w,]*)\1/g, (_m, q: string, list: string) =>
    q + list.split(",").filter((n) => props["$" + n]).map((n) => props["$" + n]).join(",") + q);
  return { code: out, names: orig.length };
}

function kb(n: number): string {
  return String(n).padStart(7) + " B";
}

/** Bytes per input module, from the metafile (after esbuild minification, before terser). */
export function moduleSizes(meta: esbuild.Metafile): [string, number][] {
  const out = Object.values(meta.outputs)[0];
  if (!out) return [];
  return Object.entries(out.inputs)
    .map(([p, v]): [string, number] => [p, v.bytesInOutput])
    .sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1));
}

interface Budget { variants: Record<string, { maxBytes: number }> }

/**
 * What the module hands the Storage files built after it, so that one file's code can call
 * objects of another (the module's manager calls the scheme of "wifiprov-console", which calls the
 * module's Protocomm): the renamed property names (esbuild's mangleCache and the long method
 * names, the same new name in every file) and the module's own code (a method it calls is kept in
 * a file where nothing else calls it).
 */
export interface SharedNames {
  cache: Record<string, string | false>;
  long: string[];
  uses: string;
  /** How many globals the core defines (CORE_NAMES in the module). */
  coreNames: number;
}

/**
 * Runs the whole pipeline; returns the process exit code. shared: the module's names, for a
 * Storage file built after it; keep: receives this file's (the module's build).
 */
export async function build(o: BuildOptions, shared?: SharedNames, keep?: (s: SharedNames) => void): Promise<number> {
  const out = join(ROOT, o.out);
  // Side files of a Storage file go beside its directory, never into it (flash writes all of it):
  // dist/storage/wifi-prov → dist/storage-wifi-prov.readable.js.
  const storage = join(ROOT, o.storage || STORAGE_DIR);
  const side = dirname(out) === storage ? storage + "-" + basename(out).replace(/^\./, "") : out.replace(/\.js$/, "");
  const readablePath = side + ".readable.js";
  mkdirSync(dirname(out), { recursive: true });
  let readable: string;
  let minified: esbuild.BuildResult;
  let long: string[] = [];
  try {
    readable = text(await esbuild.build(esbuildOptions(o, false, [], undefined, shared ? shared.coreNames : 0)));
    long = longMethodNames(readable);
    if (shared) long = [...new Set(long.concat(shared.long))].sort();
    minified = await esbuild.build(esbuildOptions(o, true, long, shared || keep ? { ...(shared ? shared.cache : {}) } : undefined, shared ? shared.coreNames : 0));
  } catch (e) {
    const f = (e as { errors?: esbuild.Message[] }).errors;
    if (!f) throw e;
    for (const m of f) {
      const l = m.location;
      console.error((l ? l.file + ":" + l.line + ":" + (l.column + 1) + ": " : "") + "esbuild: " + m.text + (l ? "\n    " + l.lineText.trim() : ""));
    }
    return 1;
  }
  writeFileSync(readablePath, readable);

  // The readable bundle keeps esbuild's `// src/x.ts` markers, so findings name the module.
  let found = checkSubset(readable);
  if (found.length) {
    console.error(formatFindings(relative(ROOT, readablePath), found));
    console.error("subset check failed: " + found.length + " violation(s)");
    return 1;
  }
  const dropped = dropUnusedMethods(text(minified), shared ? shared.uses : undefined);
  const inlined = inlineStringConstants(dropped.code);
  for (const f of HOT_FUNCTIONS) {
    if (readable.includes("function " + f + "(") && !inlined.code.includes("function " + f + "(")) {
      console.error("HOT_FUNCTIONS: no top-level function " + f + " in the bundle (renamed?): tools/bundle/build.ts");
      return 1;
    }
  }
  const esbuildMin = inlined.code;
  const core = o.entry === CORE_ENTRY && o.mangle ? await mangleForGlobalScope(esbuildMin) : undefined;
  const code = core ? core.code : o.mangle ? await mangleNames(esbuildMin) : esbuildMin;
  // Minifiers must not introduce anything either (e.g. a mangled name `of`).
  // A non-ASCII byte in the file becomes two characters on the ESP32 (no UTF-8 in its build): the
  // BLE binding's g["\xFF"] came out of the minifiers as g.ÿ (and the subset checker now rejects
  // non-ASCII names, which ascii_only writes as g.\u00ff).
  const nonAscii = /[^\x00-\x7f]/.exec(code);
  if (nonAscii) {
    console.error("non-ASCII character in the bundle at offset " + nonAscii.index + ": " + JSON.stringify(code.slice(nonAscii.index - 30, nonAscii.index + 30)));
    return 1;
  }
  found = checkSubset(code);
  if (found.length) {
    console.error(formatFindings(relative(ROOT, out), found));
    console.error("subset check of the minified bundle failed: " + found.length + " violation(s)");
    return 1;
  }
  writeFileSync(out, code);
  if (keep) keep({ cache: minified.mangleCache || {}, long: long, uses: esbuildMin, coreNames: core ? core.names : 0 });
  const meta = minified.metafile as esbuild.Metafile;
  writeFileSync(side + ".meta.json", JSON.stringify(meta, null, 1));

  const variant = variantName(o);
  const bytes = Buffer.byteLength(code);
  console.log("bundle " + relative(ROOT, out) + " (" + variant + ")");
  for (const [p, n] of moduleSizes(meta)) console.log("  " + kb(n) + "  " + p);
  console.log("  long method names renamed: " + (long.join(" ") || "none"));
  console.log("  class methods nothing calls, dropped: " + (dropped.dropped.join(" ") || "none"));
  console.log("  string constants written into their uses: " + (inlined.inlined.join(" ") || "none"));
  console.log("  " + kb(Buffer.byteLength(esbuildMin)) + "  esbuild minified (whitespace+syntax, props_ mangled)");
  if (o.mangle) console.log("  " + kb(bytes) + "  + terser names mangled (saves " + (Buffer.byteLength(esbuildMin) - bytes) + " B)");
  console.log("  " + kb(Buffer.byteLength(readable)) + "  readable bundle " + relative(ROOT, readablePath));

  const budget = JSON.parse(readFileSync(join(ROOT, "tools/bundle/budget.json"), "utf8")) as Budget;
  const max = budget.variants[variant]?.maxBytes;
  if (max === undefined) {
    console.log("size " + bytes + " B; no budget for variant " + variant + " in tools/bundle/budget.json");
    return 0;
  }
  const line = "size " + bytes + " B of budget " + max + " B (" + (max - bytes >= 0 ? "+" : "") + (max - bytes) + " B headroom)";
  if (bytes > max) {
    console.error(line + ": OVER BUDGET (tools/bundle/budget.json)");
    return 1;
  }
  console.log(line);
  return 0;
}

async function main(): Promise<number> {
  let o: BuildOptions;
  try {
    o = parseOptions(process.argv.slice(2), process.env);
  } catch (e) {
    if (e instanceof HelpRequest) {
      console.log(e.message);
      return 0;
    }
    console.error("build: " + (e as Error).message);
    return 2;
  }
  if (o.out) return build(o);
  // The Storage layout: every file with the same options.
  let shared: SharedNames | undefined;
  // The core first: the files after it share its names (and the module its name count).
  for (const [name, entry] of STORAGE_FILES) {
    const first = entry === CORE_ENTRY;
    const r = await build({ ...o, entry: name === "wifi-prov" ? o.entry : entry, out: (o.storage || STORAGE_DIR) + "/" + name }, first ? undefined : shared, first ? (s) => (shared = s) : undefined);
    if (r !== 0) return r;
  }
  return 0;
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  main().then((c) => process.exit(c), (e) => {
    console.error(e);
    process.exit(1);
  });
}
