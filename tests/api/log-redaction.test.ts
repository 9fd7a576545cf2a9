/** Logs carry no attendee emails or names (issue 13): real database errors go through the redacting logger. */
import { afterEach, describe, expect, it, vi } from "vitest";
import { bookings } from "@/db/schema";
import { toErrorResponse } from "@/lib/http/envelope";
import { redact } from "@/lib/log";
import { dbKinds, useApiTestDb } from "@/tests/support/db";
import { team } from "./_team";

const EMAIL = "ada.lovelace@example.org";
const NAME = "Ada Lovelace-Byron";

describe.each(dbKinds())("log redaction on %s", (kind) => {
  const t = useApiTestDb(kind);
  afterEach(() => vi.restoreAllMocks());

  it("logs a failed insert of a booking without the attendee's email or name", async () => {
    const a = await team(t.db, { weights: [1] });
    // A real driver error whose bound parameters hold the attendee (host is not a user: 23503).
    const error = await t.db
      .insert(bookings)
      .values({
        workspaceId: a.workspace.id,
        meetingTypeId: a.meetingType.id,
        hostId: "00000000-0000-4000-8000-000000000000",
        startsAt: new Date("2030-01-07T10:00:00Z"),
        endsAt: new Date("2030-01-07T10:30:00Z"),
        attendeeEmail: EMAIL,
        attendeeName: NAME,
      })
      .then(
        () => null,
        (e: unknown) => e,
      );
    expect(error).toBeTruthy();
    expect(JSON.stringify(error, Object.getOwnPropertyNames(error))).toContain(EMAIL); // the raw error has it
    const lines: string[] = [];
    vi.spyOn(console, "error").mockImplementation((...args: unknown[]) => void lines.push(args.join(" ")));
    const res = toErrorResponse(error);
    expect(res.status).toBe(500);
    expect(lines).toHaveLength(1);
    expect(lines[0]).toContain("unexpected error");
    expect(lines[0]).toContain("23503");
    expect(lines[0]).not.toContain(EMAIL);
    expect(lines[0]).not.toContain(NAME);
  });

  it("masks personal fields and email addresses in free text", () => {
    const out = JSON.stringify(
      redact({
        attendee: { email: EMAIL, fullname: NAME },
        note: `mail ${EMAIL} failed`,
        nested: [{ name: NAME, count: 3 }],
      }),
    );
    expect(out).not.toContain(EMAIL);
    expect(out).not.toContain(NAME);
    expect(out).toContain('"count":3');
    expect(out).toContain("mail [email] failed");
  });
});
