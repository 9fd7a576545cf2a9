import { expect as baseExpect, type Page } from "@playwright/test";
import { MANAGER, REP, signIn, snap, keyboardDrag, test } from "./helpers";

/** Generous waits: a dev server compiles each page on first visit. */
const expect = baseExpect.configure({ timeout: 30_000 });

/**
 * The manager dashboard's flows, in order (workers: 1, one fresh demo database per run). Each test
 * puts back what it changed (weights, groups, absences) so the others see the seeded demo.
 */
test.describe.configure({ mode: "serial" });
test.setTimeout(120_000);

const DEMO_KEY = "bt_de00de00de00_baton-demo-key-not-for-production-use";
const DEMO_USER = "00000000-0000-4000-8000-0000000000a1";
const api = { authorization: `Bearer ${DEMO_KEY}`, "x-meetergo-api-user-id": DEMO_USER };

async function openQueue(page: Page, name: string) {
  await page.goto("/queues");
  await page.getByRole("link", { name }).click();
  await expect(page.getByRole("heading", { name, level: 1 })).toBeVisible();
  await expect(page.getByTestId("next-host").first()).toBeVisible();
}

const target = (page: Page, member: string) => page.getByTestId(`share-${member}`).getByTestId("target");

/** `valid`: the save asks from when the changed weights apply (e2e/fairness.spec.ts); "from now" is chosen. */
async function saveWeight(page: Page, member: string, weight: string, valid = true) {
  await page.getByLabel(`Weight for ${member}`, { exact: true }).fill(weight);
  await page.getByRole("button", { name: "Save changes" }).click();
  if (valid) await page.getByRole("button", { name: "Save: from now" }).click();
}

test("a manager changes a weight, sees the target share follow, and bad input is explained", async ({ page }) => {
  await signIn(page, MANAGER);
  await openQueue(page, "Sales team");
  await expect(target(page, "Sofia Berg")).toHaveText("30%"); // 3 of 3+3+2+2

  // Preview with the unsaved weight: Sofia gets more of the next 200 bookings. The preview walks the
  // slots in time order, so it must reach past this week's seeded bookings (while Sofia is busy with
  // them, every lead she is free for is hers under either weight).
  await page.getByLabel("Weight for Sofia Berg", { exact: true }).fill("6");
  await page.getByLabel("Bookings to simulate").fill("200");
  await page.getByRole("button", { name: "Run preview" }).click();
  const row = page.getByTestId("preview-Sofia Berg");
  await expect(row).toBeVisible();
  const [saved, edited] = [
    Number(await row.locator("td").nth(1).textContent()),
    Number(await row.locator("td").nth(2).textContent()),
  ];
  expect(edited).toBeGreaterThan(saved);

  await page.getByRole("button", { name: "Save changes" }).click();
  await page.getByRole("button", { name: "Save: from now" }).click();
  await expect(target(page, "Sofia Berg")).toHaveText("46%"); // 6 of 13, optimistic then confirmed
  await expect(page.getByRole("status").filter({ hasText: "Saved" })).toBeVisible();
  await snap(page, "flow-weight-saved");
  await page.reload();
  await expect(target(page, "Sofia Berg")).toHaveText("46%");

  // The server's validation, shown next to the field; nothing is saved.
  await saveWeight(page, "Lukas Meyer", "1001", false);
  await expect(page.getByTestId("member-row-Lukas Meyer").getByText("Weight must be at most 1000")).toBeVisible();
  await expect(page.getByRole("alert").filter({ hasText: "highlighted" })).toBeVisible();
  await expect(target(page, "Lukas Meyer")).toHaveText("23%"); // rolled back: 3 of 13
  await snap(page, "flow-weight-invalid");

  // Slider: 0 pauses.
  await page.getByRole("button", { name: "Discard" }).click();
  await page.getByLabel("Weight slider for Riley Brooks").fill("0");
  await expect(page.getByTestId("member-row-Riley Brooks").getByText("Paused")).toBeVisible();
  await page.getByRole("button", { name: "Discard" }).click();

  await saveWeight(page, "Sofia Berg", "3");
  await expect(target(page, "Sofia Berg")).toHaveText("30%");
  await expect(page.getByRole("status").filter({ hasText: "Saved" })).toBeVisible();
});

test("dragging a member into another tier with the keyboard changes who is next", async ({ page }) => {
  await signIn(page, MANAGER);
  await openQueue(page, "Support team");
  const elena = page.getByTestId("next-host").filter({ hasText: "Elena Rossi" });
  await expect(elena).toContainText("Tier 2");
  await expect(page.getByTestId("group-Tier 2 Support").getByTestId("chip-Elena Rossi")).toBeVisible();

  await keyboardDrag(page, "Elena Rossi", "ArrowLeft", "Tier 1 Support");
  await expect(page.getByTestId("group-Tier 1 Support").getByTestId("chip-Elena Rossi")).toBeVisible();
  await expect(elena).toContainText("Tier 1 · Tier 1 Support");
  await snap(page, "flow-group-moved");
  await page.reload();
  await expect(page.getByTestId("group-Tier 1 Support").getByTestId("chip-Elena Rossi")).toBeVisible();

  // A new group, renamed, raised to tier 1, then deleted.
  await page.getByLabel("New priority group").fill("Escalations");
  await page.getByRole("button", { name: "Add group" }).click();
  await expect(page.getByTestId("group-Escalations")).toContainText("Tier 3");
  await page.getByTestId("group-Escalations").getByRole("button", { name: "Rename" }).click();
  await page.getByLabel("New name for Escalations").fill("Escalation desk");
  await page.getByTestId("group-Escalations").getByRole("button", { name: "Save" }).click();
  await expect(page.getByTestId("group-Escalation desk")).toBeVisible();
  await page.getByRole("button", { name: "Raise priority of Escalation desk" }).click();
  await expect(page.getByTestId("group-Escalation desk")).toContainText("Tier 2");
  page.once("dialog", (d) => d.accept());
  await page.getByTestId("group-Escalation desk").getByRole("button", { name: "Delete" }).click();
  await expect(page.getByTestId("group-Escalation desk")).toHaveCount(0);

  // Back to Tier 2, by keyboard again.
  await keyboardDrag(page, "Elena Rossi", "ArrowRight", "Tier 2 Support");
  await expect(page.getByTestId("group-Tier 2 Support").getByTestId("chip-Elena Rossi")).toBeVisible();
  await expect(elena).toContainText("Tier 2");
});

test("a rep sees only their own assignments and cannot open manager pages", async ({ page, request }) => {
  const users = (await (await request.get("/v4/user", { headers: api })).json()) as
    { id: string; email: string }[] | { users: { id: string; email: string }[] };
  const list = Array.isArray(users) ? users : users.users;
  const sofia = list.find((u) => u.email === REP)!;
  const own = (await (
    await request.get(`/v4/booking?hostId=${sofia.id}&status=confirmed&start=${new Date().toISOString()}&limit=200`, {
      headers: api,
    })
  ).json()) as { bookings: { attendee: { fullname: string } }[] };

  await signIn(page, REP);
  await expect(page).toHaveURL(/\/my$/);
  // Within main: once in CI the streamed page was also found a second time, hidden, outside main.
  const main = page.getByRole("main");
  await expect(main.getByTestId("my-queue-Sales team")).toBeVisible();
  await expect(main.getByTestId("my-queue-Support team")).toHaveCount(0); // not her queue
  await expect(main.getByTestId("my-bookings").getByRole("listitem")).toHaveCount(Math.min(50, own.bookings.length));
  await expect(page.getByRole("navigation", { name: "Main" }).getByRole("link")).toHaveText(["My assignments"]);
  await snap(page, "flow-rep-my");
  for (const path of ["/queues", "/bookings", "/coverage", "/team", "/settings", "/"]) {
    await page.goto(path);
    await expect(page).toHaveURL(/\/my$/);
  }
});

test("a rep's direct call of the weight-saving server action is refused on the server", async ({
  browser,
  request,
}) => {
  // 1. A manager saves weights; we capture the action's id, page and encoded arguments from that request.
  const manager = await browser.newPage();
  await signIn(manager, MANAGER);
  await openQueue(manager, "Sales team");
  const queuePath = new URL(manager.url()).pathname;
  await manager.getByLabel("Weight for Jamie Chen", { exact: true }).fill("2");
  await manager.getByLabel("Cap per day for Jamie Chen", { exact: true }).fill("9");
  const [req] = await Promise.all([
    manager.waitForRequest(
      (r) => r.method() === "POST" && !!r.headers()["next-action"] && (r.postData() ?? "").includes('"settings"'),
    ),
    manager.getByRole("button", { name: "Save changes" }).click(),
  ]);
  await expect(manager.getByRole("status").filter({ hasText: "Saved" })).toBeVisible();
  const actionId = req.headers()["next-action"];
  const body = (req.postData() ?? "").replace(/"weight":2/, '"weight":50');
  expect(body).toContain('"weight":50');
  await manager.close();

  // 2. The rep, signed in, posts the very same action with a weight of 50.
  const rep = await browser.newPage();
  await signIn(rep, REP);
  const answer = await rep.evaluate(
    async ({ path, id, payload }) => {
      const res = await fetch(path, {
        method: "POST",
        headers: { "Next-Action": id, Accept: "text/x-component", "Content-Type": "text/plain;charset=UTF-8" },
        body: payload,
      });
      return { status: res.status, text: await res.text() };
    },
    { path: queuePath, id: actionId, payload: body },
  );
  expect(answer.text).toContain('"code":"forbidden"');
  expect(answer.text).toContain("Only managers can do this");
  await rep.close();

  // 3. Nothing changed: the API still shows the manager's values.
  const queueId = queuePath.split("/").pop();
  const queue = (await (await request.get(`/v4/queue/${queueId}`, { headers: api })).json()) as {
    meetingTypeId: string;
    users: { userId: string; name: string; weight: number; capPerDay: number | null; capPerWeek: number | null }[];
  };
  const jamie = queue.users.find((u) => u.name === "Jamie Chen")!;
  expect(jamie.weight).toBe(2);
  expect(jamie.capPerDay).toBe(9);

  // Put the cap back as seeded, through the same PATCH the API offers.
  await request.patch(`/v4/queue/meeting-type/${queue.meetingTypeId}`, {
    headers: api,
    data: {
      users: queue.users.map((u) => ({
        userId: u.userId,
        weight: u.weight,
        capPerDay: u.name === "Jamie Chen" ? null : u.capPerDay,
        capPerWeek: u.capPerWeek,
      })),
    },
  });
});

test("a vacation coverage previews, runs, and moves the absent person's bookings", async ({ page }) => {
  const dayIn = (offset: number, tz: string) =>
    new Intl.DateTimeFormat("en-CA", { timeZone: tz }).format(new Date(Date.now() + offset * 86_400_000));
  const [from, to] = [dayIn(1, "America/New_York"), dayIn(8, "America/New_York")];
  await signIn(page, MANAGER);
  await page.goto("/coverage");
  await page.getByLabel("Who is going away?").selectOption({ label: "Jamie Chen" });
  await page.getByLabel("First day away").fill(from);
  await page.getByLabel("Last day away").fill(to);
  await page.getByLabel("A queue (its routing picks, per appointment)").check();
  await page.getByLabel("Backup queue").selectOption({ label: "Sales team" });
  await page.getByRole("button", { name: "Preview handoffs" }).click();
  await expect(page.getByTestId("coverage-summary")).toBeVisible();
  const moving = await page.getByTestId("coverage-rows").locator('tr[data-kind="moved"]').count();
  expect(moving, "the demo seed books Jamie in the coming week").toBeGreaterThan(0);
  await snap(page, "flow-coverage-preview");

  await page.getByRole("button", { name: /Add absence and hand off/ }).click();
  await expect(page.getByTestId("coverage-done")).toContainText(`Handed off ${moving} appointment`);
  await snap(page, "flow-coverage-done");
  const failed = await page.getByTestId("coverage-rows").locator('tr[data-kind="failed"]').count();

  // The bookings moved: Jamie keeps only those that could not move.
  const firstMoved = page.getByTestId("coverage-rows").locator('tr[data-kind="moved"]').first();
  const newHost = (await firstMoved.locator("td").nth(2).textContent())!.trim();
  await page.getByRole("link", { name: "Their bookings" }).click();
  await page.getByLabel("Status").selectOption("confirmed");
  await page.getByLabel("From", { exact: true }).fill(from);
  await page.getByLabel("To (inclusive)").fill(to);
  await page.getByRole("button", { name: "Apply" }).click();
  await expect(page).toHaveURL(/status=confirmed/);
  // Within main: in one CI run the document also held a second "No bookings match" outside it (the
  // list before the filter was applied, kept hidden), a strict-mode failure when no row failed to move.
  if (failed === 0) await expect(page.getByRole("main").getByText("No bookings match")).toBeVisible();
  else await expect(page.getByTestId("booking-host")).toHaveCount(failed);

  // The moved booking's page shows the handoff in its history.
  await page.goto("/bookings");
  await page.getByLabel("Host").selectOption({ label: newHost });
  await page.getByRole("button", { name: "Apply" }).click();
  await page.getByTestId("bookings-table").getByRole("link").first().click();
  await expect(page.getByRole("heading", { name: "History" })).toBeVisible();

  // The absence was created in the same flow; remove it so later tests see Jamie available.
  await page.goto("/team");
  const card = page.getByTestId("team-Jamie Chen");
  await expect(card.getByText("Vacation")).toBeVisible();
  page.once("dialog", (d) => d.accept());
  await card.getByRole("button", { name: "Delete Vacation of Jamie Chen" }).click();
  await expect(card.getByText("None planned.")).toBeVisible();
});

test("settings: an API key is shown once, works, and stops working when revoked", async ({ page, request }) => {
  await signIn(page, MANAGER);
  await page.goto("/settings");
  await expect(page.getByTestId("api-snippet")).toContainText(`x-meetergo-api-user-id: ${DEMO_USER}`);
  await page.getByLabel("Name").fill("E2E CRM");
  await page.getByRole("button", { name: "Create key" }).click();
  const key = (await page.getByTestId("new-api-key").textContent())!.trim();
  expect(key).toMatch(/^bt_[0-9a-f]{12}_/);
  const headers = { authorization: `Bearer ${key}`, "x-meetergo-api-user-id": DEMO_USER };
  expect((await request.get("/v4/meeting-type", { headers })).status()).toBe(200);
  await snap(page, "flow-api-key-created");

  await expect(page.getByTestId("api-keys").getByRole("row", { name: /E2E CRM/ })).toContainText("ReadBookingsAdmin");

  // A read-only key: it reads, and is refused a booking (403), whatever the acting user's role.
  await page.getByLabel("Name").fill("E2E read-only");
  await page.getByRole("checkbox", { name: /Bookings/ }).uncheck();
  await page.getByRole("checkbox", { name: /Admin/ }).uncheck();
  await page.getByRole("button", { name: "Create key" }).click();
  await expect(page.getByRole("status")).toContainText("E2E read-only"); // not the previous key's panel
  const readKey = (await page.getByTestId("new-api-key").textContent())!.trim();
  const readRow = page.getByTestId("api-keys").getByRole("row", { name: /E2E read-only/ });
  await expect(readRow.getByTestId("key-scopes")).toHaveText("Read");
  const readHeaders = { authorization: `Bearer ${readKey}`, "x-meetergo-api-user-id": DEMO_USER };
  expect((await request.get("/v4/meeting-type", { headers: readHeaders })).status()).toBe(200);
  const refused = await request.post("/v4/booking", { headers: readHeaders, data: {} });
  expect(refused.status(), await refused.text()).toBe(403);
  await snap(page, "flow-api-key-scopes");

  // No scope at all is explained beside the field.
  await page.getByLabel("Name").fill("E2E nothing");
  for (const scope of [/Read/, /Bookings/, /Admin/]) await page.getByRole("checkbox", { name: scope }).uncheck();
  await page.getByRole("button", { name: "Create key" }).click();
  await expect(page.getByText("Scopes must include at least one")).toBeVisible();

  await page.reload();
  await expect(page.getByTestId("new-api-key")).toHaveCount(0); // shown once
  page.once("dialog", (d) => d.accept());
  await page.getByRole("button", { name: "Revoke E2E CRM" }).click();
  await expect(page.getByTestId("api-keys").getByRole("row", { name: /E2E CRM/ })).toContainText("Revoked");
  expect((await request.get("/v4/meeting-type", { headers })).status()).toBe(401);
});

test("team: a manager adds and deletes an absence", async ({ page }) => {
  const day = new Intl.DateTimeFormat("en-CA", { timeZone: "Europe/Berlin" }).format(
    new Date(Date.now() + 40 * 86_400_000),
  );
  await signIn(page, MANAGER);
  await page.goto("/team");
  const card = page.getByTestId("team-Ben Okafor");
  await card.getByRole("button", { name: "Add absence" }).click();
  await card.getByLabel("Label").fill("Training");
  await card.getByRole("button", { name: "Add absence" }).last().click();
  await expect(card.getByText(/must be a date/).first()).toBeVisible(); // no dates yet: explained per field
  await card.getByLabel("First day").fill(day);
  await card.getByLabel("Last day").fill(day);
  await card.getByRole("button", { name: "Add absence" }).last().click();
  await expect(card.getByText("Training")).toBeVisible();
  page.once("dialog", (d) => d.accept());
  await card.getByRole("button", { name: "Delete Training of Ben Okafor" }).click();
  await expect(card.getByText("None planned.")).toBeVisible();
});
