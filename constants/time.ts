/** Dependency-free time units, shared by db/, lib/ and the pure engine. */
export const MINUTE_MS = 60_000;
export const DAY_MS = 86_400_000;
