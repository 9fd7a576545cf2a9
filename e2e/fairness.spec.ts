import { expect as baseExpect, type APIRequestContext, type Page } from "@playwright/test";
import { MANAGER, signIn, snap, noSeriousAxeIssues, keyboardDrag, test } from "./helpers";

/**
 * Write-side fairness (issue #15), as a manager meets it, on a queue of its own (so the demo data the
 * other specs use is untouched): covering a vacation leaves who's next as it was (backup not behind,
 * absentee not flooded) and shows the cover apart; a weight change asks "from now" or "over the whole
 * window" with a preview of each; the return policy is a queue setting and a member dragged into
 * tier 1 starts level instead of taking a run of bookings. Zero serious axe issues; screenshots.
 */
const expect = baseExpect.configure({ timeout: 30_000 });
test.describe.configure({ mode: "serial" });
test.setTimeout(120_000);

const DEMO_KEY = "bt_de00de00de00_baton-demo-key-not-for-production-use";
const DEMO_USER = "00000000-0000-4000-8000-0000000000a1";
const api = { authorization: `Bearer ${DEMO_KEY}`, "x-meetergo-api-user-id": DEMO_USER };
const tag = Date.now().toString(36);
const NAMES = ["Ada", "Bo", "Cy", "Di"].map((n) => `${n} Fair${tag}`);
const [ADA, BO, CY, DI] = NAMES;
const GROUP = `Front line ${tag}`;
const AROUND_THE_CLOCK = [1, 2, 3, 4, 5, 6, 7].map((weekday) => ({ weekday, startMinute: 0, endMinute: 1440 }));

let queueId = "";
let meetingTypeId = "";
const ids: Record<string, string> = {};

async function call(request: APIRequestContext, method: "GET" | "POST" | "PATCH", path: string, data?: unknown) {
  const r = await request.fetch(path, { method, headers: api, data });
  expect(r.ok(), `${method} ${path}: ${await r.text()}`).toBe(true);
  return r.json();
}
const queue = (request: APIRequestContext) => call(request, "GET", `/v4/queue/${queueId}`);
const next = async (request: APIRequestContext) => (await call(request, "GET", `/v4/queue/${queueId}/next`)).nextHosts;
const members = (weights: number[], who = NAMES.slice(0, weights.length)) =>
  who.map((n, i) => ({ userId: ids[n], weight: weights[i] }));
const dayIn = (offset: number) => new Date(Date.now() + offset * 86_400_000).toISOString().slice(0, 10);

async function openQueue(page: Page) {
  await page.goto(`/queues/${queueId}`);
  await expect(page.getByTestId("next-host").first()).toBeVisible();
}

test.beforeAll(async ({ request }) => {
  for (const name of NAMES) {
    const u = await call(request, "POST", "/v4/user", {
      name,
      email: `${name.split(" ")[0].toLowerCase()}-${tag}@fair.test`,
      timeZone: "UTC",
      workingHours: AROUND_THE_CLOCK,
    });
    ids[name] = u.id;
  }
  const created = await call(request, "POST", "/v4/meeting-type", {
    name: `Fair call ${tag}`,
    slug: `fair-call-${tag}`,
    durationMinutes: 30,
    strategy: "weighted",
  });
  queueId = created.queue.id;
  meetingTypeId = created.meetingType.id;
  await call(request, "PATCH", `/v4/queue/meeting-type/${meetingTypeId}`, { users: members([1, 1, 1]) });
  // Nine routed bookings three days out: three each.
  for (let i = 0; i < 9; i++) {
    await call(request, "POST", "/v4/booking", {
      meetingTypeId,
      start: `${dayIn(3)}T${String(8 + i).padStart(2, "0")}:00:00Z`,
      attendee: { email: `lead${i}@client.test`, fullname: `Lead ${i}` },
    });
  }
});

test("covering a vacation: who's next stays as it was, the backup's cover is shown apart", async ({
  page,
  request,
}) => {
  const before = (await next(request)).map((h: { name: string }) => h.name);
  await signIn(page, MANAGER);
  await page.goto("/coverage");
  await page.getByLabel("Who is going away?").selectOption({ label: ADA });
  await page.getByLabel("First day away").fill(dayIn(2));
  await page.getByLabel("Last day away").fill(dayIn(4));
  await page.getByLabel("A backup person").check();
  await page.getByLabel("Backup person", { exact: true }).selectOption({ label: BO });
  await page.getByRole("button", { name: "Preview handoffs" }).click();
  await expect(page.getByTestId("coverage-summary")).toBeVisible();
  await expect(page.getByTestId("coverage-rows").locator('tr[data-kind="moved"]')).toHaveCount(3);
  await page.getByRole("button", { name: /Add absence and hand off/ }).click();
  await expect(page.getByTestId("coverage-done")).toContainText("Handed off 3 appointment");

  // Ada leaves in two days: until then she is not the next three choices, and Bo is not behind.
  await openQueue(page);
  const shown = page.getByTestId("next-host");
  await expect(shown).toHaveCount(3);
  for (const [i, name] of before.entries()) await expect(shown.nth(i)).toContainText(name);
  await expect(shown.filter({ hasText: BO }).getByTestId("covered")).toHaveText("covered 3 for others");
  await expect(shown.filter({ hasText: ADA }).getByTestId("covered")).toHaveCount(0);
  const q = await queue(request);
  const byName = Object.fromEntries(q.users.map((u: { name: string; covered: number }) => [u.name, u.covered]));
  expect(byName).toMatchObject({ [ADA]: 0, [BO]: 3, [CY]: 0 });
  expect(q.handoffFairness).toBe("keep_routed_credit");
  await snap(page, "fairness-coverage-next");
  await noSeriousAxeIssues(page);
});

test("a weight change asks from when it applies, previewing both, and each choice does what it says", async ({
  page,
  request,
}) => {
  await signIn(page, MANAGER);
  await openQueue(page);
  await page.getByLabel(`Weight for ${ADA}`, { exact: true }).fill("2");
  await page.getByRole("button", { name: "Save changes" }).click();
  const dialog = page.getByRole("dialog", { name: /Weights changed/ });
  await expect(dialog).toBeVisible();
  const row = dialog.getByTestId(`weight-change-${ADA}`);
  // From now: exactly the new shares, 2/4 and 1/4 of the next 20.
  await expect(row.getByTestId("from-now")).toHaveText("10");
  await expect(dialog.getByTestId(`weight-change-${BO}`).getByTestId("from-now")).toHaveText("5");
  // Whole window: Ada is owed her new share of the 9 already routed too, so she gets more now.
  const whole = Number(await row.getByTestId("whole-window").textContent());
  expect(whole).toBeGreaterThan(10);
  await snap(page, "fairness-weight-dialog");
  await noSeriousAxeIssues(page);

  await dialog.getByRole("button", { name: "Save: over the whole window" }).click();
  await expect(page.getByRole("status").filter({ hasText: "Saved" })).toBeVisible();
  // score = bookings behind the new share: Ada is behind (catching up)
  let hosts = await next(request);
  expect(hosts.find((h: { name: string }) => h.name === ADA).score).toBeGreaterThan(1);

  // Back to 1, then 2 again from now: everyone level, scores are just w/W.
  await page.getByLabel(`Weight for ${ADA}`, { exact: true }).fill("1");
  await page.getByRole("button", { name: "Save changes" }).click();
  await dialog.getByRole("button", { name: "Save: from now" }).click();
  await expect(dialog).toHaveCount(0);
  await page.getByLabel(`Weight for ${ADA}`, { exact: true }).fill("2");
  await page.getByRole("button", { name: "Save changes" }).click();
  await dialog.getByRole("button", { name: "Save: from now" }).click();
  await expect(page.getByRole("status").filter({ hasText: "Saved" })).toBeVisible();
  hosts = await next(request);
  expect(hosts.find((h: { name: string }) => h.name === ADA).score).toBeCloseTo(0.5, 6);
  expect(hosts.find((h: { name: string }) => h.name === BO).score).toBeCloseTo(0.25, 6);
  await snap(page, "fairness-weight-saved");
});

test("the return policy is a queue setting; a member dragged into tier 1 starts level, not with a run", async ({
  page,
  request,
}) => {
  // Weights back to 1/1/1 from now; then Di joins with nothing (catch_up: no par credit), and the
  // policy goes back to keep_position in the dashboard.
  await call(request, "PATCH", `/v4/queue/meeting-type/${meetingTypeId}`, {
    users: members([1, 1, 1]),
    weightChange: "from_now",
  });
  await call(request, "PATCH", `/v4/queue/meeting-type/${meetingTypeId}`, {
    users: members([1, 1, 1, 1]),
    returnPolicy: "catch_up",
  });
  await call(request, "POST", "/v4/queue-user-group", {
    queueId,
    name: GROUP,
    priority: 1,
    userIds: [ids[ADA], ids[BO], ids[CY]],
  });
  await signIn(page, MANAGER);
  await openQueue(page);
  const policy = page.getByLabel("Returning and new members");
  await expect(policy).toHaveValue("catch_up");
  await policy.selectOption("keep_position");
  await page.getByRole("button", { name: "Save changes" }).click();
  await expect(page.getByRole("status").filter({ hasText: "Saved" })).toBeVisible();
  expect((await queue(request)).returnPolicy).toBe("keep_position");

  // Keyboard drag Di from the ungrouped tier into the front line.
  await keyboardDrag(page, DI, "ArrowLeft", GROUP);
  await expect(page.getByTestId(`group-${GROUP}`).getByTestId(`chip-${DI}`)).toBeVisible();

  // Di is level with the tier: a score like the others' (no catch-up), so the next 20 give Di about a quarter.
  const hosts = await next(request);
  const di = hosts.find((h: { name: string }) => h.name === DI);
  const cy = hosts.find((h: { name: string }) => h.name === CY);
  expect(di.tier).toBe(1);
  expect(di.score).toBeCloseTo(cy.score, 6);
  await page.getByRole("button", { name: "Run preview" }).click();
  const saved = Number(await page.getByTestId(`preview-${DI}`).locator("td").nth(1).textContent());
  expect(saved).toBeLessThanOrEqual(Math.ceil(20 / 4) + 1);
  await snap(page, "fairness-tier-move");
  await noSeriousAxeIssues(page);
});
