// Writes top-level string constants (log tags, endpoint names, Storage keys) into the places that
// use them. On the device a top-level constant is a global holding a string, ~3 JsVars for as long
// as it runs; a literal in the code is in flash and exists only while the expression is evaluated.
// terser keeps such constants when inlining would make the file longer.
// Only names declared once in the whole bundle (no shadowing anywhere) and never assigned.
import * as acorn from "acorn";
import * as walk from "acorn-walk";

type AnyNode = { type: string; start: number; end: number; [k: string]: any }; // eslint-disable-line @typescript-eslint/no-explicit-any

/** Binding identifiers of a declaration pattern (the bundle has no destructuring). */
function bindings(n: AnyNode | null | undefined, out: AnyNode[]): void {
  if (n && n.type === "Identifier") out.push(n);
}

export function inlineStringConstants(code: string): { code: string; inlined: string[] } {
  const ast = acorn.parse(code, { ecmaVersion: "latest", sourceType: "script" }) as unknown as AnyNode;
  const declared = new Map<string, number>();
  const declIds = new Set<AnyNode>();
  const count = (id: AnyNode) => {
    declIds.add(id);
    declared.set(id.name, (declared.get(id.name) || 0) + 1);
  };
  const assigned = new Set<string>();
  walk.full(ast as unknown as acorn.Node, (n0) => {
    const n = n0 as unknown as AnyNode;
    const ids: AnyNode[] = [];
    if (n.type === "VariableDeclarator") bindings(n.id, ids);
    else if (/Function/.test(n.type)) {
      bindings(n.id, ids);
      for (const p of n.params as AnyNode[]) bindings(p, ids);
    } else if (n.type === "ClassDeclaration" || n.type === "ClassExpression") bindings(n.id, ids);
    else if (n.type === "CatchClause") bindings(n.param, ids);
    else if (n.type === "AssignmentExpression" && n.left.type === "Identifier") assigned.add(n.left.name);
    else if (n.type === "UpdateExpression" && n.argument.type === "Identifier") assigned.add(n.argument.name);
    else if ((n.type === "ForInStatement" || n.type === "ForOfStatement") && n.left.type === "Identifier") assigned.add(n.left.name);
    ids.forEach(count);
  });
  // Candidates: top-level `const/let/var NAME = "…"`.
  const value = new Map<string, string>();
  const decls: AnyNode[] = [];
  for (const st of ast.body as AnyNode[]) {
    if (st.type !== "VariableDeclaration") continue;
    for (const d of st.declarations as AnyNode[]) {
      const init = d.init as AnyNode | null;
      if (d.id.type !== "Identifier" || !init || init.type !== "Literal" || typeof init.value !== "string") continue;
      if (declared.get(d.id.name) !== 1 || assigned.has(d.id.name)) continue;
      value.set(d.id.name, code.slice(init.start, init.end));
      decls.push(d);
    }
  }
  if (!value.size) return { code, inlined: [] };
  // References: identifiers in expression position (acorn-walk skips obj.name and {name: …} keys;
  // a shorthand {name} is visited through its value, and becomes {name: "…"}).
  const edits: { start: number; end: number; text: string }[] = [];
  walk.full(ast as unknown as acorn.Node, (n0) => {
    const n = n0 as unknown as AnyNode;
    if (n.type === "Property" && n.shorthand && value.has(n.key.name)) {
      edits.push({ start: n.start, end: n.end, text: n.key.name + ":" + value.get(n.key.name) });
      declIds.add(n.value); // handled
    }
  });
  walk.full(ast as unknown as acorn.Node, (n0) => {
    const n = n0 as unknown as AnyNode;
    if (n.type === "Identifier" && value.has(n.name) && !declIds.has(n)) edits.push({ start: n.start, end: n.end, text: value.get(n.name) as string });
  });
  // The declarations stay: terser's `unused` drops them once nothing refers to them.
  edits.sort((a, b) => b.start - a.start);
  let out = code;
  for (const e of edits) out = out.slice(0, e.start) + e.text + out.slice(e.end);
  return { code: out, inlined: [...value.keys()].sort() };
}
