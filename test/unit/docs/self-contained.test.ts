// The repository stands on its own: no text file refers to files outside it (a private reference
// folder, machine paths) or to the history of how it was made (issue or work-session numbers), every
// citation of the reference notes names the in-repo copy (docs/platform/espruino.md,
// docs/platform/clients.md, docs/spec/protocol.md), relative Markdown links resolve, and the two
// READMEs say where the firmware has been tested: not yet on a physical ESP32.
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import { dirname, join, posix, relative, sep } from "node:path";

const ROOT = join(import.meta.dirname, "..", "..", "..");

/** The in-repo reference notes, by the file name older citations used alone. */
const NOTES: Record<string, string> = {
  "espruino.md": "docs/platform/espruino.md",
  "clients.md": "docs/platform/clients.md",
  "protocol.md": "docs/spec/protocol.md",
};

/** Files that name the patterns themselves (this test, and the script that rewrote the old citations). */
const EXEMPT = new Set(["test/unit/docs/self-contained.test.ts"]);

/** Never scanned: generated, vendored or binary. */
const SKIP = /(^|\/)package-lock\.json$|\.(png|jpe?g|gif|ico|pdf|bin|zip|gz|tgz|woff2?|wasm)$/i;

/** The sentence README.md and firmware/README.md carry about hardware (whitespace-normalised). */
const NOT_ON_HARDWARE = "not yet been run on a physical ESP32";

interface Hit {
  file: string;
  line: number;
  what: string;
  text: string;
}

function trackedFiles(): string[] {
  try {
    const out = execFileSync("git", ["ls-files", "-z"], { cwd: ROOT, encoding: "utf8", stdio: ["ignore", "pipe", "ignore"] });
    const files = out.split("\0").filter((f) => f !== "");
    if (files.length) return files;
  } catch {
    // no git (an exported tree): walk it instead
  }
  const files: string[] = [];
  const walk = (dir: string): void => {
    for (const name of readdirSync(join(ROOT, dir))) {
      if (name === "node_modules" || name === "dist" || name === ".git" || name === ".state") continue;
      const rel = dir ? dir + "/" + name : name;
      if (statSync(join(ROOT, rel)).isDirectory()) walk(rel);
      else files.push(rel);
    }
  };
  walk("");
  return files;
}

/** Tracked text files with their lines (a NUL byte marks a binary file). */
function textFiles(): Array<{ file: string; lines: string[] }> {
  const out: Array<{ file: string; lines: string[] }> = [];
  for (const file of trackedFiles()) {
    if (SKIP.test(file) || EXEMPT.has(file)) continue;
    const path = join(ROOT, file);
    if (!existsSync(path) || !statSync(path).isFile()) continue; // deleted in the work tree
    const buf = readFileSync(path);
    if (buf.includes(0)) continue;
    out.push({ file, lines: buf.toString("utf8").split("\n") });
  }
  return out;
}

/** Line rules: [what, pattern]. Each pattern is tested on every line of every text file. */
const LINE_RULES: Array<[string, RegExp]> = [
  // shared/spec/…, shared/platform/…: a private reference folder; "shared secret" etc. do not match
  ["path into the private reference folder", /(^|[^\w.-])shared\/(spec|platform|tools|hooks|budget|conventions)/],
  ["absolute machine path", /(^|[^\w.~/-])\/(work|home)\/[\w.-]/],
  ["issue number (project history)", /\bissue #?\d+\b/i],
  // work sessions ("session 1", "Session 2 run"); protocol sessions are written "security 1 session",
  // "Session_Command1", session ids in hex ("session 0xFF51" does not match); console request
  // lines name the endpoint and a session id ("prov-session 0 5203a20100", docs/console.md)
  ["work-session number (project history)", /(?<!prov-)\bsession [0-9]+\b/i],
  ["citation of budget.md (use tools/bundle/budget.json)", /\bbudget\.md\b/],
  ["citation of the conventions file", /\bconventions? §/i],
  ["\"platform notes\" citation (name docs/platform/espruino.md)", /\bplatform notes\b/i],
  ["bare \"spec §\" citation (name docs/spec/protocol.md)", /(^|[^\w/.-])spec §/],
];

/** A citation of espruino.md / clients.md / protocol.md must name the in-repo copy (or a relative path to it). */
function badNoteCitations(file: string, line: string): string[] {
  const bad: string[] = [];
  const re = /(?<![\w.-])((?:[\w.-]*\/)*)(espruino|clients|protocol)\.md\b/g;
  for (let m = re.exec(line); m; m = re.exec(line)) {
    const token = m[0];
    const want = NOTES[m[2] + ".md"]!;
    if (token === want) continue;
    const prefix = m[1] ?? "";
    if (prefix && posix.normalize(posix.join(posix.dirname(file), token)) === want) continue; // relative link
    bad.push(token);
  }
  return bad;
}

/** Relative Markdown link targets `](path)` that do not exist. */
function badLinks(file: string, line: string): string[] {
  const bad: string[] = [];
  const re = /\]\(\s*<?([^)\s>]+)>?(?:\s+"[^"]*")?\s*\)/g;
  for (let m = re.exec(line); m; m = re.exec(line)) {
    const target = m[1]!;
    if (/^[a-z][a-z0-9+.-]*:/i.test(target) || target.startsWith("#")) continue; // URL, mailto:, anchor
    const path = decodeURI(target.replace(/[#?].*$/, ""));
    if (path === "") continue;
    const abs = path.startsWith("/") ? join(ROOT, path) : join(ROOT, dirname(file), path);
    const inside = relative(ROOT, abs);
    if (inside.startsWith("..") || inside.split(sep).includes("..") || !existsSync(abs)) bad.push(target);
  }
  return bad;
}

const NOTE_CITATION = "citation of espruino.md, clients.md or protocol.md without its docs/ path";
const BROKEN_LINK = "relative Markdown link to a missing file";

function scan(): Hit[] {
  const hits: Hit[] = [];
  for (const { file, lines } of textFiles()) {
    lines.forEach((text, i) => {
      const at = (what: string): void => void hits.push({ file, line: i + 1, what, text: text.trim().slice(0, 160) });
      for (const [what, re] of LINE_RULES) if (re.test(text)) at(what);
      for (const token of badNoteCitations(file, text)) at(`${NOTE_CITATION}: "${token}" (name ${NOTES[token.replace(/^.*\//, "")]})`);
      if (file.endsWith(".md")) for (const target of badLinks(file, text)) at(`${BROKEN_LINK}: ${target}`);
    });
  }
  return hits;
}

function report(hits: Hit[]): string {
  return hits.map((h) => `${h.file}:${h.line}: ${h.what}\n    ${h.text}`).join("\n");
}

describe("docs: the repository is self-contained", function () {
  this.timeout(60000);
  const hits = scan();

  for (const what of [...LINE_RULES.map(([w]) => w), NOTE_CITATION, BROKEN_LINK]) {
    it(`has no ${what.replace(/ \(.*$/, "")}`, function () {
      const mine = hits.filter((h) => h.what.startsWith(what));
      assert.equal(mine.length, 0, `\n${report(mine)}\n`);
    });
  }

  for (const file of ["README.md", "firmware/README.md"]) {
    it(`${file} says it has ${NOT_ON_HARDWARE}, and what a first board owner should check`, function () {
      const text = readFileSync(join(ROOT, file), "utf8").replace(/\s+/g, " ");
      assert.ok(text.toLowerCase().includes(NOT_ON_HARDWARE.toLowerCase()), `${file} lacks "${NOT_ON_HARDWARE}"`);
      assert.match(text, /first owner of a board/i, `${file} lacks the checklist for a first owner of a board`);
    });
  }

  it("shows Telnet (tcp://) flashing only together with when it works", function () {
    const bad: Hit[] = [];
    for (const { file, lines } of textFiles()) {
      if (!file.endsWith(".md")) continue;
      lines.forEach((text, i) => {
        if (/flash\b.*--port tcp:\/\//.test(text) && !/\bonly\b/i.test(text)) bad.push({ file, line: i + 1, what: "tcp:// flashing without saying when it works", text: text.trim() });
      });
    }
    assert.equal(bad.length, 0, `\n${report(bad)}\n`);
  });
});
