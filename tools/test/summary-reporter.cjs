// mocha reporter: the spec reporter's output, then why tests were skipped (one line, per reason),
// the command that replays each failed fast-check property, and one last line
// "N passed, N failed[, N skipped]" that CI reads.
"use strict";
const path = require("node:path");
const Mocha = require("mocha");
const { EVENT_RUN_END, EVENT_TEST_PENDING, EVENT_TEST_FAIL } = Mocha.Runner.constants;

/** test/helpers/tiers.ts registers suite or test → reason here. */
const reasons = () => globalThis[Symbol.for("wifiprov.skipReasons")] || new Map();

function reasonOf(test) {
  const r = reasons();
  for (let x = test; x; x = x.parent) if (r.has(x)) return r.get(x);
  return "no reason given";
}

const q = (s) => "'" + String(s).replace(/'/g, "'\\''") + "'";

/** fast-check's failure text carries `seed: N, path: "P"`; the replay runs that test alone. */
function replayOf(test, err) {
  const m = /seed: (-?\d+), path: "([^"]*)"/.exec((err && err.message) || "");
  if (!m) return undefined;
  const file = test.file ? path.relative(process.cwd(), test.file) : "";
  return `FC_SEED=${m[1]} FC_PATH=${m[2]} npx mocha ${file} --grep ${q(test.fullTitle())}`;
}

class SummaryReporter extends Mocha.reporters.Spec {
  constructor(runner, options) {
    super(runner, options);
    const skipped = new Map();
    const replays = [];
    runner.on(EVENT_TEST_PENDING, (test) => {
      const why = reasonOf(test);
      skipped.set(why, (skipped.get(why) || 0) + 1);
    });
    runner.on(EVENT_TEST_FAIL, (test, err) => {
      const r = replayOf(test, err);
      if (r) replays.push(r);
    });
    runner.once(EVENT_RUN_END, () => {
      const s = runner.stats || {};
      if (replays.length) process.stdout.write("replay a failed property with:\n" + replays.map((r) => "  " + r + "\n").join(""));
      if (s.pending) {
        const parts = [...skipped].map(([why, n]) => n + " " + why);
        process.stdout.write(`${s.pending} skipped: ${parts.join(", ")}\n`);
      }
      const skip = s.pending ? `, ${s.pending} skipped` : "";
      process.stdout.write(`${s.passes || 0} passed, ${s.failures || 0} failed${skip}\n`);
    });
  }
}
module.exports = SummaryReporter;
