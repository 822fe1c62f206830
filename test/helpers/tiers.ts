// Optional tiers (the Espruino interpreter, Espressif's esp_prov) run only where their tool is
// configured; elsewhere they are skipped with a reason that the summary reporter prints once
// (tools/test/summary-reporter.cjs reads the registry below).
import { HOW, tool, type Tool, type ToolName } from "../../tools/ext-tools.ts";

const TIER: Record<ToolName, string> = {
  ESPRUINO: "interpreter tier",
  ESPRUINO32: "32-bit interpreter column",
  ESP_PROV: "esp_prov interop",
};

/** Runnable (suite or test) → why it was skipped; shared with the reporter through globalThis. */
const KEY = Symbol.for("wifiprov.skipReasons");
const g = globalThis as unknown as Record<symbol, Map<unknown, string>>;
const reasons: Map<unknown, string> = (g[KEY] ??= new Map());

/** Skips ctx's suite (from a before hook) or test with a reason; never returns. */
export function skipWithReason(ctx: Mocha.Context, reason: string): never {
  const r = ctx.test;
  reasons.set(r && (r as Mocha.Hook).type === "hook" ? r.parent : r, reason);
  ctx.skip();
}

/**
 * The tool for this tier, or a skip with the reason when it is not configured. A tool that is
 * set but does not run never gets here: test/setup.ts stops the run first.
 */
export function requireTool(ctx: Mocha.Context, name: ToolName): Tool {
  const t = tool(name);
  if (!t) skipWithReason(ctx, `${TIER[name]} (${HOW[name]})`);
  return t;
}
