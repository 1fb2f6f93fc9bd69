// Case counts of the property-based tests: a small seeded run in the normal suite, a large one
// on demand (FUZZ_RUNS=100000, FUZZ_SEED to vary or reproduce; fast-check prints the seed and
// the shrunk case of a failure).
export const FUZZ_SEED = process.env.FUZZ_SEED ? Number(process.env.FUZZ_SEED) : 14;

export function fuzzRuns(ciDefault: number): number {
  const n = Number(process.env.FUZZ_RUNS);
  return Number.isInteger(n) && n > 0 ? n : ciDefault;
}
