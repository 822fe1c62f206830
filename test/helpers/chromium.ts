// Debian's Chromium for the web page tests, driven by puppeteer-core (which downloads no browser).
// A missing browser skips the suite with the reason, unless REQUIRE_CHROMIUM=1 (.ci/run sets it
// once it has installed the package): then a browser that is gone or does not start is an error. Launch flags as docs say for this machine kind: headless, no
// sandbox (root), no background networking (the closed network refuses Chromium's own requests).
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import puppeteer, { type Browser } from "puppeteer-core";
import { skipWithReason } from "./tiers.ts";

/** CHROMIUM=/path overrides the Debian path. */
export const CHROMIUM = process.env.CHROMIUM || "/usr/bin/chromium";

/** With puppeteer's headless: true (which adds --headless). */
export const CHROMIUM_FLAGS = [
  "--no-sandbox",
  "--disable-gpu",
  "--disable-quic",
  "--no-first-run",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
  "--disable-dev-shm-usage",
];

/** The browser, or a skip (outside CI) / a failure (in CI) when Chromium is not installed. */
export async function launchChromium(ctx: Mocha.Context): Promise<{ browser: Browser; close(): Promise<void> }> {
  if (!fs.existsSync(CHROMIUM)) {
    const why = `web page tier (no browser at ${CHROMIUM}: apt-get install -y chromium, or set CHROMIUM=/path/to/chromium)`;
    if (process.env.REQUIRE_CHROMIUM === "1") throw new Error(`${why}; REQUIRE_CHROMIUM=1 says it must be there`);
    skipWithReason(ctx, why);
  }
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "chromium-profile-"));
  const browser = await puppeteer.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: [...CHROMIUM_FLAGS, `--user-data-dir=${dir}`],
    // The default 30 s is short on a loaded 2-core machine.
    protocolTimeout: 120_000,
  });
  return {
    browser,
    close: async () => {
      await browser.close();
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}
