import { expect, type APIRequestContext } from "@playwright/test";
import { createServer, type Server } from "node:http";
import { startRadicale, type Radicale } from "../tests/support/radicale-server";
import { MANAGER, REP, signIn, snap, noSeriousAxeIssues, test } from "./helpers";

/**
 * Calendars against a real Radicale and a local feed server: a manager connects a rep's CalDAV
 * calendar (a wrong password first: plain words next to the field), sees the sync status; the
 * calendar's busy time is named `busy in calendar` by GET /next and removed from the rep's slots; a rep
 * connects their own feed on My calendar. No serious axe issues; screenshots at desktop and phone width.
 */
const FEED_PORT = Number(process.env.E2E_FEED_PORT ?? 3412);
const API_KEY = "bt_de00de00de00_baton-demo-key-not-for-production-use";
const MANAGER_ID = "00000000-0000-4000-8000-0000000000a1";
const WORKSPACE_ID = "00000000-0000-4000-8000-000000000001";

let radicale: Radicale;
let feedServer: Server;
let calendarUrl: string;

/** A weekday about four months ahead; 12:00–13:00 Berlin (winter or summer time, found by the server). */
const day = (() => {
  const d = new Date(Date.now() + 120 * 86_400_000);
  while (d.getUTCDay() === 0 || d.getUTCDay() === 6 || d.getUTCDay() === 1) d.setUTCDate(d.getUTCDate() + 1);
  return d.toISOString().slice(0, 10);
})();
const compact = day.replaceAll("-", "");
const ics = (uid: string) =>
  [
    "BEGIN:VCALENDAR",
    "VERSION:2.0",
    "PRODID:-//Baton//E2E//EN",
    "BEGIN:VEVENT",
    `UID:${uid}`,
    "DTSTAMP:20260101T000000Z",
    `DTSTART;TZID=Europe/Berlin:${compact}T120000`,
    `DTEND;TZID=Europe/Berlin:${compact}T130000`,
    "SUMMARY:Private lunch",
    "END:VEVENT",
    "BEGIN:VTIMEZONE",
    "TZID:Europe/Berlin",
    "BEGIN:DAYLIGHT",
    "TZOFFSETFROM:+0100",
    "TZOFFSETTO:+0200",
    "DTSTART:19700329T020000",
    "RRULE:FREQ=YEARLY;BYMONTH=3;BYDAY=-1SU",
    "END:DAYLIGHT",
    "BEGIN:STANDARD",
    "TZOFFSETFROM:+0200",
    "TZOFFSETTO:+0100",
    "DTSTART:19701025T030000",
    "RRULE:FREQ=YEARLY;BYMONTH=10;BYDAY=-1SU",
    "END:STANDARD",
    "END:VTIMEZONE",
    "END:VCALENDAR",
    "",
  ].join("\r\n");

test.beforeAll(async () => {
  radicale = await startRadicale();
  const [alice] = radicale.users;
  calendarUrl = await radicale.createCalendar(alice, "work");
  const auth = "Basic " + Buffer.from(`${alice.username}:${alice.password}`).toString("base64");
  const put = await fetch(`${calendarUrl}lunch.ics`, {
    method: "PUT",
    headers: { authorization: auth, "content-type": "text/calendar" },
    body: ics("lunch"),
  });
  expect(put.status).toBeLessThan(300);
  feedServer = createServer((req, res) => {
    if (req.url === "/secret-feed/basic.ics")
      res.writeHead(200, { "content-type": "text/calendar" }).end(ics("dentist"));
    else res.writeHead(404).end();
  });
  await new Promise<void>((resolve) => feedServer.listen(FEED_PORT, "127.0.0.1", resolve));
});
test.afterAll(async () => {
  await radicale?.close();
  await new Promise((resolve) => feedServer?.close(resolve));
});

/** `hour`:00 Berlin time on `day`, as an ISO instant. */
function berlin(hour: number): string {
  const guess = new Date(`${day}T${String(hour).padStart(2, "0")}:00:00Z`);
  const shown = Number(
    new Intl.DateTimeFormat("en-GB", { timeZone: "Europe/Berlin", hour: "2-digit", hourCycle: "h23" }).format(guess),
  );
  return new Date(guess.getTime() - (shown - hour) * 3_600_000).toISOString();
}

const api = (request: APIRequestContext, path: string) =>
  request.get(path, { headers: { authorization: `Bearer ${API_KEY}`, "x-meetergo-api-user-id": MANAGER_ID } });

test("a manager connects a rep's CalDAV calendar; its busy time is named in /next and removed from slots", async ({
  page,
  request,
}) => {
  test.setTimeout(120_000);
  await signIn(page, MANAGER);
  await page.goto("/team");
  await page.getByTestId("team-Lukas Meyer").getByRole("link", { name: "Calendar" }).click();
  await expect(page.getByRole("heading", { name: "Lukas Meyer's calendar", level: 1 })).toBeVisible();
  // A retry starts where the failed attempt stopped: remove the calendar it connected.
  page.on("dialog", (dialog) => dialog.accept());
  const leftover = page.getByTestId("calendar-connection");
  for (let left = await leftover.count(); left > 0; left--) {
    await leftover.first().getByRole("button", { name: "Disconnect" }).click();
    await expect(leftover).toHaveCount(left - 1);
  }
  await noSeriousAxeIssues(page);

  const [alice] = radicale.users;
  await page.getByLabel("Server address").fill(radicale.url);
  await page.getByLabel("Username").fill(alice.username);
  await page.getByLabel("App password").fill("wrong-password");
  await page.getByRole("button", { name: "Connect calendar" }).click();
  const passwordError = page.locator("#cal-password-error");
  await expect(passwordError).toBeVisible();
  await expect(passwordError).toContainText(/password/i);
  await snap(page, "calendar-wrong-password-desktop");

  await page.getByLabel("App password").fill(alice.password);
  await page.getByRole("button", { name: "Connect calendar" }).click();
  const row = page.getByTestId("calendar-connection");
  await expect(row).toContainText("Up to date");
  await expect(row.getByTestId("calendar-last-sync")).toContainText("(Europe/Berlin)");
  await expect(page.getByText("alice-app-password")).toHaveCount(0);
  await noSeriousAxeIssues(page);
  await snap(page, "calendar-connected-desktop");
  await page.getByRole("button", { name: "Refresh now" }).click();
  await expect(row).toContainText("Up to date");

  // Routing reads the synced busy time: /next at noon Berlin names it, and the slot drops Lukas.
  const queues = await (await api(request, `/v4/queue/workspace/${WORKSPACE_ID}`)).json();
  const sales = queues.find((q: { name: string }) => q.name === "Sales team");
  const lukas = sales.users.find((u: { name?: string; email?: string }) => /Lukas/.test(u.name ?? u.email ?? ""));
  const noonUtc = berlin(12);
  const next = await (await api(request, `/v4/queue/${sales.id}/next?start=${encodeURIComponent(noonUtc)}`)).json();
  const why = next.excluded.find((x: { userId: string }) => x.userId === lukas.userId);
  expect(why).toMatchObject({ code: "busy", reason: expect.stringMatching(/^busy in calendar/) });
  expect(JSON.stringify(next)).not.toContain("Private lunch");
  const slots = await (
    await api(
      request,
      `/v4/booking-availability?meetingTypeId=${sales.meetingTypeId}&start=${day}&end=${day}&timezone=Europe/Berlin&hosts=ids`,
    )
  ).json();
  const at = (iso: string) => slots.availableSlots.find((s: { start: string }) => s.start === iso);
  expect(at(noonUtc)?.hostIds ?? []).not.toContain(lukas.userId);
  expect(slots.availableSlots.some((s: { hostIds: string[] }) => s.hostIds.includes(lukas.userId))).toBe(true);

  // The same in the dashboard's "who's next" for a booking at that time.
  await page.goto(`/queues/${sales.id}`);
  await page.getByLabel(/For a booking at/).fill(`${day}T12:00`);
  await expect(page.getByTestId("excluded-hosts")).toContainText(/Lukas Meyer[\s\S]*busy in calendar/);
  await noSeriousAxeIssues(page);
  await snap(page, "queue-next-busy-in-calendar-desktop");

  // A booking for Lukas is written into his calendar by the outbox; the booking page says so.
  const booked = await request.post("/v4/booking", {
    headers: { authorization: `Bearer ${API_KEY}`, "x-meetergo-api-user-id": MANAGER_ID },
    data: {
      meetingTypeId: sales.meetingTypeId,
      // Each retry (or --repeat-each run) its own hour: an earlier attempt may have booked 9:00.
      start: berlin(9 + test.info().retry + test.info().repeatEachIndex),
      attendee: { email: "lead@client.example", fullname: "Lead Person" },
      hostIds: [lukas.userId],
    },
  });
  expect(booked.status()).toBe(201);
  const booking = await booked.json();
  await page.goto(`/bookings/${booking.id}`);
  await expect
    .poll(
      async () => {
        await page.reload();
        return page.getByTestId("detail-calendar").textContent();
      },
      { timeout: 20_000 },
    )
    .toContain("In Lukas Meyer's calendar");
  const auth = "Basic " + Buffer.from(`${alice.username}:${alice.password}`).toString("base64");
  const event = await fetch(`${calendarUrl}${booking.id}.ics`, { headers: { authorization: auth } });
  expect(event.status).toBe(200);
  expect(await event.text()).toContain("mailto:lead@client.example");
  await snap(page, "booking-calendar-state-desktop");

  await page.goto(`/team/${lukas.userId}/calendar`);
  await page.setViewportSize({ width: 390, height: 844 });
  await expect(page.getByTestId("calendar-connection")).toContainText("Up to date");
  await snap(page, "calendar-connected-phone");
});

test("a rep connects their own feed on My calendar; a dead address is explained next to the field", async ({
  page,
}) => {
  await signIn(page, REP);
  await page.getByRole("link", { name: "My calendar" }).click();
  await expect(page.getByRole("heading", { name: "My calendar", level: 1 })).toBeVisible();
  await page.getByLabel(/Feed address/).check();
  await page.getByLabel("Secret feed address (.ics)").fill(`http://127.0.0.1:${FEED_PORT}/gone.ics`);
  await page.getByRole("button", { name: "Connect calendar" }).click();
  await expect(page.locator("#cal-url-error")).toContainText(/no longer exists/);
  await page.getByLabel("Secret feed address (.ics)").fill(`http://127.0.0.1:${FEED_PORT}/secret-feed/basic.ics`);
  await page.getByRole("button", { name: "Connect calendar" }).click();
  const row = page.getByTestId("calendar-connection");
  await expect(row).toContainText("Up to date");
  await expect(row).toContainText("Calendar feed (read only)");
  await expect(page.getByText("secret-feed")).toHaveCount(0); // only the host is shown
  await noSeriousAxeIssues(page);
  await snap(page, "my-calendar-desktop");
  await page.setViewportSize({ width: 390, height: 844 });
  await page.reload();
  await snap(page, "my-calendar-phone");
  // A rep cannot open someone else's calendar page.
  await page.goto("/team/00000000-0000-4000-8000-0000000000a1/calendar");
  await expect(page).toHaveURL(/\/my$/);
});
