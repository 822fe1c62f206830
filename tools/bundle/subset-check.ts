// Espruino subset checker: parses a bundle with acorn and reports every construct or global that
// Espruino 2v29 lacks (docs/platform/espruino.md §3.1). Host-side tool.
import { readFileSync } from "node:fs";
import { pathToFileURL } from "node:url";
import * as acorn from "acorn";
import * as walk from "acorn-walk";

/** One rejected construct: 1-based line and column in the checked code. */
export interface Finding {
  line: number;
  column: number;
  message: string;
  /** Excerpt of the offending source line. */
  source: string;
  /** Module the code came from, from esbuild's `// path` markers (readable bundles only). */
  module?: string;
}

// acorn's ESTree nodes, loosely typed: this tool only reads them.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type AnyNode = { type: string; start: number; end: number; loc: acorn.SourceLocation; [k: string]: any };

/** Names Espruino's lexer reserves on top of ES5 ("Got of expected EOF"). */
const RESERVED = new Set(["of", "static", "let"]);
/** Globals Espruino does not define (or defines wrongly). */
const BANNED_GLOBALS = new Set([
  "Map", "Set", "WeakMap", "WeakSet", "WeakRef", "FinalizationRegistry", "Symbol", "Proxy",
  "Reflect", "BigInt", "BigInt64Array", "BigUint64Array", "Intl", "TextEncoder", "TextDecoder",
  "escape", "unescape", "queueMicrotask", "structuredClone", "SharedArrayBuffer", "Atomics",
  "AggregateError", "RangeError",
]);
const TYPED = ["Int8Array", "Uint8Array", "Uint8ClampedArray", "Int16Array", "Uint16Array",
  "Int32Array", "Uint32Array", "Float32Array", "Float64Array"];
/** Static members missing on Espruino: Global -> members. */
const BANNED_STATICS: Record<string, string[]> = {
  Array: ["from", "of"],
  Number: ["isInteger", "isNaN", "isFinite", "isSafeInteger", "parseInt", "parseFloat",
    "EPSILON", "MAX_SAFE_INTEGER", "MIN_SAFE_INTEGER"],
  Math: ["imul", "clz32", "trunc", "fround", "hypot", "cbrt", "log2"],
  Object: ["freeze", "seal", "is"],
  Promise: ["race", "allSettled", "any"],
  String: ["raw", "fromCodePoint"],
  ArrayBuffer: ["isView"],
};
for (const t of TYPED) BANNED_STATICS[t] = ["from", "of"];
/**
 * Espruino's globals (jswSymbols_global in gen/jswrapper.c of the ESP32 build, plus pins `D0`…):
 * the bundle's top-level declarations are globals on the device and must not replace them.
 */
const ESPRUINO_GLOBALS = new Set(("AES Array ArrayBuffer ArrayBufferView Boolean DataView Date E Error File " +
  "Float32Array Float64Array Function Graphics HIGH I2C I2C1 I2C2 I2C3 Infinity Int16Array Int32Array Int8Array " +
  "InternalError JSON LOW LoopbackA LoopbackB Math Modules NaN Number Object OneWire Pin Promise ReferenceError " +
  "RegExp SPI SPI1 SPI2 SPI3 Serial Serial1 Serial2 Serial3 Serial4 Serial5 Serial6 Server Socket StorageFile " +
  "String SyntaxError Telnet TypeError USB Uint16Array Uint24Array Uint32Array Uint8Array Uint8ClampedArray " +
  "Waveform analogRead analogWrite arguments atob btoa changeInterval clearInterval clearTimeout clearWatch " +
  "console decodeURIComponent dgramSocket digitalPulse digitalRead digitalWrite dump echo edit " +
  "encodeURIComponent eval getPinMode getSerial getTime global globalThis httpCRq httpCRs httpSRq httpSRs " +
  "httpSrv isFinite isNaN load parseFloat parseInt peek16 peek32 peek8 pinMode poke16 poke32 poke8 print " +
  "process require reset save setBusyIndicator setInterval setSleepIndicator setTime setTimeout setWatch " +
  "shiftOut trace url NRF ESP32 Bluetooth Wifi onInit").split(" "));
/** Built-ins whose `X.prototype.method` reads are undefined on Espruino (Object/Error work). */
const PROTO_BUILTINS = new Set(["Array", "String", "Function", "Number", "Boolean", "Promise",
  "RegExp", "Date", "ArrayBuffer", "DataView", ...TYPED]);
/** Instance methods Espruino lacks, flagged when called on anything. */
const BANNED_METHODS = new Set(["finally", "flat", "flatMap", "at", "reduceRight", "copyWithin",
  "trimStart", "trimEnd", "codePointAt", "normalize", "localeCompare", "matchAll"]);
/** esbuild runtime helpers that cannot run on Espruino (generators, WeakMap, Math.pow…). */
const BAD_RUNTIME = /^__(async|await|asyncGenerator|yieldStar|forAwait|pow|template|using|callDispose|decorate\w*|runInitializers|private\w*|super\w*)$/;

interface Scope {
  parent: Scope | undefined;
  kind: "fn" | "block" | "loop" | "catch";
  /** name -> index of the declaring statement in this scope's list (-1: no order). */
  names: Map<string, number>;
  /** Local functions (declarations and `var f = function…`) by name. */
  fns: Map<string, AnyNode>;
  /** Index of the statement of this scope's list being walked. */
  cur: number;
  /** Function nesting depth of the code directly in this scope (IIFEs do not count). */
  depth: number;
}

interface Ref { name: string; scope: Scope; decl: number; call: boolean }
interface PendingCall { fn: AnyNode; scope: Scope; at: number; node: AnyNode; name: string }

function isFn(n: AnyNode | undefined | null): boolean {
  return !!n && (n.type === "FunctionDeclaration" || n.type === "FunctionExpression" ||
    n.type === "ArrowFunctionExpression");
}

/** Identifiers bound by a pattern (patterns themselves are reported elsewhere). */
function patternNames(p: AnyNode | null, out: AnyNode[]): AnyNode[] {
  if (!p) return out;
  if (p.type === "Identifier") out.push(p);
  else if (p.type === "ObjectPattern") for (const q of p.properties) patternNames(q.type === "RestElement" ? q : q.value, out);
  else if (p.type === "ArrayPattern") for (const q of p.elements) patternNames(q, out);
  else if (p.type === "RestElement") patternNames(p.argument, out);
  else if (p.type === "AssignmentPattern") patternNames(p.left, out);
  return out;
}

/** `var` names anywhere under a statement, not inside nested functions or classes. */
function varNames(n: AnyNode, out: AnyNode[]): void {
  if (isFn(n) || n.type === "ClassDeclaration" || n.type === "ClassExpression") return;
  if (n.type === "VariableDeclaration" && n.kind === "var") {
    for (const d of n.declarations) patternNames(d.id, out);
  }
  for (const k of Object.keys(n)) {
    if (k === "loc") continue;
    const v = n[k];
    if (Array.isArray(v)) { for (const c of v) if (c && typeof c.type === "string") varNames(c, out); }
    else if (v && typeof v.type === "string") varNames(v, out);
  }
}

/** Declares the statements of a list into scope s (hoisted vars too when s is a function). */
function declareList(s: Scope, list: AnyNode[], fnBody: boolean): void {
  list.forEach((st, i) => {
    const add = (id: AnyNode | null) => { if (id && !s.names.has(id.name)) s.names.set(id.name, i); };
    if (st.type === "FunctionDeclaration") {
      add(st.id);
      if (st.id) s.fns.set(st.id.name, st);
    } else if (st.type === "ClassDeclaration") add(st.id);
    else if (st.type === "VariableDeclaration" && (st.kind !== "var" || fnBody)) {
      for (const d of st.declarations) {
        for (const id of patternNames(d.id, [])) add(id);
        if (d.id.type === "Identifier" && isFn(d.init)) s.fns.set(d.id.name, d.init);
      }
    }
    if (fnBody) {
      const vs: AnyNode[] = [];
      varNames(st, vs);
      for (const id of vs) add(id);
    }
  });
}

/** Offending-line excerpt around a column (bundles can be one long line). */
function excerpt(lines: string[], line: number, col: number): string {
  const text = lines[line - 1] ?? "";
  if (text.length <= 120) return text.trim();
  const a = Math.max(0, col - 60);
  return (a > 0 ? "…" : "") + text.slice(a, col + 60) + (col + 60 < text.length ? "…" : "");
}

/** Regex features Espruino's engine lacks: `{n}` quantifiers, `(?…)` groups, flags beyond g/i/m. */
function regexProblem(pattern: string, flags: string): string | undefined {
  const bad = flags.replace(/[gim]/g, "");
  if (bad) return "regex flags '" + bad + "' are not supported by Espruino";
  let inClass = false;
  for (let i = 0; i < pattern.length; i++) {
    const c = pattern[i];
    if (c === "\\") { i++; continue; }
    if (inClass) { if (c === "]") inClass = false; continue; }
    if (c === "[") inClass = true;
    else if (c === "(" && pattern[i + 1] === "?" && pattern[i + 2] !== ":") return "regex look-around or named group is not supported by Espruino";
    else if (c === "{" && /[0-9]/.test(pattern[i + 1] ?? "")) return "regex numeric quantifier {n} does not work on Espruino";
  }
  return undefined;
}

/** Checks code (a bundle) against the Espruino subset; returns every finding, sorted. */
export function checkSubset(code: string): Finding[] {
  const lines = code.split("\n");
  const markers: { at: number; path: string }[] = [];
  const out: Finding[] = [];
  const seen = new Set<string>();
  const moduleAt = (pos: number): string | undefined => {
    let m: string | undefined;
    for (const k of markers) { if (k.at > pos) break; m = k.path; }
    return m;
  };
  const report = (n: AnyNode, message: string) => {
    const key = n.start + ":" + message;
    if (seen.has(key)) return;
    seen.add(key);
    const line = n.loc.start.line;
    const column = n.loc.start.column + 1;
    const f: Finding = { line, column, message, source: excerpt(lines, line, column - 1) };
    const m = moduleAt(n.start);
    if (m !== undefined) f.module = m;
    out.push(f);
  };

  let ast: AnyNode;
  try {
    ast = acorn.parse(code, {
      ecmaVersion: "latest", sourceType: "script", locations: true, allowHashBang: true,
      allowReturnOutsideFunction: true,
      onComment: (block, text, start) => {
        const m = /^ ((?:[\w@.-]+\/)*[\w@.-]+\.[cm]?[jt]sx?)$/.exec(text);
        if (!block && m && m[1]) markers.push({ at: start, path: m[1] });
      },
    }) as unknown as AnyNode;
  } catch (e) {
    const err = e as SyntaxError & { loc?: { line: number; column: number }; pos?: number };
    const line = err.loc ? err.loc.line : 1;
    const column = err.loc ? err.loc.column + 1 : 1;
    return [{ line, column, message: "parse error: " + err.message, source: excerpt(lines, line, column - 1) }];
  }

  // The bundle has no IIFE (tools/bundle/build.ts): its top-level names are device globals.
  const topName = (id: AnyNode | null) => {
    if (id && id.type === "Identifier" && (ESPRUINO_GLOBALS.has(id.name) || /^D\d+$/.test(id.name)))
      report(id, "top-level '" + id.name + "' would replace Espruino's global of that name");
  };
  for (const st of ast.body as AnyNode[]) {
    if (st.type === "VariableDeclaration") for (const d of st.declarations as AnyNode[]) topName(d.id);
    else if (st.type === "FunctionDeclaration" || st.type === "ClassDeclaration") topName(st.id);
  }

  // Espruino's lexer has no \u escapes in names (o.\u00ff is a syntax error): esbuild writes
  // o["\xFF"] that way.
  const nonAsciiName = (id: AnyNode) => {
    if (id.type === "Identifier" && /[^\x00-\x7f]/.test(id.name)) report(id, "non-ASCII name '" + id.name + "' (Espruino cannot parse \\u escapes in names; compute the key at run time, e.g. o[E.toString([n])]: esbuild folds a constant one, String.fromCharCode(n) included)");
  };

  // 1. Pure syntax: node types Espruino cannot parse or run.
  walk.full(ast as unknown as acorn.Node, (node0) => {
    const n = node0 as unknown as AnyNode;
    switch (n.type) {
      case "ObjectPattern": case "ArrayPattern": report(n, "destructuring is not supported by Espruino"); break;
      case "AssignmentPattern": report(n, "default value (parameter/destructuring default) is not supported by Espruino"); break;
      case "RestElement": report(n, "rest element/parameter is not supported by Espruino"); break;
      case "SpreadElement": report(n, "spread is not supported by Espruino"); break;
      case "AwaitExpression": report(n, "await is not supported by Espruino"); break;
      case "YieldExpression": report(n, "yield (generators) is not supported by Espruino"); break;
      case "ChainExpression": report(n, "optional chaining ?. is not supported by Espruino"); break;
      case "LabeledStatement": report(n, "labels are not supported by Espruino"); break;
      case "TaggedTemplateExpression": report(n, "tagged templates are not supported by Espruino"); break;
      case "MetaProperty": report(n, n.meta.name + "." + n.property.name + " is not supported by Espruino"); break;
      case "PrivateIdentifier": report(n, "#private members are not supported by Espruino"); break;
      case "PropertyDefinition":
        if (n.key.type === "PrivateIdentifier") report(n, "#private members are not supported by Espruino");
        report(n, "class field left in the bundle (let esbuild lower class-field)");
        break;
      case "MemberExpression":
        if (n.property.type === "PrivateIdentifier") report(n, "#private members are not supported by Espruino");
        if (!n.computed) nonAsciiName(n.property);
        break;
      case "Identifier": nonAsciiName(n); break;
      case "StaticBlock": report(n, "class static blocks are not supported by Espruino"); break;
      case "WithStatement": report(n, "with is not supported by Espruino"); break;
      case "ImportExpression": case "ImportDeclaration": case "ExportNamedDeclaration":
      case "ExportDefaultDeclaration": case "ExportAllDeclaration":
        report(n, "module syntax in the bundle"); break;
      case "ForOfStatement": if (n.await) report(n, "for await is not supported by Espruino"); break;
      case "BinaryExpression":
        if (n.left.type === "PrivateIdentifier") report(n, "#private members are not supported by Espruino");
        if (n.operator === "**") report(n, "** is not supported by Espruino (and Math.pow is inexact)"); break;
      case "AssignmentExpression":
        if (n.operator === "**=") report(n, "**= is not supported by Espruino (and Math.pow is inexact)");
        else if (/^(\?\?|\|\||&&)=$/.test(n.operator)) report(n, n.operator + " is not supported by Espruino (let esbuild lower logical-assignment)");
        break;
      case "Property": case "MethodDefinition":
        if (n.key.type === "PrivateIdentifier") report(n, "#private members are not supported by Espruino");
        if (n.computed) report(n, "computed keys are not supported by Espruino");
        else nonAsciiName(n.key);
        break;
      case "ClassDeclaration": case "ClassExpression":
        if (n.superClass) report(n, "extends is avoided (static members are not inherited on Espruino; compose instead)"); break;
      case "Literal":
        if (n.bigint !== undefined) report(n, "BigInt literals are not supported by Espruino");
        else if (n.regex) { const p = regexProblem(n.regex.pattern, n.regex.flags); if (p) report(n, p); }
        break;
      case "FunctionDeclaration": case "FunctionExpression": case "ArrowFunctionExpression":
        if (n.async) report(n, "async functions are not supported by Espruino");
        if (n.generator) report(n, "generators are not supported by Espruino");
        break;
      case "CallExpression": {
        const c = n.callee;
        if (c.type !== "MemberExpression" || c.computed || c.property.type !== "Identifier") break;
        const m = c.property.name as string;
        if (BANNED_METHODS.has(m)) report(n, "." + m + "() is missing on Espruino");
        if (m === "replace" && n.arguments[0]?.type === "Literal" && typeof n.arguments[0].value === "string" && isFn(n.arguments[1]))
          report(n, "replace(string, fn) inserts the function source on Espruino; use a RegExp");
        const a1 = n.arguments[1];
        if (c.object.type === "Identifier" && c.object.name === "JSON" && (m === "stringify" || m === "parse") && a1 &&
          !(a1.type === "Literal" && a1.value === null) && !(a1.type === "Identifier" && a1.name === "undefined"))
          report(n, "JSON." + m + " replacer/reviver is ignored by Espruino");
        break;
      }
    }
  });

  // 2. Scope-aware checks: globals, reserved bindings, use before definition, loop closures.
  const pending: PendingCall[] = [];
  const edges = new Map<AnyNode, Ref[]>();
  const fnStack: AnyNode[] = [];
  let depth = 0;
  const iifes = new Set<AnyNode>();
  const targets = new Set<AnyNode>();

  const newScope = (parent: Scope | undefined, kind: Scope["kind"]): Scope =>
    ({ parent, kind, names: new Map(), fns: new Map(), cur: 0, depth });

  const resolve = (name: string, s: Scope | undefined): Scope | undefined => {
    for (let t = s; t; t = t.parent) if (t.names.has(name)) return t;
    return undefined;
  };

  const binding = (id: AnyNode) => {
    if (RESERVED.has(id.name) || id.name === "undefined") report(id, "identifier '" + id.name + "' cannot be a binding on Espruino");
    if (BAD_RUNTIME.test(id.name)) report(id, "esbuild runtime helper " + id.name + " cannot run on Espruino");
  };

  const reference = (id: AnyNode, s: Scope, call: boolean) => {
    const name = id.name as string;
    if (RESERVED.has(name)) report(id, "identifier '" + name + "' is reserved on Espruino");
    if (BAD_RUNTIME.test(name)) report(id, "esbuild runtime helper " + name + " cannot run on Espruino" + (name === "__pow" ? " (** lowered to the inexact Math.pow)" : ""));
    const d = resolve(name, s);
    if (!d) {
      if (BANNED_GLOBALS.has(name)) report(id, name + " is not available on Espruino");
      else if (name === "eval") report(id, "eval is banned in the bundle");
      return;
    }
    if (d.kind === "loop" && depth > d.depth && fnStack.length > 0)
      report(id, "closure captures loop variable '" + name + "' of for (let/const …): Espruino shares one binding");
    const decl = d.names.get(name) ?? -1;
    if (decl < 0) return;
    if (depth === d.depth) {
      if (decl > d.cur) report(id, "'" + name + "' is used before its definition (Espruino does not hoist)");
      else if (call && d.fns.has(name)) pending.push({ fn: d.fns.get(name) as AnyNode, scope: d, at: d.cur, node: id, name });
    } else if (depth === d.depth + 1) {
      const f = fnStack[fnStack.length - 1];
      if (f) {
        const list = edges.get(f) ?? [];
        list.push({ name, scope: d, decl, call });
        edges.set(f, list);
      }
    }
  };

  const bindPattern = (p: AnyNode | null, s: Scope) => {
    if (!p) return;
    for (const id of patternNames(p, [])) binding(id);
    // default values and computed keys inside patterns are expressions
    walk.full(p as unknown as acorn.Node, (q0) => {
      const q = q0 as unknown as AnyNode;
      if (q.type === "AssignmentPattern") visit(q.right, s);
      else if (q.type === "Property" && q.computed) visit(q.key, s);
    });
  };

  const visitList = (list: AnyNode[], s: Scope) => {
    list.forEach((st, i) => { s.cur = i; visit(st, s); });
  };

  const visitFunction = (n: AnyNode, s: Scope) => {
    const iife = iifes.has(n);
    if (n.type === "FunctionDeclaration") binding(n.id);
    if (!iife) { depth++; fnStack.push(n); }
    const fs = newScope(s, "fn");
    if (n.type === "FunctionExpression" && n.id) { binding(n.id); fs.names.set(n.id.name, -1); }
    for (const p of n.params) for (const id of patternNames(p, [])) fs.names.set(id.name, -1);
    for (const p of n.params) bindPattern(p, fs);
    if (n.body.type === "BlockStatement") {
      declareList(fs, n.body.body, true);
      visitList(n.body.body, fs);
    } else visit(n.body, fs);
    if (!iife) { depth--; fnStack.pop(); }
  };

  const visit = (n: AnyNode | null | undefined, s: Scope): void => {
    if (!n) return;
    switch (n.type) {
      case "Identifier": reference(n, s, false); return;
      case "FunctionDeclaration": case "FunctionExpression": case "ArrowFunctionExpression":
        visitFunction(n, s); return;
      case "CallExpression": case "NewExpression":
        if (isFn(n.callee)) iifes.add(n.callee);
        if (n.callee.type === "Identifier") reference(n.callee, s, true);
        else visit(n.callee, s);
        for (const a of n.arguments) visit(a, s);
        return;
      case "MemberExpression": {
        const o = n.object;
        const prop = n.computed ? (n.property.type === "Literal" ? String(n.property.value) : undefined) : n.property.name;
        if (o.type === "Identifier" && prop !== undefined && !resolve(o.name, s) && BANNED_STATICS[o.name]?.includes(prop))
          report(n, o.name + "." + prop + " is missing on Espruino");
        if (o.type === "MemberExpression" && !o.computed && o.property.name === "prototype" && o.object.type === "Identifier" &&
          PROTO_BUILTINS.has(o.object.name) && !resolve(o.object.name, s) && !targets.has(n))
          report(n, "reading " + o.object.name + ".prototype members gives undefined on Espruino; use an instance");
        visit(o, s);
        if (n.computed) visit(n.property, s);
        return;
      }
      case "AssignmentExpression":
        if (n.left.type === "MemberExpression") targets.add(n.left);
        if (n.left.type === "Identifier") reference(n.left, s, false);
        else if (n.left.type === "MemberExpression") visit(n.left, s);
        else bindPattern(n.left, s);
        visit(n.right, s);
        return;
      case "Property": case "MethodDefinition": case "PropertyDefinition":
        if (n.computed) visit(n.key, s);
        visit(n.value, s);
        return;
      case "UnaryExpression":
        // `typeof Proxy` is a feature test, not a use
        if (n.operator === "typeof" && n.argument.type === "Identifier" && !resolve(n.argument.name, s)) return;
        break;
      case "LabeledStatement": visit(n.body, s); return;
      case "BreakStatement": case "ContinueStatement": case "MetaProperty": return;
      case "VariableDeclaration":
        for (const d of n.declarations) { bindPattern(d.id, s); visit(d.init, s); }
        return;
      case "ClassDeclaration": case "ClassExpression":
        if (n.id) binding(n.id);
        visit(n.superClass, s);
        for (const m of n.body.body) visit(m, s);
        return;
      case "BlockStatement": case "StaticBlock": {
        const bs = newScope(s, "block");
        declareList(bs, n.body, false);
        visitList(n.body, bs);
        return;
      }
      case "Program": {
        const ps = newScope(undefined, "fn");
        declareList(ps, n.body, true);
        visitList(n.body, ps);
        return;
      }
      case "SwitchStatement": {
        visit(n.discriminant, s);
        const ss = newScope(s, "block");
        for (const c of n.cases) for (const st of c.consequent) declareList(ss, [st], false);
        for (const k of ss.names.keys()) ss.names.set(k, -1);
        for (const c of n.cases) { visit(c.test, ss); for (const st of c.consequent) visit(st, ss); }
        return;
      }
      case "CatchClause": {
        const cs = newScope(s, "catch");
        for (const id of patternNames(n.param, [])) cs.names.set(id.name, -1);
        bindPattern(n.param, cs);
        visit(n.body, cs);
        return;
      }
      case "ForStatement": case "ForInStatement": case "ForOfStatement": {
        const head = n.type === "ForStatement" ? n.init : n.left;
        let ls = s;
        if (head && head.type === "VariableDeclaration" && head.kind !== "var") {
          ls = newScope(s, "loop");
          for (const d of head.declarations) for (const id of patternNames(d.id, [])) ls.names.set(id.name, -1);
        }
        if (n.type === "ForStatement") { visit(n.init, ls); visit(n.test, ls); visit(n.update, ls); }
        else { visit(n.left, ls); visit(n.right, s); }
        visit(n.body, ls);
        return;
      }
    }
    for (const k of Object.keys(n)) {
      if (k === "loc") continue;
      const v = n[k];
      if (Array.isArray(v)) { for (const c of v) if (c && typeof c.type === "string") visit(c, s); }
      else if (v && typeof v.type === "string") visit(v, s);
    }
  };

  // Function declarations belong at the top of a body, never inside blocks (no hoisting).
  walk.ancestor(ast as unknown as acorn.Node, {
    FunctionDeclaration(_n, _st, anc) {
      const a = anc as unknown as AnyNode[];
      const parent = a[a.length - 2];
      const grand = a[a.length - 3];
      const atTop = parent && (parent.type === "Program" || (parent.type === "BlockStatement" && isFn(grand)));
      if (!atTop) report(_n as unknown as AnyNode, "function declaration inside a block (Espruino does not hoist; declare it at the top of the function)");
    },
  });

  // Espruino bug (2v29, tested): an expression-bodied arrow whose body holds another arrow
  // that reads `this` fails ASSERT(jsvHasChildren(obj)) in jsvObjectSetChild (debug builds)
  // when it runs. Block bodies are fine: `() => { g(() => this.x); }`.
  walk.ancestor(ast as unknown as acorn.Node, {
    ThisExpression(_n, _st, anc) {
      const a = anc as unknown as AnyNode[];
      let inner = true;
      for (let i = a.length - 2; i >= 0; i--) {
        const f = a[i] as AnyNode;
        if (f.type === "ArrowFunctionExpression") {
          if (!inner && f.expression) {
            report(f, "expression-bodied arrow containing an arrow that uses `this` crashes Espruino; give the outer arrow a block body");
            break;
          }
          inner = false;
        } else if (isFn(f)) break;
      }
    },
  });

  visit(ast, newScope(undefined, "fn"));

  // A load-time call to a local function that (transitively) uses a later definition.
  for (const p of pending) {
    const todo: AnyNode[] = [p.fn];
    const done = new Set<AnyNode>();
    while (todo.length) {
      const f = todo.pop() as AnyNode;
      if (done.has(f)) continue;
      done.add(f);
      for (const r of edges.get(f) ?? []) {
        if (r.scope !== p.scope) continue;
        if (r.decl > p.at) report(p.node, "call to " + p.name + "() runs before '" + r.name + "' is defined (Espruino does not hoist)");
        const g = r.call ? p.scope.fns.get(r.name) : undefined;
        if (g) todo.push(g);
      }
    }
  }

  out.sort((a, b) => a.line - b.line || a.column - b.column);
  return out;
}

/** "file:line:col: message" lines, each followed by the offending source excerpt. */
export function formatFindings(file: string, findings: Finding[]): string {
  return findings
    .map((f) => file + ":" + f.line + ":" + f.column + ": " + f.message + (f.module ? " [" + f.module + "]" : "") + "\n    " + f.source)
    .join("\n");
}

function main(argv: string[]): number {
  if (argv.length === 0) {
    console.error("usage: tsx tools/bundle/subset-check.ts <bundle.js>...");
    return 2;
  }
  let bad = 0;
  for (const file of argv) {
    const found = checkSubset(readFileSync(file, "utf8"));
    if (found.length) console.error(formatFindings(file, found));
    bad += found.length;
  }
  if (bad) console.error(bad + " subset violation(s)");
  return bad ? 1 : 0;
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) process.exit(main(process.argv.slice(2)));
