/** Shared zod building blocks so every entry point (API, actions, CLI) validates alike. */
import { z } from "zod";
import { API_KEY_SCOPE_NAMES } from "@/db/api-key-scopes";

export const uuid = z.uuid({ message: "must be a UUID" }).max(36);

/**
 * Free text a person typed: no control characters (PostgreSQL refuses NUL in text with
 * 22021, and tabs or escapes in a name are never intended). Newlines are allowed only where
 * `multiline` says so.
 */
export const plainText = (max: number, opts: { multiline?: boolean } = {}) =>
  z
    .string()
    .trim()
    .max(max)
    .regex(
      opts.multiline ? /^[^\x00-\x09\x0b-\x1f\x7f]*$/ : /^[^\x00-\x1f\x7f]*$/,
      "must not contain control characters",
    );
export const name = plainText(200).min(1, "is required");
export const email = z
  .email({ message: "must be an email address" })
  .max(320)
  .transform((e) => e.toLowerCase());
export const password = z.string().min(8, "must be at least 8 characters").max(200);
export const role = z.enum(["admin", "manager", "rep"]);
/** The scopes of a new API key: at least one, each once, in table order. */
export const apiKeyScopes = z
  .array(z.enum(API_KEY_SCOPE_NAMES))
  .min(1, "must include at least one")
  .max(API_KEY_SCOPE_NAMES.length)
  .transform((list) => API_KEY_SCOPE_NAMES.filter((s) => list.includes(s)));

export const timeZone = z
  .string()
  .max(100)
  .regex(/^[A-Za-z0-9_+\-/]+$/, "must be an IANA time zone such as Europe/Berlin")
  .refine((tz) => {
    try {
      new Intl.DateTimeFormat("en-US", { timeZone: tz });
      return true;
    } catch {
      return false;
    }
  }, "must be an IANA time zone such as Europe/Berlin");

/**
 * Dates Baton accepts anywhere. PostgreSQL has no year 0, JavaScript writes years past 9999
 * as '+010000', and two-digit years are read as 19xx: a fixed, generous range keeps every
 * computed bound (buffers, a 62-day window, a 366-day handoff range) storable and exact.
 */
export const FIRST_DAY = "1970-01-01";
export const LAST_DAY = "2999-12-31";
const FIRST_MS = Date.parse(`${FIRST_DAY}T00:00:00Z`);
const END_MS = Date.parse("3000-01-01T00:00:00Z");
export const DATE_RANGE_MESSAGE = `must be between ${FIRST_DAY} and ${LAST_DAY}`;
const inRange = (ms: number) => ms >= FIRST_MS && ms < END_MS;
/** A date-time string is at most 35 characters ('2024-01-15T14:00:00.123456789+01:00'). */
const MAX_DATETIME_LENGTH = 40;

const isoDateTime = z.iso
  .datetime({ offset: true, message: "must be an ISO-8601 date-time such as 2024-01-15T14:00:00Z" })
  .max(MAX_DATETIME_LENGTH);
const isoDay = z.iso.date({ message: "must be a date such as 2024-12-20" }).max(10);

/** An ISO-8601 instant with an offset or Z: '2024-01-15T14:00:00Z'. */
export const instant = isoDateTime
  .transform((s) => new Date(s))
  .refine((d) => inRange(d.getTime()), DATE_RANGE_MESSAGE);
/** A calendar day: '2024-12-20'. */
export const day = isoDay.refine((s) => s >= FIRST_DAY && s <= LAST_DAY, DATE_RANGE_MESSAGE);
/** Either a day or an instant, as the spec's booking-availability accepts both. */
export const dayOrInstant = z
  .union([isoDay, isoDateTime], { message: "must be a date (2024-01-15) or an ISO-8601 date-time" })
  .refine((s) => (s.length === 10 ? s >= FIRST_DAY && s <= LAST_DAY : inRange(Date.parse(s))), DATE_RANGE_MESSAGE);
export const slug = z
  .string()
  .trim()
  .min(1)
  .max(100)
  .regex(/^[a-z0-9]+(?:-[a-z0-9]+)*$/, "must be lowercase words joined by dashes");
