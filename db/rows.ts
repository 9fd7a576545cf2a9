/** Rows of `db.execute` on both drivers: postgres.js answers an array, PGlite `{ rows }`. */
export const rowsOf = (r: unknown): unknown[] => (Array.isArray(r) ? r : ((r as { rows?: unknown[] }).rows ?? []));
