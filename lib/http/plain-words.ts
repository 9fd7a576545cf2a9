/**
 * Validation messages for people at the dashboard, not for API clients: zod's defaults ("Too big: expected
 * string to have <=200 characters") and the API's own wording ("must be a UUID", field names such as
 * targetUserId) become plain words shown next to the field. runAction uses it for every server action; the
 * /v4 API keeps its precise messages.
 */
import type { z } from "zod";

/** Messages written for API clients, in the manager's words. */
const API_WORDING: Record<string, string> = {
  "must be a UUID": "must be chosen from the list",
  "send exactly one of targetUserId or targetQueueId": "choose either a person or a queue",
  "must not be one of fromUserIds": "must not be one of the people who are away",
  "must not be before startDate": "must not be before the first day",
  "must be an ISO-8601 date-time such as 2024-01-15T14:00:00Z": "must be a date and a time",
  "must be a date (2024-01-15) or an ISO-8601 date-time": "must be a date",
};

/** zod's own messages start like this; a message a schema wrote itself is already in plain words. */
const ZOD_DEFAULT = /^(Invalid|Too (big|small)|Expected|Unrecognized)\b/;

const count = (n: number | bigint, one: string, many: string) => `${n} ${Number(n) === 1 ? one : many}`;

export function plainMessage(issue: z.core.$ZodIssue): string {
  if (API_WORDING[issue.message]) return API_WORDING[issue.message];
  if (!ZOD_DEFAULT.test(issue.message)) return issue.message;
  switch (issue.code) {
    case "invalid_type":
      if (issue.expected === "number" || issue.expected === "int") return "must be a whole number";
      // zod says what it received only in the message (inputs are not kept in issues).
      if (/received (undefined|null)$/.test(issue.message)) return "is required";
      if (issue.expected === "boolean") return "must be yes or no";
      if (issue.expected === "array") return "must be a list";
      return "is not valid";
    case "too_big":
      if (issue.origin === "string") return `must be at most ${count(issue.maximum, "character", "characters")}`;
      if (issue.origin === "array" || issue.origin === "set")
        return `may have at most ${count(issue.maximum, "entry", "entries")}`;
      return `must be at most ${issue.maximum}`;
    case "too_small":
      if (issue.origin === "string")
        return Number(issue.minimum) <= 1
          ? "is required"
          : `must be at least ${count(issue.minimum, "character", "characters")}`;
      if (issue.origin === "array" || issue.origin === "set")
        return Number(issue.minimum) <= 1 ? "needs at least one" : `needs at least ${issue.minimum}`;
      return `must be at least ${issue.minimum}`;
    case "invalid_value":
      return issue.values.length <= 5
        ? `must be one of ${issue.values.map(String).join(", ")}`
        : "is not a valid choice";
    case "invalid_format":
      if (issue.format === "email") return "must be an email address";
      if (issue.format === "uuid") return "must be chosen from the list";
      if (issue.format === "date") return "must be a date";
      if (issue.format === "datetime") return "must be a date and a time";
      if (issue.format === "url") return "must be a web address";
      return "is not in the right format";
    case "not_multiple_of":
      return "must be a whole number";
    case "unrecognized_keys":
      return "has fields that are not expected";
    default:
      return "is not valid";
  }
}

/** Issues as `{ path: "settings.users.0.weight", message }`, the details of a dashboard validation error. */
export function plainIssues(error: z.ZodError): { path: string; message: string }[] {
  return error.issues.map((i) => ({ path: i.path.map(String).join("."), message: plainMessage(i) }));
}
