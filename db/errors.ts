/** Postgres error codes, read through drizzle's wrapper (the driver error sits in `cause`). */
export const PG = {
  uniqueViolation: "23505",
  exclusionViolation: "23P01",
  foreignKeyViolation: "23503",
  checkViolation: "23514",
  invalidText: "22P02",
  lockNotAvailable: "55P03",
  queryCanceled: "57014",
} as const;

/** The first non-undefined `pick` along an error's cause chain (drivers and drizzle wrap errors a few levels deep). */
export function findInCauses<T>(error: unknown, pick: (e: Record<string, unknown>) => T | undefined): T | undefined {
  let e: unknown = error;
  for (let i = 0; i < 5 && e && typeof e === "object"; i++) {
    const found = pick(e as Record<string, unknown>);
    if (found !== undefined) return found;
    e = (e as { cause?: unknown }).cause;
  }
  return undefined;
}

export function pgErrorCode(error: unknown): string | undefined {
  return findInCauses(error, ({ code }) => (typeof code === "string" && /^[0-9A-Z]{5}$/.test(code) ? code : undefined));
}

export function pgConstraint(error: unknown): string | undefined {
  return findInCauses(error, ({ constraint, constraint_name }) => {
    const c = constraint ?? constraint_name;
    return typeof c === "string" ? c : undefined;
  });
}
