/** CalDAV failures that need no real calendar server: not a CalDAV server, a hanging one, a bad address. */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { discoverCalendars, fetchEvents } from "@/lib/calendars/caldav-client";
import { CalendarError } from "@/lib/calendars/calendar-error";
import { fetchIcsFeed } from "@/lib/calendars/fetch-ics-feed";
import { startHttpServer, type TestHttpServer } from "@/tests/support/http-server";

async function failure(p: Promise<unknown>): Promise<CalendarError> {
  const e = await p.then(
    () => null,
    (err: unknown) => err,
  );
  expect(e).toBeInstanceOf(CalendarError);
  return e as CalendarError;
}

describe("CalDAV failures", () => {
  let website: TestHttpServer;
  let hanging: TestHttpServer;
  beforeAll(async () => {
    website = await startHttpServer((_req, res) =>
      res.writeHead(200, { "content-type": "text/html" }).end("<h1>Welcome</h1>"),
    );
    hanging = await startHttpServer(() => {});
  });
  afterAll(async () => {
    await website?.close();
    await hanging?.close();
  });

  const account = (serverUrl: string) => ({ serverUrl, username: "u", password: "p" });

  it("an ordinary website is not_caldav", async () => {
    const e = await failure(discoverCalendars(account(website.url)));
    expect(e.code).toBe("not_caldav");
    expect(e.message).toBe("This address does not answer like a CalDAV calendar server");
  });

  it("a server that never answers is a timeout, bounded for the whole discovery", async () => {
    const started = Date.now();
    const e = await failure(
      discoverCalendars({ ...account(hanging.url), limits: { requestTimeoutMs: 200, operationTimeoutMs: 600 } }),
    );
    expect(e.code).toBe("timeout");
    expect(e.message).toBe("The calendar server did not answer in time");
    expect(Date.now() - started).toBeLessThan(3_000);
    const window = { from: new Date(0), to: new Date() };
    const read = await failure(
      fetchEvents({ ...account(hanging.url), limits: { requestTimeoutMs: 200 } }, `${hanging.url}/cal/`, window),
    );
    expect(read.code).toBe("timeout");
  });

  it("follows a redirect to another server without handing it the password", async () => {
    const seen: Array<string | undefined> = [];
    const other = await startHttpServer((req, res) => {
      seen.push(req.headers.authorization);
      res.writeHead(200, { "content-type": "text/html" }).end("<h1>Elsewhere</h1>");
    });
    const redirecting = await startHttpServer((req, res) =>
      res.writeHead(307, { location: `${other.url}${req.url}` }).end(),
    );
    try {
      // (Discovery's .well-known redirect is different: tsdav follows it with credentials, as iCloud needs.)
      const window = { from: new Date(0), to: new Date() };
      const e = await failure(fetchEvents(account(redirecting.url), `${redirecting.url}/alice/cal/`, window));
      expect(e.code).toBe("not_caldav"); // a web page is not an empty calendar
      expect(seen.length).toBeGreaterThan(0);
      expect(seen.every((h) => h === undefined)).toBe(true);
    } finally {
      await other.close();
      await redirecting.close();
    }
  });

  it("refuses private-network addresses when the policy denies them, also behind a redirect", async () => {
    process.env.BATON_CALENDAR_PRIVATE_HOSTS = "deny";
    try {
      const e = await failure(discoverCalendars(account(website.url)));
      expect(e.message).toMatch(/points into a private network/);
      expect((await failure(fetchIcsFeed({ url: `${website.url}/feed.ics` }))).message).toMatch(/private network/);
    } finally {
      delete process.env.BATON_CALENDAR_PRIVATE_HOSTS;
    }
  });

  it("a bad address is refused before any request", async () => {
    expect((await failure(discoverCalendars(account("nextcloud.example.com")))).message).toMatch(/not a valid URL/);
    expect((await failure(discoverCalendars(account("file:///etc/passwd")))).message).toMatch(/must start with https/);
  });
});
