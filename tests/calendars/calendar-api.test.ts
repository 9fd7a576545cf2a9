/**
 * /v4/calendar: connect, list, refresh, disconnect. Credentials never come back; a wrong password
 * is a 422 in plain words (never a 500); reps act only for themselves; other workspaces' ids are 404.
 */
import { afterAll, beforeAll, expect, it } from "vitest";
import { dbKinds, useApiTestDb } from "@/tests/support/db";
import { describeWithRadicale, startRadicale, type Radicale } from "@/tests/support/radicale";
import { startHttpServer, type TestHttpServer } from "@/tests/support/http-server";
import { vcalendar, vevent } from "@/lib/calendars/testkit";
import { json, team } from "@/tests/api/_team";

type Any = any; // eslint-disable-line @typescript-eslint/no-explicit-any

for (const kind of dbKinds()) {
  describeWithRadicale(`/v4/calendar on ${kind}`, () => {
    const t = useApiTestDb(kind);
    let radicale: Radicale;
    let feedServer: TestHttpServer;
    let s: Awaited<ReturnType<typeof team>>;
    let other: Awaited<ReturnType<typeof team>>;

    beforeAll(async () => {
      radicale = await startRadicale();
      await radicale.createCalendar(radicale.users[0], "work");
      const feed = vcalendar(vevent(["UID:a", "DTSTART:20300101T100000Z", "DTEND:20300101T110000Z"]));
      feedServer = await startHttpServer((req, res) => {
        if (req.url !== "/s3cr3t-token/basic.ics") return res.writeHead(404).end();
        res.writeHead(200, { "content-type": "text/calendar" }).end(feed);
      });
      s = await team(t.db, { weights: [1, 1] });
      other = await team(t.db, { weights: [1] });
    });
    afterAll(async () => {
      await feedServer?.close();
      await radicale?.close();
    });

    const asRep = (i: number) => ({ ...s.client.headers, "x-meetergo-api-user-id": s.reps[i].id });

    it("connects CalDAV for a rep (by a manager) and lists it without the password; a wrong password is a 422", async () => {
      const [alice] = radicale.users;
      const bad = await s.client.post("/v4/calendar", {
        kind: "caldav",
        userId: s.reps[0].id,
        serverUrl: radicale.url,
        username: alice.username,
        password: "wrong",
      });
      const err = await json(bad);
      expect(bad.status).toBe(422);
      expect(err.error.details).toMatchObject({ field: "password", reason: "auth_failed" });
      expect(err.error.message).toMatch(/password/i);

      const r = await s.client.post("/v4/calendar", {
        kind: "caldav",
        userId: s.reps[0].id,
        serverUrl: radicale.url,
        username: alice.username,
        password: alice.password,
      });
      const view = await json(r);
      expect(r.status, JSON.stringify(view)).toBe(201);
      expect(view).toMatchObject({ userId: s.reps[0].id, kind: "caldav", username: "alice", enabled: true });
      expect(view.writeCalendarUrl).toMatch(/\/alice\/work\/$/);
      const list = await s.client.get(`/v4/calendar?userId=${s.reps[0].id}`);
      const text = await list.text();
      expect(list.status).toBe(200);
      expect(text).not.toContain(alice.password);
      expect(JSON.parse(text).calendars).toHaveLength(1);

      const refreshed = await json(await s.client.post(`/v4/calendar/${view.id}/refresh`, {}));
      expect(refreshed).toMatchObject({ outcome: "synced", message: null, calendar: { id: view.id, lastError: null } });
      expect(refreshed.calendar.lastSyncedAt).toEqual(expect.any(String));
    });

    it("a rep connects their own feed; the secret address is never returned; refresh reports failures in plain words", async () => {
      const url = `${feedServer.url}/s3cr3t-token/basic.ics`;
      const r = await s.client.call("POST", "/v4/calendar", { body: { kind: "ics", url }, headers: asRep(1) });
      const view = await json(r);
      expect(r.status, JSON.stringify(view)).toBe(201);
      expect(view.userId).toBe(s.reps[1].id);
      const mine = await s.client.call("GET", "/v4/calendar", { headers: asRep(1) });
      expect(await mine.clone().text()).not.toContain("s3cr3t");
      expect((await json(mine)).calendars.map((c: Any) => c.id)).toEqual([view.id]);

      // A rep may not look at or act on someone else's calendars.
      const peek = await s.client.call("GET", `/v4/calendar?userId=${s.reps[0].id}`, { headers: asRep(1) });
      expect(peek.status).toBe(403);
      const [aliceCal] = (await json(await s.client.get(`/v4/calendar?userId=${s.reps[0].id}`))).calendars;
      const poke = await s.client.call("POST", `/v4/calendar/${aliceCal.id}/refresh`, { headers: asRep(1), body: {} });
      expect(poke.status).toBe(403);

      // The feed server goes away: refresh says so, no 500.
      await feedServer.close();
      const failed = await s.client.call("POST", `/v4/calendar/${view.id}/refresh`, { headers: asRep(1), body: {} });
      expect(failed.status).toBe(200);
      const body = await json(failed);
      expect(body.outcome).toBe("failed");
      expect(body.message).toEqual(body.calendar.lastError);
      expect(body.message).toMatch(/could not|reach|connect/i);

      expect((await s.client.call("DELETE", `/v4/calendar/${view.id}`, { headers: asRep(1) })).status).toBe(200);
      expect((await json(await s.client.call("GET", "/v4/calendar", { headers: asRep(1) }))).calendars).toEqual([]);
    });

    it("another workspace's calendar ids are 404; bad input is 4xx", async () => {
      const [aliceCal] = (await json(await s.client.get(`/v4/calendar?userId=${s.reps[0].id}`))).calendars;
      expect((await other.client.delete(`/v4/calendar/${aliceCal.id}`)).status).toBe(404);
      expect((await other.client.post(`/v4/calendar/${aliceCal.id}/refresh`, {})).status).toBe(404);
      expect((await other.client.get(`/v4/calendar?userId=${s.reps[0].id}`)).status).toBe(404);
      expect((await s.client.post("/v4/calendar", { kind: "ics", url: "not a url" })).status).toBe(400);
      expect((await s.client.post("/v4/calendar", { kind: "exchange" })).status).toBe(400);
      expect((await s.client.delete("/v4/calendar/not-a-uuid")).status).toBe(404); // as every /v4 id
    });
  });
}
