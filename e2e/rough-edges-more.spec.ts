import { expect as baseExpect, type APIRequestContext, type Page } from "@playwright/test";
import { MANAGER, REP, signIn, snap, noSeriousAxeIssues, test } from "./helpers";

/**
 * More rough edges of issue 15, each seen in a browser on the production build: the booking page after a
 * handoff, two tabs editing one queue, unsaved weights, the coverage wizard's "cannot move" rows and the
 * Team absence that offers it, bookings as cards on a phone, and axe (colour contrast, heading order).
 */
const expect = baseExpect.configure({ timeout: 20_000 });
const DEMO_KEY = "bt_de00de00de00_baton-demo-key-not-for-production-use";
const MANAGER_ID = "00000000-0000-4000-8000-0000000000a1";
const api = { authorization: `Bearer ${DEMO_KEY}`, "x-meetergo-api-user-id": MANAGER_ID };

type Person = { id: string; name: string; email: string };
type Queue = {
  id: string;
  name: string;
  meetingTypeId: string;
  version: number;
  users: { userId: string; name: string; weight: number; capPerDay: number | null; capPerWeek: number | null }[];
};

async function people(request: APIRequestContext): Promise<Person[]> {
  return (await request.get("/v4/user", { headers: api })).json();
}
async function queueNamed(request: APIRequestContext, name: string): Promise<Queue> {
  const list: Queue[] = await (
    await request.get("/v4/queue/workspace/00000000-0000-4000-8000-000000000001", { headers: api })
  ).json();
  return list.find((q) => q.name === name)!;
}
/** Puts a queue's members back as they were, through the API's PATCH (no If-Match: unconditional). */
async function restore(request: APIRequestContext, q: Queue) {
  const r = await request.patch(`/v4/queue/meeting-type/${q.meetingTypeId}`, {
    headers: api,
    data: {
      users: q.users.map((u) => ({
        userId: u.userId,
        weight: u.weight,
        capPerDay: u.capPerDay,
        capPerWeek: u.capPerWeek,
      })),
    },
  });
  expect(r.status()).toBe(200);
}

async function openQueue(page: Page, name: string) {
  await page.goto("/queues");
  await page.getByRole("link", { name }).click();
  await expect(page.getByRole("heading", { name, level: 1 })).toBeVisible();
}

test("every page: no serious or critical axe violation, colour contrast and heading order included", async ({
  page,
}) => {
  test.setTimeout(240_000);
  await page.emulateMedia({ reducedMotion: "reduce" });
  await signIn(page, MANAGER);
  for (const [path, title] of [
    ["/", "Demo Company"],
    ["/queues", "Queues"],
    ["/bookings", "Bookings"],
    ["/coverage", "Vacation coverage"],
    ["/team", "Team"],
    ["/settings", "Settings"],
    ["/webhooks", "Webhooks"],
    ["/docs", "API reference"],
    ["/my", "My assignments"],
  ]) {
    await page.goto(path);
    await expect(page.getByRole("heading", { name: title, level: 1 })).toBeVisible();
    if (path === "/docs") await expect(page.locator("main")).toContainText("/v4/queue");
    await noSeriousAxeIssues(page, { where: path, also: ["heading-order"] });
  }
  await openQueue(page, "Support team");
  await expect(page.getByTestId("next-host").first()).toBeVisible();
  await noSeriousAxeIssues(page, { where: "queue page", also: ["heading-order"] });
  await page.goto("/bookings");
  await page.getByTestId("bookings-table").getByRole("link").first().click();
  await expect(page.getByRole("heading", { name: "History" })).toBeVisible();
  await noSeriousAxeIssues(page, { where: "booking page", also: ["heading-order"] });
  await page.goto("/team");
  await page.getByRole("link", { name: "Sofia Berg" }).first().click();
  await expect(page.getByRole("heading", { name: "Sofia Berg", level: 1 })).toBeVisible();
  await noSeriousAxeIssues(page, { where: "person page", also: ["heading-order"] });
  // The coverage wizard's preview, with its rows.
  await page.goto("/coverage");
  await page.getByLabel("Who is going away?").selectOption({ label: "Sofia Berg" });
  await page.getByLabel("A queue (its routing picks, per appointment)").check();
  await page.getByRole("button", { name: "Preview handoffs" }).click();
  await expect(page.getByTestId("coverage-summary")).toBeVisible();
  await noSeriousAxeIssues(page, { where: "coverage preview", also: ["heading-order"] });
});

test("bookings on a phone are cards: no sideways scroll at 390 px", async ({ page }) => {
  await signIn(page, MANAGER);
  await page.setViewportSize({ width: 390, height: 844 });
  await page.goto("/bookings");
  await expect(page.getByRole("heading", { name: "Bookings", level: 1 })).toBeVisible();
  // Within main: twice in CI a streamed page's content was also found once more, hidden, outside main.
  const main = page.getByRole("main");
  const cards = main.getByTestId("bookings-cards");
  await expect(cards.getByRole("listitem").first()).toBeVisible();
  await expect(main.getByTestId("bookings-table")).toBeHidden();
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  expect(overflow).toBeLessThanOrEqual(0);
  // Nothing inside the list is wider than the list itself.
  const widest = await cards.evaluate((ul) =>
    Math.max(...[...ul.querySelectorAll("*")].map((e) => e.getBoundingClientRect().right)),
  );
  expect(widest).toBeLessThanOrEqual(390);
  await snap(page, "rough-edges-bookings-phone");
  await noSeriousAxeIssues(page, { where: "bookings at 390 px", also: ["heading-order"] });
  await cards.getByRole("link").first().click();
  await expect(page.getByRole("heading", { name: "History" })).toBeVisible();
});

test("unsaved weight edits: leaving asks first (in-app links and reload)", async ({ page }) => {
  await signIn(page, MANAGER);
  await openQueue(page, "Sales team");
  const weight = page.getByRole("spinbutton", { name: /^Weight for/ }).first();
  const before = await weight.inputValue();
  await weight.fill(String(Number(before) + 1));
  await expect(page.getByText("Unsaved changes")).toBeVisible();

  // An in-app link: dismissing keeps the page and the edit.
  let asked = "";
  page.once("dialog", (d) => {
    asked = d.message();
    void d.dismiss();
  });
  await page.getByRole("link", { name: "Bookings" }).first().click();
  await expect.poll(() => asked).toContain("unsaved changes");
  await expect(page.getByRole("heading", { name: "Sales team", level: 1 })).toBeVisible();
  await expect(weight).toHaveValue(String(Number(before) + 1));

  // A reload: the browser's own beforeunload prompt.
  let kind = "";
  page.once("dialog", (d) => {
    kind = d.type();
    void d.dismiss();
  });
  await page.reload({ timeout: 3_000 }).catch(() => undefined);
  await expect.poll(() => kind).toBe("beforeunload");
  await expect(weight).toHaveValue(String(Number(before) + 1));

  // Accepting leaves; nothing was saved.
  page.once("dialog", (d) => void d.accept());
  await page.getByRole("link", { name: "Bookings" }).first().click();
  await expect(page.getByRole("heading", { name: "Bookings", level: 1 })).toBeVisible();
  await openQueue(page, "Sales team");
  await expect(page.getByRole("spinbutton", { name: /^Weight for/ }).first()).toHaveValue(before);
  // Untouched, nothing asks (an unexpected dialog would be dismissed and keep us here).
  await expect(page.getByText("Unsaved changes")).toBeHidden();
  await page.getByRole("link", { name: "Bookings" }).first().click();
  await expect(page.getByRole("heading", { name: "Bookings", level: 1 })).toBeVisible();
});

test("two tabs editing one queue: the second editor is told who changed what, and chooses", async ({
  browser,
  request,
}) => {
  test.setTimeout(150_000);
  const original = await queueNamed(request, "Sales team");
  const context = await browser.newContext();
  const a = await context.newPage();
  const b = await context.newPage();
  try {
    await signIn(a, MANAGER);
    await openQueue(a, "Sales team");
    await openQueue(b, "Sales team");
    const sofiaA = a.getByRole("spinbutton", { name: "Weight for Sofia Berg" });
    const sofiaB = b.getByRole("spinbutton", { name: "Weight for Sofia Berg" });
    const lukasCapB = b.getByRole("spinbutton", { name: "Cap per day for Lukas Meyer" });
    const sofiaWeight = await sofiaA.inputValue();

    // Tab A saves first (a weight change: it asks from when it applies; from now).
    await sofiaA.fill("7");
    await a.getByRole("button", { name: "Save changes" }).click();
    await a.getByRole("button", { name: "Save: from now" }).click();
    await expect(a.getByText(/^Saved with/)).toBeVisible();

    // Tab B, still on the old version, edits another field and saves: refused, and told what changed.
    await lukasCapB.fill("4");
    await b.getByRole("button", { name: "Save changes" }).click();
    const told = b.getByTestId("queue-changed-meanwhile");
    await expect(told).toContainText("This queue was changed by Morgan Manager since you loaded it");
    await expect(told).toContainText(`Sofia Berg: weight ${sofiaWeight} → 7`);
    await snap(b, "rough-edges-queue-changed-meanwhile");
    await noSeriousAxeIssues(b, { where: "queue page with the conflict notice", also: ["heading-order"] });
    expect((await queueNamed(request, "Sales team")).users.find((u) => u.name === "Lukas Meyer")!.capPerDay).toBe(
      original.users.find((u) => u.name === "Lukas Meyer")!.capPerDay,
    );

    // Load theirs: B now shows A's weight, and B's cap edit is gone.
    await b.getByRole("button", { name: "Discard mine, load theirs" }).click();
    await expect(told).toBeHidden();
    await expect(sofiaB).toHaveValue("7");
    await expect(lukasCapB).toHaveValue("");

    // Again, and this time B keeps its edit over A's second change.
    await sofiaA.fill("6");
    await a.getByRole("button", { name: "Save changes" }).click();
    await a.getByRole("button", { name: "Save: from now" }).click();
    await expect(a.getByText(/^Saved with/)).toBeVisible();
    await lukasCapB.fill("4");
    await b.getByRole("button", { name: "Save changes" }).click();
    await expect(told).toContainText("Sofia Berg: weight 7 → 6");
    await b.getByRole("button", { name: "Save mine over theirs" }).click();
    await expect(b.getByText(/^Saved with/)).toBeVisible();
    const now = await queueNamed(request, "Sales team");
    expect(now.users.find((u) => u.name === "Lukas Meyer")!.capPerDay).toBe(4);
    expect(now.users.find((u) => u.name === "Sofia Berg")!.weight).toBe(7);

    // A priority-group change meanwhile overwrites nothing a weight save writes: that save just goes through.
    const group = await request.post("/v4/queue-user-group", {
      headers: api,
      data: { queueId: original.id, name: "Two tabs", priority: 5, userIds: [] },
    });
    expect(group.status()).toBe(201);
    await lukasCapB.fill("5");
    await b.getByRole("button", { name: "Save changes" }).click();
    await expect(b.getByText(/^Saved with/)).toBeVisible();
    await expect(told).toBeHidden();
    await request.delete(`/v4/queue-user-group/${(await group.json()).id}`, { headers: api });
  } finally {
    await restore(request, original);
    await context.close();
  }
});

test("an absence on Team offers the wizard; a 'cannot move' row goes to another host; the booking page shows how", async ({
  page,
  request,
}) => {
  test.setTimeout(120_000);
  const everyone = await people(request);
  const sofia = everyone.find((p) => p.email === "sofia@demo.baton.dev")!;
  const sales = await queueNamed(request, "Sales team");
  // Tuesday 15 Jan 2030 in Berlin (UTC+1): 10:00 suits Lukas (08-16); 16:00 is after his hours.
  const book = async (start: string) => {
    const r = await request.post("/v4/booking", {
      headers: api,
      data: {
        meetingTypeId: sales.meetingTypeId,
        start,
        attendee: { email: "lead@client.example", fullname: `Lead ${start.slice(11, 16)}` },
        hostIds: [sofia.id],
      },
    });
    expect(r.status(), await r.text()).toBe(201);
    return (await r.json()).id as string;
  };
  const movable = await book("2030-01-15T09:00:00.000Z");
  const stuck = await book("2030-01-15T15:00:00.000Z");

  await signIn(page, MANAGER);
  await page.goto("/team");
  const card = page.getByTestId("team-Sofia Berg");
  await card.getByRole("button", { name: "Add absence" }).click();
  await card.getByLabel("First day").fill("2030-01-15");
  await card.getByLabel("Last day").fill("2030-01-15");
  await card.getByRole("button", { name: "Add absence" }).last().click();
  const left = card.getByTestId("absence-left-behind");
  await expect(left).toContainText("2 bookings of Sofia Berg fall in this absence");
  await snap(page, "rough-edges-absence-left-behind");
  await noSeriousAxeIssues(page, { where: "team with the left-behind notice", also: ["heading-order"] });
  await left.getByRole("link", { name: "Hand them off with the coverage wizard" }).click();

  // The wizard, prefilled: who, the days, the label.
  await expect(page.getByRole("heading", { name: "Vacation coverage", level: 1 })).toBeVisible();
  await expect(page.getByLabel("Who is going away?")).toHaveValue(sofia.id);
  await expect(page.getByLabel("First day away")).toHaveValue("2030-01-15");
  await expect(page.getByLabel("Last day away")).toHaveValue("2030-01-15");
  await page.getByLabel("Backup person", { exact: true }).selectOption({ label: "Lukas Meyer" });
  await page.getByRole("button", { name: "Preview handoffs" }).click();
  await expect(page.getByTestId("coverage-summary")).toContainText("1 appointment would move, 1 cannot");
  const pick = page.getByLabel(/Instead, give to/);
  await expect(pick).toHaveCount(1);
  await expect(pick.locator("option", { hasText: /^Ben Okafor$/ })).toHaveCount(1);
  await pick.selectOption({ label: "Ben Okafor" });
  await snap(page, "rough-edges-coverage-pick");
  await noSeriousAxeIssues(page, { where: "coverage preview with a pick", also: ["heading-order"] });
  await page.getByRole("button", { name: "Add absence and hand off 2" }).click();
  await expect(page.getByTestId("coverage-done")).toContainText("Handed off 1 appointment");
  await expect(page.getByTestId("coverage-done")).toContainText("The absence already existed and was kept");
  await expect(page.getByTestId("coverage-done")).not.toContainText("could not move");
  await expect(page.getByTestId("coverage-extra")).toContainText("went to Ben Okafor");
  await snap(page, "rough-edges-coverage-done");

  // The booking page: current host, and how it got there; the routing decision is not shown as current.
  await page.goto(`/bookings/${stuck}`);
  await expect(page.getByTestId("detail-host")).toHaveText("Ben Okafor");
  await expect(page.getByText("Current host")).toBeVisible();
  const chain = page.getByTestId("assignment-chain");
  await expect(chain).toContainText("Booked with Sofia Berg");
  await expect(chain).toContainText("Handed off from Sofia Berg to Ben Okafor by Morgan Manager");
  await expect(chain).toContainText("Why: Single handoff");
  await expect(chain).toContainText("(Europe/Berlin)");
  await expect(chain).toContainText("Now hosted by Ben Okafor");
  await expect(page.getByText("Why this host")).toHaveCount(0);
  // Ben is not in the Sales team, and the booking still belongs to its queue.
  await expect(page.getByRole("link", { name: "Sales team" })).toBeVisible();
  await snap(page, "rough-edges-booking-after-handoff");
  await noSeriousAxeIssues(page, { where: "booking after a handoff", also: ["heading-order"] });

  await page.goto(`/bookings/${movable}`);
  await expect(page.getByTestId("detail-host")).toHaveText("Lukas Meyer");
  await expect(page.getByTestId("assignment-chain")).toContainText(
    "Why: Vacation coverage for Sofia Berg, 15 Jan 2030 – 15 Jan 2030",
  );

  // In the queue's filter, with its new host.
  await page.goto(`/bookings?queue=${sales.id}&from=2030-01-15&to=2030-01-15`);
  const hosts = page.getByTestId("bookings-table").getByTestId("booking-host");
  await expect(hosts).toHaveCount(2);
  expect((await hosts.allTextContents()).map((h) => h.trim()).sort()).toEqual(["Ben Okafor", "Lukas Meyer"]);
  // The list does not present Sofia's routing reason as why Ben or Lukas host them.
  await expect(
    page.getByTestId("bookings-table").getByText("Handed off: the booking's page says by whom and why"),
  ).toHaveCount(2);
  // The API keeps its shape: routing is still the first decision, the queue is kept.
  const detail = await (await request.get(`/v4/booking/${stuck}`, { headers: api })).json();
  expect(detail).toMatchObject({ hostId: everyone.find((p) => p.name === "Ben Okafor")!.id, queueId: sales.id });
  expect(Object.keys(detail).sort()).toEqual(
    [
      "attendee",
      "calendarEvent",
      "cancelledAt",
      "createdAt",
      "end",
      "events",
      "host",
      "hostId",
      "id",
      "meetingTypeId",
      "queueId",
      "routing",
      "start",
      "status",
    ].sort(),
  );
});

test("a rep's own page is axe-clean too", async ({ page }) => {
  await signIn(page, REP);
  await page.goto("/my");
  await expect(page.getByRole("heading", { name: "My assignments" })).toBeVisible();
  await noSeriousAxeIssues(page, { where: "my page", also: ["heading-order"] });
});
