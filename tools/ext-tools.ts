// The external programs the optional tiers use, named by environment variables only (no machine
// paths): ESPRUINO (the Linux Espruino interpreter, 64-bit -O2: the reference for every figure),
// ESPRUINO32 (optional 32-bit build, an extra memory column) and ESP_PROV (a command running
// Espressif's esp_prov.py). A value may carry a runner prefix: ESPRUINO32="qemu-i386 /x/espruino".
import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

export type ToolName = "ESPRUINO" | "ESPRUINO32" | "ESP_PROV";

/** A configured tool: the program and the arguments that come before the caller's own. */
export interface Tool {
  name: ToolName;
  /** The variable's value as set. */
  value: string;
  cmd: string;
  pre: string[];
}

/** How to enable each tier, for skip reasons and error lines. */
export const HOW: Record<ToolName, string> = {
  ESPRUINO: "set ESPRUINO=/path/to/espruino, a Linux build of Espruino",
  ESPRUINO32: "set ESPRUINO32=/path/to/espruino32, a 32-bit build (a runner prefix such as qemu-i386 may come first)",
  ESP_PROV: "set ESP_PROV=/path/to/esp_prov.sh, a command running Espressif's esp_prov.py",
};

/** The tool named by the variable, or undefined when it is unset or empty. */
export function tool(name: ToolName, env: NodeJS.ProcessEnv = process.env): Tool | undefined {
  const value = (env[name] ?? "").trim();
  if (!value) return undefined;
  const words = value.split(/\s+/);
  return { name, value, cmd: words[0]!, pre: words.slice(1) };
}

/** Arguments for spawn: [program, [...prefix, ...args]]. */
export function argv(t: Tool, args: string[]): [string, string[]] {
  return [t.cmd, t.pre.concat(args)];
}

/**
 * Why the tool does not run (one line), or undefined when it does. Espruino: evaluates a print in
 * an empty directory (it would otherwise load ./espruino.flash); esp_prov: --help.
 */
export function probe(t: Tool): string | undefined {
  const isEspruino = t.name !== "ESP_PROV";
  const dir = mkdtempSync(join(tmpdir(), "wifiprov-probe-"));
  try {
    const [cmd, args] = argv(t, isEspruino ? ["-e", 'print("PROBE"+"-OK")'] : ["--help"]);
    const r = spawnSync(cmd, args, { cwd: dir, encoding: "latin1", timeout: 60000, input: "" });
    if (r.error) return `${t.name}=${t.value} does not run: ${(r.error as NodeJS.ErrnoException).code ?? r.error.message}`;
    const out = (r.stdout ?? "") + (r.stderr ?? "");
    if (isEspruino && !out.includes("PROBE-OK")) return `${t.name}=${t.value} is not an Espruino interpreter (exit ${r.status}: ${lastLine(out)})`;
    if (!isEspruino && r.status !== 0) return `${t.name}=${t.value} does not run esp_prov (exit ${r.status}: ${lastLine(out)})`;
    return undefined;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

function lastLine(s: string): string {
  const lines = s.trim().split("\n");
  return (lines[lines.length - 1] ?? "").slice(0, 160) || "no output";
}

/**
 * Every tool that is set must run: returns one error line per tool that is set but broken.
 * Unset tools are not errors (their tier is skipped with a reason).
 */
export function brokenTools(names: ToolName[], env: NodeJS.ProcessEnv = process.env): string[] {
  const errs: string[] = [];
  for (const n of names) {
    const t = tool(n, env);
    const why = t && probe(t);
    if (why) errs.push(why);
  }
  return errs;
}
