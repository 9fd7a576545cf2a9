/** Rows of `db.execute` on both drivers: postgres.js answers an array, PGlite `{ rows }`. */
export const rowsOf = <Row = unknown>(r: unknown): Row[] =>
  Array.isArray(r) ? r : ((r as { rows?: Row[] }).rows ?? []);
