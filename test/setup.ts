// Loaded by .mocharc.cjs before any test: a configured tool that does not run stops the run with
// one line, and every fast-check property draws from one fixed seed (FC_SEED replays another).
import fc from "fast-check";
import { brokenTools } from "../tools/ext-tools.ts";
import { FC_PATH, FC_SEED, runs } from "./helpers/props.ts";

fc.configureGlobal({ seed: FC_SEED, numRuns: runs(100), ...(FC_PATH ? { path: FC_PATH } : {}) });

export function mochaGlobalSetup(): void {
  const errs = brokenTools(["ESPRUINO", "ESPRUINO32", "ESP_PROV"]);
  if (errs.length) {
    for (const e of errs) process.stderr.write(`${e}\n`);
    process.exit(2);
  }
}
