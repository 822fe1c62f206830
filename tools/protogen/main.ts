// Generates src/pb/<name>_pb.ts from proto/<name>.proto: per message an interface,
// FooDesc() returning its field descriptor and encodeFoo/decodeFoo around the table-driven
// src/pb/wire.ts codec. Unused wrappers are tree-shaken from the bundle. A descriptor is a literal
// with its sub-messages' written out, built at each use: kept as data, the device's ~20 tables
// held ~170 JsVars for the whole session (npm run memory).
// Usage: npx tsx tools/protogen/main.ts [outDir]   (default: src/pb)
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { basename, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import protobuf from "protobufjs";

type Kind = "enum" | "message";
interface Known {
  kind: Kind;
  file: string; // module name without extension, e.g. "sec0_pb"
}

/** TS type and src/pb/wire.ts kind letter of each supported scalar (enums are "i"). */
const SCALARS: Record<string, { ts: string; k: string }> = {
  int32: { ts: "number", k: "i" },
  uint32: { ts: "number", k: "u" },
  bool: { ts: "boolean", k: "o" },
  bytes: { ts: "Uint8Array", k: "b" },
  string: { ts: "string", k: "s" },
};

/** Kind letter of a field in a wire.ts descriptor: r/m sub-messages, upper case scalar oneofs. */
function kindOf(x: { f: protobuf.Field; sc?: { k: string }; isMsg: boolean; oneof?: string }): string {
  if (x.isMsg) return x.f.repeated ? "r" : "m";
  const k = x.sc ? x.sc.k : "i";
  return x.oneof ? k.toUpperCase() : k;
}

function camel(s: string): string {
  return s.replace(/_([a-z0-9])/g, (_m, c: string) => c.toUpperCase());
}

function moduleName(protoFile: string): string {
  return basename(protoFile, ".proto") + "_pb";
}

interface Parsed {
  file: string;
  root: protobuf.Root;
  items: (protobuf.Type | protobuf.Enum)[];
}

function parseAll(protoDir: string): Parsed[] {
  const files = readdirSync(protoDir)
    .filter((f) => f.endsWith(".proto"))
    .sort();
  return files.map((file) => {
    const src = readFileSync(join(protoDir, file), "utf8");
    const res = protobuf.parse(src, new protobuf.Root(), { keepCase: true });
    if (res.package) throw new Error(`${file}: packages are not supported`);
    const items = res.root.nestedArray.map((n) => {
      if (!(n instanceof protobuf.Type) && !(n instanceof protobuf.Enum)) {
        throw new Error(`${file}: unsupported top-level ${n.name}`);
      }
      if (n instanceof protobuf.Type && n.nestedArray.length > 0) {
        throw new Error(`${file}: nested types in ${n.name} are not supported`);
      }
      return n;
    });
    return { file, root: res.root, items };
  });
}

/** Messages ordered so that each comes after the same-file messages it uses. */
function depOrder(types: protobuf.Type[]): protobuf.Type[] {
  const byName = new Map(types.map((t) => [t.name, t]));
  const out: protobuf.Type[] = [];
  const seen = new Set<string>();
  const visit = (t: protobuf.Type): void => {
    if (seen.has(t.name)) return;
    seen.add(t.name);
    for (const f of sortedFields(t)) {
      const d = byName.get(f.type);
      if (d) visit(d);
    }
    out.push(t);
  };
  types.forEach(visit);
  return out;
}

function sortedFields(t: protobuf.Type): protobuf.Field[] {
  return t.fieldsArray.slice().sort((a, b) => a.id - b.id);
}

/** An import statement, wrapped one name per line (prettier style) past 100 columns. */
function importLine(kw: string, names: string[], file: string): string {
  const one = `${kw} { ${names.join(", ")} } from "./${file}";`;
  if (one.length <= 100) return one;
  return `${kw} {\n${names.map((n) => `  ${n},\n`).join("")}} from "./${file}";`;
}

/** The fields of message t with their TS names, scalar info and kinds (throws on unsupported ones). */
function fieldInfo(file: string, t: protobuf.Type, known: Map<string, Known>) {
  return sortedFields(t).map((f) => {
    const k = known.get(f.type);
    const sc = SCALARS[f.type];
    if (!sc && !k) throw new Error(`${file}: ${t.name}.${f.name}: unsupported type ${f.type}`);
    const oneof = f.partOf ? f.partOf.name : undefined;
    const isMsg = k !== undefined && k.kind === "message";
    if (f.repeated && !isMsg) throw new Error(`${t.name}.${f.name}: repeated scalars unsupported`);
    if (oneof && !isMsg && !(k && k.kind === "enum") && f.type !== "int32" && f.type !== "uint32") {
      throw new Error(`${t.name}.${f.name}: oneof ${f.type} unsupported`);
    }
    const tsType = sc ? sc.ts : f.type;
    return { f, name: camel(f.name), sc, isMsg, oneof, tsType };
  });
}

/** Field spec ("name kN …") and sub-message type names of every message, by type name. */
type Specs = Map<string, { spec: string; subs: string[] }>;

/** The descriptor literal of a message, sub-messages written out (as src/pb/wire.ts Desc). */
function descLiteral(name: string, specs: Specs, indent: string): string {
  const d = specs.get(name)!;
  if (!d.subs.length) return JSON.stringify(d.spec);
  const parts = [JSON.stringify(d.spec), ...d.subs.map((n) => descLiteral(n, specs, indent + "  "))];
  const one = `[${parts.join(", ")}]`;
  if (indent.length + one.length <= 90) return one;
  return `[\n${parts.map((x) => indent + "  " + x + ",\n").join("")}${indent}]`;
}

function genFile(p: Parsed, known: Map<string, Known>, specs: Specs): string {
  const self = moduleName(p.file);
  const enums = p.items.filter((i): i is protobuf.Enum => i instanceof protobuf.Enum);
  const msgs = depOrder(p.items.filter((i): i is protobuf.Type => i instanceof protobuf.Type));
  const wire = new Set<string>();
  const typeImports = new Map<string, Set<string>>();
  const valueImports = new Map<string, Set<string>>();
  const addImport = (m: Map<string, Set<string>>, file: string, name: string): void => {
    if (file === self) return;
    if (!m.has(file)) m.set(file, new Set());
    m.get(file)!.add(name);
  };
  const body: string[] = [];

  for (const e of enums) {
    body.push(`/** @generated from enum ${e.name} */`);
    body.push(`export const enum ${e.name} {`);
    for (const [k, v] of Object.entries(e.values)) body.push(`  ${k} = ${v},`);
    body.push("}", "");
  }

  for (const t of msgs) {
    const info = fieldInfo(p.file, t, known);
    for (const x of info) if (known.has(x.f.type)) addImport(typeImports, known.get(x.f.type)!.file, x.f.type);

    // interface
    body.push(`/** @generated from message ${t.name} */`);
    body.push(`export interface ${t.name} {` + (info.length === 0 ? "}" : ""));
    let lastOneof: string | undefined;
    for (const x of info) {
      if (x.oneof && x.oneof !== lastOneof) {
        const members = info.filter((y) => y.oneof === x.oneof).map((y) => y.name);
        body.push(`  // oneof ${x.oneof}: ${members.join(" | ")}`);
      }
      lastOneof = x.oneof;
      const label = x.f.repeated ? "repeated " : "";
      body.push(`  /** @generated from field: ${label}${x.f.type} ${x.f.name} = ${x.f.id}; */`);
      if (x.f.repeated) body.push(`  ${x.name}: ${x.tsType}[];`);
      else if (x.isMsg || x.oneof) body.push(`  ${x.name}?: ${x.tsType};`);
      else body.push(`  ${x.name}: ${x.tsType};`);
    }
    if (info.length > 0) body.push("}");
    body.push("");

    // descriptor (src/pb/wire.ts Desc) and the typed wrappers around the generic codec
    wire.add("dec").add("enc");
    body.push(`export function ${t.name}Desc(): Desc {`);
    body.push(`  return ${descLiteral(t.name, specs, "  ")};`);
    body.push("}", "");
    body.push(`export function encode${t.name}(m: ${t.name}): Uint8Array {`);
    body.push(`  return enc(${t.name}Desc(), m);`);
    body.push("}", "");
    body.push(`export function decode${t.name}(b: Uint8Array): ${t.name} | undefined {`);
    body.push(`  return dec(${t.name}Desc(), b) as ${t.name} | undefined;`);
    body.push("}", "");
  }

  const head = [
    "// Code generated by tools/protogen. DO NOT EDIT.",
    `// source: proto/${p.file}`,
  ];
  const imps: string[] = [];
  const files = [...new Set([...typeImports.keys(), ...valueImports.keys()])].sort();
  for (const file of files) {
    const ty = [...(typeImports.get(file) ?? [])].sort();
    const va = [...(valueImports.get(file) ?? [])].sort();
    if (ty.length) imps.push(importLine("import type", ty, file));
    if (va.length) imps.push(importLine("import", va, file));
  }
  if (wire.size) imps.push(importLine("import type", ["Desc"], "wire"), importLine("import", [...wire].sort(), "wire"));
  const out = [...head, ...(imps.length ? imps : []), ""];
  if (imps.length) out.splice(head.length, 0, "");
  while (body.length && body[body.length - 1] === "") body.pop();
  return [...out, ...body, ""].join("\n");
}

/** Generates every proto/*.proto into outDir; returns the file names written. */
export function generate(protoDir: string, outDir: string): string[] {
  const parsed = parseAll(protoDir);
  const known = new Map<string, Known>();
  for (const p of parsed) {
    for (const i of p.items) {
      if (known.has(i.name)) throw new Error(`duplicate type ${i.name}`);
      known.set(i.name, { kind: i instanceof protobuf.Enum ? "enum" : "message", file: moduleName(p.file) });
    }
  }
  const specs: Specs = new Map();
  for (const p of parsed) {
    for (const t of p.items) {
      if (!(t instanceof protobuf.Type)) continue;
      const info = fieldInfo(p.file, t, known);
      specs.set(t.name, { spec: info.map((x) => `${x.name} ${kindOf(x)}${x.f.id}`).join(" "), subs: info.filter((x) => x.isMsg).map((x) => x.f.type) });
    }
  }
  mkdirSync(outDir, { recursive: true });
  return parsed.map((p) => {
    const name = moduleName(p.file) + ".ts";
    writeFileSync(join(outDir, name), genFile(p, known, specs));
    return name;
  });
}

const here = fileURLToPath(import.meta.url);
if (process.argv[1] && resolve(process.argv[1]) === here) {
  const repo = resolve(here, "../../..");
  const outDir = resolve(process.argv[2] ?? join(repo, "src/pb"));
  const names = generate(join(repo, "proto"), outDir);
  console.log(`protogen: wrote ${names.length} files to ${outDir}`);
}
