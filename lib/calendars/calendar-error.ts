/**
 * Everything that can go wrong talking to a calendar server, as a code the app can branch on and a
 * message in plain words that can be shown next to the connection ("last error"). Messages never
 * include credentials or event contents.
 */
export type CalendarErrorCode =
  | "auth_failed"
  | "unreachable"
  | "timeout"
  | "not_caldav"
  | "not_found"
  | "conflict"
  | "sync_token_invalid"
  | "too_large"
  | "invalid_data"
  | "server_error";

const MESSAGES: Record<CalendarErrorCode, string> = {
  auth_failed: "The server refused the username or app password",
  unreachable: "The calendar server could not be reached",
  timeout: "The calendar server did not answer in time",
  not_caldav: "This address does not answer like a CalDAV calendar server",
  not_found: "The calendar or event no longer exists on the server",
  conflict: "The event was changed on the server in the meantime",
  sync_token_invalid: "The server no longer accepts the last sync position; a full sync is needed",
  too_large: "The calendar is larger than Baton accepts",
  invalid_data: "The server sent calendar data that could not be read",
  server_error: "The calendar server reported an error",
};

export class CalendarError extends Error {
  constructor(
    readonly code: CalendarErrorCode,
    message: string = MESSAGES[code],
    /** HTTP status when the server answered, for logs and retries; never shown alone. */
    readonly status?: number,
  ) {
    super(message);
    this.name = "CalendarError";
  }

  /** Worth retrying later without anyone changing the settings. */
  get transient(): boolean {
    return ["unreachable", "timeout", "server_error", "conflict", "sync_token_invalid"].includes(this.code);
  }
}

export const calendarError = (code: CalendarErrorCode, status?: number, detail?: string) =>
  new CalendarError(code, detail ? `${MESSAGES[code]} (${detail})` : MESSAGES[code], status);
