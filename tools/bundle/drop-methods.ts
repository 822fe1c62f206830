// Removes class methods that nothing in the bundle names. esbuild keeps every method of a class it
// bundles, and on Espruino each one costs ~5 JsVars plus one per parameter from flash (docs/platform/espruino.md
// §6.2): the device build should not pay for the host-side API (e.g. the manager's
// endpointCreate) that the firmware never calls.
// A method counts as used when its name appears anywhere as a property read, an identifier, a
// string literal or a function-valued key. The project never calls methods through computed names
// built at run time.
import * as acorn from "acorn";
import * as walk from "acorn-walk";

type AnyNode = { type: string; start: number; end: number; [k: string]: any }; // eslint-disable-line @typescript-eslint/no-explicit-any

/** The class methods of ast, and their keys (a method's own key is its definition, not a use). */
function methodsOf(ast: AnyNode): { methods: AnyNode[]; keys: Set<AnyNode> } {
  const methods: AnyNode[] = [];
  const keys = new Set<AnyNode>();
  walk.full(ast as unknown as acorn.Node, (n) => {
    const a = n as unknown as AnyNode;
    if (a.type === "MethodDefinition" && a.kind === "method" && !a.computed && a.key.type === "Identifier") {
      methods.push(a);
      keys.add(a.key);
    }
  });
  return { methods, keys };
}

/** The names code uses (see the file's comment); keys: method keys that are definitions, not uses. */
function usesOf(ast: AnyNode, used: Set<string>, keys: Set<AnyNode>): void {
  walk.full(ast as unknown as acorn.Node, (n) => {
    const a = n as unknown as AnyNode;
    // acorn-walk does not visit the names of obj.name and {name: …}: take them from the parent.
    if (a.type === "MemberExpression" && !a.computed) used.add(a.property.name);
    // A data property {name: 16} calls nothing; {name: () => …} may implement an interface.
    else if (a.type === "Property" && !a.computed && a.key.type === "Identifier" && /Function/.test(a.value.type)) used.add(a.key.name);
    else if (a.type === "MethodDefinition" && !a.computed && a.key.type === "Identifier" && !keys.has(a.key)) used.add(a.key.name);
    else if (a.type === "Identifier") used.add(a.name);
    else if (a.type === "Literal" && typeof a.value === "string") used.add(a.value);
  });
}

function once(code: string, outside: Set<string>): { code: string; dropped: string[] } {
  const ast = acorn.parse(code, { ecmaVersion: "latest", sourceType: "script" }) as unknown as AnyNode;
  const used = new Set<string>(outside);
  const { methods, keys } = methodsOf(ast);
  usesOf(ast, used, keys);
  const drop = methods.filter((m) => !used.has(m.key.name)).sort((a, b) => b.start - a.start);
  let out = code;
  for (const m of drop) out = out.slice(0, m.start) + out.slice(m.end);
  return { code: out, dropped: drop.map((m) => m.key.name as string) };
}

/**
 * Drops unnamed methods until none is left (a dropped method may have been a method's only user).
 * caller: the code of another Storage file that calls this file's objects (the module calling a
 * scheme of "wifiprov-console"): what it names counts as used.
 */
export function dropUnusedMethods(code: string, caller?: string): { code: string; dropped: string[] } {
  const all: string[] = [];
  const outside = new Set<string>();
  if (caller) {
    const ast = acorn.parse(caller, { ecmaVersion: "latest", sourceType: "script" }) as unknown as AnyNode;
    usesOf(ast, outside, methodsOf(ast).keys);
  }
  for (;;) {
    const r = once(code, outside);
    if (!r.dropped.length) return { code, dropped: all.sort() };
    all.push(...r.dropped);
    code = r.code;
  }
}
