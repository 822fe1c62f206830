// Builds the provisioning web page: tools/web/page.ts (sharing the wifi-prov client modules) bundled
// by esbuild and inlined with page.css into page.html → dist/web/index.html and index.html.gz
// (what a device serves with Content-Encoding: gzip). The Content-Security-Policy allows exactly
// the inline script and style (by SHA-256) and requests to the page's own origin. Fails (exit 1)
// when the gzipped page exceeds the budget.
//   npx tsx tools/web/build.ts [--out DIR] [--budget BYTES]
import { createHash } from "node:crypto";
import * as fs from "node:fs";
import * as path from "node:path";
import { gzipSync } from "node:zlib";
import * as esbuild from "esbuild";

const HERE = import.meta.dirname;
/** The page's budget, gzipped (issue: a few Storage pages of a 4 MB ESP32's flash, one stream). */
export const PAGE_BUDGET_GZ = 24 * 1024;

export interface BuiltPage {
  html: Buffer;
  gz: Buffer;
  scriptBytes: number;
  /** The source files bundled (repository-relative). */
  inputs: string[];
}

const cspHash = (s: string) => `sha256-${createHash("sha256").update(s, "utf8").digest("base64")}`;

/** Bundles and inlines the page in memory (the virtual device serves it from here too). */
export async function buildPage(): Promise<BuiltPage> {
  const r = await esbuild.build({
    absWorkingDir: path.resolve(HERE, "../.."),
    entryPoints: [path.join(HERE, "page.ts")],
    bundle: true,
    write: false,
    minify: true,
    format: "iife",
    platform: "browser",
    target: ["es2019", "chrome70", "safari12", "firefox68"],
    legalComments: "none",
    charset: "utf8",
    logLevel: "silent",
    metafile: true,
  });
  // "</script" inside the script would end the element early (esbuild escapes it in strings, this is a guard).
  const js = r.outputFiles[0]!.text.replace(/<\/(script)/gi, "<\\/$1").trimEnd();
  const css = fs.readFileSync(path.join(HERE, "page.css"), "utf8").replace(/\n/g, "").trim();
  const tpl = fs.readFileSync(path.join(HERE, "page.html"), "utf8");
  const fill: { [k: string]: string } = {
    __SCRIPT_HASH__: cspHash(js),
    __STYLE_HASH__: cspHash(css),
    __STYLE__: css,
    __SCRIPT__: js,
  };
  // A replacer function: the bundle may contain "$&"-like sequences that a replacement string would expand.
  const html = tpl.replace(/__(SCRIPT_HASH|STYLE_HASH|STYLE|SCRIPT)__/g, (k) => fill[k]!);
  const buf = Buffer.from(html, "utf8");
  return { html: buf, gz: gzipSync(buf, { level: 9 }), scriptBytes: Buffer.byteLength(js), inputs: Object.keys(r.metafile!.inputs) };
}

async function main(argv: string[]): Promise<number> {
  let out = "dist/web";
  let budget = PAGE_BUDGET_GZ;
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    if (a === "--out" && argv[i + 1]) out = argv[++i]!;
    else if (a === "--budget" && argv[i + 1] && /^\d+$/.test(argv[i + 1]!)) budget = Number(argv[++i]);
    else if (a === "-h" || a === "--help") {
      process.stdout.write(`usage: npx tsx tools/web/build.ts [--out DIR] [--budget BYTES]   builds DIR/index.html and DIR/index.html.gz (default dist/web; budget ${PAGE_BUDGET_GZ} bytes gzipped)\n`);
      return 0;
    } else {
      process.stderr.write(`web build: unknown option '${a}' (usage: npx tsx tools/web/build.ts [--out DIR] [--budget BYTES])\n`);
      return 2;
    }
  }
  const p = await buildPage();
  fs.mkdirSync(out, { recursive: true });
  fs.writeFileSync(path.join(out, "index.html"), p.html);
  fs.writeFileSync(path.join(out, "index.html.gz"), p.gz);
  const line = `web page: ${path.join(out, "index.html")} ${p.html.length} bytes, ${p.gz.length} bytes gzipped (budget ${budget})`;
  if (p.gz.length > budget) {
    process.stderr.write(`${line}: OVER BUDGET by ${p.gz.length - budget} bytes\n`);
    return 1;
  }
  process.stdout.write(`${line}\n`);
  return 0;
}

if (process.argv[1] && path.resolve(process.argv[1]) === path.resolve(import.meta.filename)) {
  main(process.argv.slice(2)).then(
    (c) => process.exit(c),
    (e) => {
      process.stderr.write(`web build failed: ${(e as Error).message}\n`);
      process.exit(1);
    }
  );
}
