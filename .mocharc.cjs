// Mocha's configuration. The whole suite by default; files or globs named on the command line
// replace it, so one file runs alone:  npx mocha test/unit/core/bytes.test.ts
// (npm run test:one -- FILE is the same), and one describe:  npx mocha --grep "describe title".
"use strict";
const named = process.argv.slice(2).some((a, i, all) => {
  if (a === "--spec") return true;
  const prev = all[i - 1] || "";
  // a value of an option (--grep x.ts) is not a file
  if (a.startsWith("-") || (prev.startsWith("-") && !prev.includes("=") && /^--?(g|grep|f|fgrep|reporter|R|timeout|t|ui|u|require|r|import|file|ignore|exclude|seed)$/.test(prev))) return false;
  return /\.(ts|js|cjs|mjs)$/.test(a) || a.includes("*") || a.startsWith("test/");
});

module.exports = {
  import: "tsx",
  require: ["test/setup.ts"],
  ...(named ? {} : { spec: ["test/**/*.test.ts"] }),
  extension: ["ts"],
  ignore: ["test/fuzz/long/**"],
  timeout: 20000,
  reporter: "./tools/test/summary-reporter.cjs",
};
