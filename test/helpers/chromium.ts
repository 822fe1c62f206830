// Debian's Chromium for the web page tests, driven by puppeteer-core (which downloads no browser).
// Outside CI a missing browser skips the suite with the reason; in CI (CI set) it is an error:
// .ci/run installs the package. Launch flags as docs say for this machine kind: headless, no
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
    if (process.env.CI) throw new Error(`${why}; CI must have it (.ci/run installs it)`);
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
