/** Shared zod building blocks so every entry point (API, actions, CLI) validates alike. */
import { z } from "zod";

export const uuid = z.uuid({ message: "must be a UUID" });
export const name = z.string().trim().min(1, "is required").max(200);
export const email = z
  .email({ message: "must be an email address" })
  .max(320)
  .transform((e) => e.toLowerCase());
export const password = z.string().min(8, "must be at least 8 characters").max(200);
export const role = z.enum(["admin", "manager", "rep"]);

export const timeZone = z
  .string()
  .max(100)
  .refine((tz) => {
    try {
      new Intl.DateTimeFormat("en-US", { timeZone: tz });
      return true;
    } catch {
      return false;
    }
  }, "must be an IANA time zone such as Europe/Berlin");

/** An ISO-8601 instant with an offset or Z: '2024-01-15T14:00:00Z'. */
export const instant = z.iso
  .datetime({ offset: true, message: "must be an ISO-8601 date-time such as 2024-01-15T14:00:00Z" })
  .transform((s) => new Date(s));
/** A calendar day: '2024-12-20'. */
export const day = z.iso.date({ message: "must be a date such as 2024-12-20" });
/** Either a day or an instant, as the spec's booking-availability accepts both. */
export const dayOrInstant = z.union([z.iso.date(), z.iso.datetime({ offset: true })], {
  message: "must be a date (2024-01-15) or an ISO-8601 date-time",
});
export const slug = z
  .string()
  .trim()
  .min(1)
  .max(100)
  .regex(/^[a-z0-9]+(?:-[a-z0-9]+)*$/, "must be lowercase words joined by dashes");
