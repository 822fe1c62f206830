// Run counts and the seed of every fast-check property. CI runs the defaults; a failure prints
// FC_SEED/FC_PATH and the command that replays it (tools/test/summary-reporter.cjs).
//   FC_SEED=n        another seed (default fixed, so every run draws the same cases)
//   FC_PATH=p        replay the shrunk counterexample path fast-check printed
//   FC_RUNS_SCALE=k  k times every property's run count (a bug hunt; not in CI)
//   FUZZ_RUNS=n      npm run fuzz: at least n runs for the fuzz suites
export const FC_SEED = Number(process.env.FC_SEED ?? 20261203) | 0;
export const FC_PATH = process.env.FC_PATH || undefined;
const SCALE = Math.max(1, Number(process.env.FC_RUNS_SCALE ?? 1) || 1);
const FUZZ = Number(process.env.FUZZ_RUNS ?? 0) || 0;

/** The run count for a property whose CI count is ciDefault (scaled for hunts and fuzz runs). */
export function runs(ciDefault: number, fuzzDivisor = 1): number {
  const n = FUZZ ? Math.max(ciDefault, Math.floor(FUZZ / fuzzDivisor)) : ciDefault;
  return Math.ceil(n * SCALE);
}
