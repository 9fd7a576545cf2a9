/**
 * Whose rows a query selects: listed people, or a queue's members. The latter is selected by queue id
 * inside the statement, so the query can be sent before the member list (read in the same round trip,
 * e.g. right behind the queue lock) has arrived.
 */
import { sql, type SQL } from "drizzle-orm";
import type { PgColumn } from "drizzle-orm/pg-core";
import { anyOf } from "./any";
import { queueMembers } from "./schema";

export type PeopleSet = readonly string[] | { queueMembersOf: string };

/** `column` is one of the people. */
export function personIn(column: PgColumn, people: PeopleSet): SQL {
  if (!("queueMembersOf" in people)) return anyOf(column, people);
  // array(subquery) is computed once, before the scan (an InitPlan), and compared like anyOf's array
  // parameter: the same index plans as a listed set.
  return sql`${column} = any(array(select ${queueMembers.userId} from ${queueMembers} where ${queueMembers.queueId} = ${people.queueMembersOf}))`;
}

/** No one, certainly (a queue's members are not known in advance). */
export function isEmptySet(people: PeopleSet): boolean {
  return !("queueMembersOf" in people) && people.length === 0;
}
