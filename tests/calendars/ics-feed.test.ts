/** ICS feed URLs ("secret address") served by a local HTTP server: conditional GET, limits, failures. */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createHash } from "node:crypto";
import { fetchIcsFeed, normalizeFeedUrl } from "@/lib/calendars/fetch-ics-feed";
import { CalendarError } from "@/lib/calendars/calendar-error";
import { parseBusyTimes } from "@/lib/calendars/parse-busy-times";
import { NEW_YORK_VTIMEZONE, vcalendar, vevent } from "@/lib/calendars/testkit";
import { startHttpServer, type TestHttpServer } from "@/tests/support/http-server";

const feed = vcalendar(
  NEW_YORK_VTIMEZONE,
  vevent([
    "UID:weekly",
    "DTSTART;TZID=America/New_York:20261027T090000",
    "DTEND;TZID=America/New_York:20261027T100000",
    "RRULE:FREQ=WEEKLY",
  ]),
  vevent(["UID:free", "DTSTART:20261028T120000Z", "DTEND:20261028T130000Z", "TRANSP:TRANSPARENT"]),
);
const etag = `"${createHash("sha256").update(feed).digest("hex").slice(0, 16)}"`;

async function failure(p: Promise<unknown>): Promise<CalendarError> {
  const e = await p.then(
    () => null,
    (err: unknown) => err,
  );
  expect(e).toBeInstanceOf(CalendarError);
  return e as CalendarError;
}

describe("ICS feed", () => {
  let server: TestHttpServer;
  const requests: Array<{ path: string; ifNoneMatch?: string }> = [];

  beforeAll(async () => {
    server = await startHttpServer((req, res) => {
      requests.push({ path: req.url ?? "", ifNoneMatch: req.headers["if-none-match"] });
      if (req.url === "/private/basic.ics") {
        if (req.headers["if-none-match"] === etag) return res.writeHead(304, { etag }).end();
        return res.writeHead(200, { "content-type": "text/calendar; charset=utf-8", etag }).end(feed);
      }
      if (req.url === "/moved.ics") return res.writeHead(301, { location: "/private/basic.ics" }).end();
      if (req.url === "/html") return res.writeHead(200, { "content-type": "text/html" }).end("<html>Sign in</html>");
      if (req.url === "/revoked.ics") return res.writeHead(403).end();
      if (req.url === "/huge.ics") {
        // No content-length: the limit has to hold while streaming.
        res.writeHead(200, { "content-type": "text/calendar" });
        res.write("BEGIN:VCALENDAR\r\n");
        const line = `X-PAD:${"x".repeat(1000)}\r\n`;
        let sent = 0;
        const pump = () => {
          while (sent < 5000 && res.write(line)) sent++;
          if (sent < 5000) res.once("drain", pump);
          else res.end("END:VCALENDAR\r\n");
        };
        return pump();
      }
      if (req.url === "/slow.ics") return; // never answers
      if (req.url === "/broken.ics") return res.writeHead(500).end("oops");
      res.writeHead(404).end();
    });
  });
  afterAll(async () => {
    await server?.close();
  });

  it("fetches the feed, then gets a 304 for the same ETag, and the busy times parse", async () => {
    const first = await fetchIcsFeed({ url: `${server.url}/private/basic.ics` });
    expect(first).toMatchObject({ changed: true, etag });
    if (!first.changed) throw new Error("unreachable");
    const busy = parseBusyTimes({
      ics: first.ics,
      from: new Date("2026-10-26T00:00:00Z"),
      to: new Date("2026-11-07T00:00:00Z"),
      timeZone: "Europe/Berlin",
    });
    // EU clocks fall back 25 Oct, US clocks 1 Nov: 09:00 New York is 14:00 Berlin in between, 15:00 after.
    expect(busy.intervals.map((i) => i.start.toISOString())).toEqual([
      "2026-10-27T13:00:00.000Z",
      "2026-11-03T14:00:00.000Z",
    ]);

    const second = await fetchIcsFeed({ url: `${server.url}/private/basic.ics`, etag: first.etag });
    expect(second).toEqual({ changed: false });
    expect(requests.filter((r) => r.path === "/private/basic.ics").map((r) => r.ifNoneMatch)).toEqual([
      undefined,
      etag,
    ]);
  });

  it("follows redirects and accepts webcal:// addresses", async () => {
    expect((await fetchIcsFeed({ url: `${server.url}/moved.ics` })).changed).toBe(true);
    expect(normalizeFeedUrl("webcal://calendar.example.com/a.ics").href).toBe("https://calendar.example.com/a.ics");
  });

  it("says in plain words what is wrong with a feed", async () => {
    const cases: Array<[string, string, RegExp]> = [
      ["/html", "invalid_data", /does not return an iCalendar feed/],
      ["/nothing.ics", "not_found", /no longer exists/],
      ["/revoked.ics", "auth_failed", /refused this feed address/],
      ["/broken.ics", "server_error", /reported an error/],
    ];
    for (const [path, code, message] of cases) {
      const e = await failure(fetchIcsFeed({ url: `${server.url}${path}` }));
      expect([path, e.code]).toEqual([path, code]);
      expect(e.message).toMatch(message);
    }
    expect((await failure(fetchIcsFeed({ url: "ftp://example.com/a.ics" }))).message).toMatch(/must start with https/);
    expect((await failure(fetchIcsFeed({ url: "not a url" }))).message).toMatch(/not a valid URL/);
  });

  it("stops at the size limit and the timeout", async () => {
    const big = await failure(fetchIcsFeed({ url: `${server.url}/huge.ics`, limits: { maxBytes: 256 * 1024 } }));
    expect(big.code).toBe("too_large");
    const started = Date.now();
    const slow = await failure(fetchIcsFeed({ url: `${server.url}/slow.ics`, limits: { requestTimeoutMs: 300 } }));
    expect(slow.code).toBe("timeout");
    expect(Date.now() - started).toBeLessThan(5_000);
  });

  it("a server that is not listening is unreachable", async () => {
    const gone = await startHttpServer(() => {});
    const url = `${gone.url}/a.ics`;
    await gone.close();
    expect((await failure(fetchIcsFeed({ url }))).code).toBe("unreachable");
  });
});
