/**
 * `column = any($1::type[])`: a list of values as ONE array parameter. drizzle's inArray writes
 * `in ($1, $2, …)`, a different statement text for every list length, so a prepared statement per
 * length (db/client.ts prepares statements); with one array parameter the statement stays the same.
 */
import { sql, type SQL } from "drizzle-orm";
import type { PgColumn } from "drizzle-orm/pg-core";

export function anyOf(column: PgColumn, values: readonly (string | number)[]): SQL {
  return sql`${column} = any(${sql.param([...values])}::${sql.raw(column.getSQLType())}[])`;
}
