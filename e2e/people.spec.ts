import { expect as baseExpect, type Page } from "@playwright/test";
import { MANAGER, REP, signIn, snap, noSeriousAxeIssues, test } from "./helpers";

/**
 * A team manages itself: a manager adds a person, sets their hours with an override, creates a queue,
 * adds and removes members, is warned before leaving nobody to take bookings, archives the queue and
 * deactivates the person (coverage wizard prefilled); a rep edits their own hours and absence.
 * No serious axe issues on any of these pages; screenshots at desktop and phone width.
 */
const expect = baseExpect.configure({ timeout: 30_000 });
test.describe.configure({ mode: "serial" });
test.setTimeout(180_000);

const DEMO_KEY = "bt_de00de00de00_baton-demo-key-not-for-production-use";
const DEMO_USER = "00000000-0000-4000-8000-0000000000a1";
const api = { authorization: `Bearer ${DEMO_KEY}`, "x-meetergo-api-user-id": DEMO_USER };

const tag = Date.now().toString(36);
const PERSON = "Priya Patel";
const QUEUE = `Onboarding call ${tag}`;
let personUrl = "";

/** Desktop and phone screenshots of the page as it is now. */
async function snapBoth(page: Page, name: string) {
  await snap(page, `${name}-desktop`);
  await page.setViewportSize({ width: 390, height: 844 });
  await snap(page, `${name}-phone`);
  await page.setViewportSize({ width: 1280, height: 800 });
}

test("a manager adds a person and sets their weekly hours with an override", async ({ page }) => {
  await signIn(page, MANAGER);
  await page.goto("/team");
  await expect(page.getByRole("heading", { name: "Team", level: 1 })).toBeVisible();
  await page.getByRole("button", { name: "Add person" }).click();

  // Bad input is explained next to the field; nobody is added.
  await page.getByLabel("Name", { exact: true }).fill(PERSON);
  await page.getByLabel("Email").fill("not an email");
  await page.getByRole("button", { name: "Add to the team" }).click();
  await expect(page.getByText("must be an email address")).toBeVisible();

  await page.getByLabel("Email").fill(`priya-${tag}@demo.baton.dev`);
  await page.getByLabel("Time zone").fill("Asia/Kolkata");
  await noSeriousAxeIssues(page);
  await snapBoth(page, "people-team-add");
  await page.getByRole("button", { name: "Add to the team" }).click();
  await expect(page.getByText(`Added ${PERSON}.`)).toBeVisible();
  await page.getByRole("link", { name: "Set their hours" }).click();
  await expect(page.getByRole("heading", { name: PERSON, level: 1 })).toBeVisible();
  personUrl = page.url();

  // New people start with the workspace's default hours, shown with the workspace time beside them.
  await expect(page.getByLabel("Monday range 1 from")).toHaveValue("09:00");
  await expect(page.getByLabel("Monday range 1 until")).toHaveValue("17:00");
  await expect(page.getByTestId("hours-Mon").getByTestId("workspace-time")).toContainText("Berlin");
  await expect(page.getByTestId("hours-Sat")).toContainText("Not working");
  await expect(page.getByRole("link", { name: "Calendar" })).toBeVisible();

  // A range ending before it starts: refused, the reason next to it, nothing saved.
  await page.getByLabel("Monday range 1 until").fill("08:00");
  await page.getByRole("button", { name: "Save hours" }).click();
  await expect(page.getByTestId("hours-Mon").getByText("start must be before end")).toBeVisible();

  // Monday 09:00–12:00 and 13:00–17:00, copied to every weekday; 2 January 2030 off.
  await page.getByLabel("Monday range 1 until").fill("12:00");
  await page.getByRole("button", { name: "Add a range on Monday" }).click();
  await page.getByLabel("Monday range 2 from").fill("13:00");
  await page.getByLabel("Monday range 2 until").fill("17:00");
  await page.getByRole("button", { name: "Copy to all weekdays" }).click();
  await page.getByRole("button", { name: "Add override" }).click();
  await page.getByLabel("Date", { exact: true }).fill("2030-01-02");
  await page.getByLabel("Day off").check();
  await page.getByRole("button", { name: "Save hours" }).click();
  await expect(page.getByText("Saved. New bookings follow these hours")).toBeVisible();

  await page.reload();
  await expect(page.getByLabel("Friday range 2 from")).toHaveValue("13:00");
  await expect(page.getByLabel("Thursday range 1 until")).toHaveValue("12:00");
  await expect(page.getByLabel("Date", { exact: true })).toHaveValue("2030-01-02");
  await expect(page.getByLabel("Day off")).toBeChecked();
  await noSeriousAxeIssues(page);
  await snapBoth(page, "people-person-hours");
});

test("a manager creates a queue, adds and removes members, is warned before leaving nobody, and archives it", async ({
  page,
}) => {
  await signIn(page, MANAGER);
  await page.goto("/queues");
  await page.getByRole("button", { name: "Create a queue" }).click();
  await page.getByLabel("Name", { exact: true }).fill(QUEUE);
  await expect(page.getByLabel("Link name")).toHaveValue(`onboarding-call-${tag}`);
  await page.getByLabel("Length (minutes)").fill("0");
  await page.getByRole("button", { name: "Create queue" }).click();
  await expect(page.getByText("must be at least 5")).toBeVisible();
  await page.getByLabel("Length (minutes)").fill("45");
  await page.getByLabel("Buffer after (minutes)").fill("10");
  await page.getByLabel("How hosts are picked").selectOption({ label: "Round-robin" });
  await noSeriousAxeIssues(page);
  await page.getByRole("button", { name: "Create queue" }).click();
  await expect(page.getByRole("heading", { name: QUEUE, level: 1 })).toBeVisible();
  await expect(page.getByText("This queue has no members yet")).toBeVisible();

  const save = page.getByRole("button", { name: "Save changes" });
  const saved = (members: string) => page.getByText(`Saved with ${members}. Routing uses the new settings`);
  for (const who of [PERSON, "Sofia Berg"]) {
    await page.getByLabel("Add a member").selectOption({ label: who });
    await page.getByRole("button", { name: "Add", exact: true }).click();
  }
  await save.click();
  await expect(saved("2 members")).toBeVisible();
  await expect(page.getByTestId("member-row-Sofia Berg")).toBeVisible();

  await page.getByRole("button", { name: "Remove from queue: Sofia Berg" }).click();
  await save.click();
  await expect(saved("1 member")).toBeVisible();
  await expect(page.getByTestId("member-row-Sofia Berg")).toHaveCount(0);

  // Pausing the only member would leave nobody: the page says so and asks.
  await page.getByLabel(`Weight for ${PERSON}`, { exact: true }).fill("0");
  await save.click();
  const warning = page.getByRole("alert").filter({ hasText: "nobody in this queue could take a booking" });
  await expect(warning).toContainText(`${PERSON}: weight 0 (paused)`);
  await noSeriousAxeIssues(page);
  await snapBoth(page, "people-queue-warning");
  await page.getByRole("button", { name: "Keep editing" }).click();
  await expect(warning).toHaveCount(0);
  await expect(page.getByText("Unsaved changes")).toBeVisible();
  await save.click();
  await page.getByRole("button", { name: "Save anyway" }).click();
  await expect(saved("1 member")).toBeVisible();
  await page.reload();
  await expect(page.getByLabel(`Weight for ${PERSON}`, { exact: true })).toHaveValue("0");
  await expect(page.getByTestId(`member-row-${PERSON}`).getByText("Paused")).toBeVisible();

  page.once("dialog", (d) => d.accept());
  await page.getByRole("button", { name: "Archive queue" }).click();
  await expect(page.getByRole("heading", { name: "Queues", level: 1 })).toBeVisible();
  const archived = page.getByRole("region", { name: "Archived" });
  await expect(archived.getByRole("link", { name: QUEUE })).toBeVisible();
});

test("deactivating a person offers their upcoming bookings to the coverage wizard, prefilled", async ({
  page,
  request,
}) => {
  // A booking for the new person on a Monday at 10:00 in Kolkata, inside their hours.
  const people = (await (await request.get("/v4/user", { headers: api })).json()) as { id: string; name: string }[];
  const priya = people.find((p) => p.name === PERSON)!;
  const types = (await (await request.get("/v4/meeting-type", { headers: api })).json()) as {
    id: string;
    slug: string;
  }[];
  const salesDemo = types.find((t) => t.slug === "sales-demo")!;
  const booked = await request.post("/v4/booking", {
    headers: api,
    data: {
      meetingTypeId: salesDemo.id,
      start: "2030-01-07T04:30:00Z",
      attendee: { email: "lead@client.test", fullname: "Lead" },
      hostIds: [priya.id],
    },
  });
  expect(booked.status()).toBe(201);

  await signIn(page, MANAGER);
  await page.goto(personUrl);
  page.once("dialog", (d) => d.accept());
  await page.getByRole("button", { name: `Deactivate ${PERSON}` }).click();
  await expect(page.getByText(`${PERSON} still has 1 upcoming booking`)).toBeVisible();
  await expect(page.getByText("Deactivated", { exact: true })).toBeVisible();
  await noSeriousAxeIssues(page);
  await snapBoth(page, "people-deactivated");
  await page.getByRole("link", { name: "Hand them off with the coverage wizard" }).click();
  await expect(page.getByRole("heading", { name: "Vacation coverage", level: 1 })).toBeVisible();
  await expect(page.getByLabel("Who is going away?")).toHaveValue(priya.id);
  await expect(page.getByLabel("Last day away")).toHaveValue("2030-01-07");
  // A deactivated person is never offered as the backup.
  await expect(page.locator("#cov-target-user option", { hasText: PERSON })).toHaveCount(0);
  await snapBoth(page, "people-coverage-prefilled");

  // The API refuses to book them by name now.
  const again = await request.post("/v4/booking", {
    headers: api,
    data: {
      meetingTypeId: salesDemo.id,
      start: "2030-01-08T04:30:00Z",
      attendee: { email: "lead@client.test", fullname: "Lead" },
      hostIds: [priya.id],
    },
  });
  expect(again.status()).toBe(422);
});

test("a rep edits their own hours and absences, and cannot open anyone else's page", async ({ page }) => {
  await signIn(page, REP);
  await page.goto("/my");
  await expect(page.getByRole("heading", { name: "My working hours" })).toBeVisible();
  await expect(page.getByLabel("Monday range 1 from")).toHaveValue("09:00");

  await page.getByRole("button", { name: "Add a range on Saturday" }).click();
  await page.getByLabel("Saturday range 1 from").fill("10:00");
  await page.getByLabel("Saturday range 1 until").fill("12:00");
  await page.getByRole("button", { name: "Save hours" }).click();
  await expect(page.getByText("Saved. New bookings follow these hours")).toBeVisible();
  await page.reload();
  await expect(page.getByLabel("Saturday range 1 until")).toHaveValue("12:00");

  await page.getByRole("button", { name: "Add absence" }).click();
  await page.getByLabel("First day").fill("2030-05-06");
  await page.getByLabel("Last day").fill("2030-05-08");
  await page.getByRole("button", { name: "Add absence" }).click();
  await expect(page.getByText("6 May 2030 – 8 May 2030")).toBeVisible();
  await noSeriousAxeIssues(page);
  await snapBoth(page, "people-my-hours");

  // Put Saturday back as it was (other specs use the demo's hours).
  await page.getByRole("button", { name: "Remove Saturday range 1" }).click();
  await page.getByRole("button", { name: "Save hours" }).click();
  await expect(page.getByText("Saved. New bookings follow these hours")).toBeVisible();

  // Someone else's page sends a rep back to their own.
  await page.goto(personUrl);
  await expect(page).toHaveURL(/\/my$/);
});

test("a manager changes the workspace's default hours for new people; bad input is explained", async ({ page }) => {
  await signIn(page, MANAGER);
  await page.goto("/team");
  const field = page.getByLabel("Default hours for new people");
  await expect(field).toHaveValue("mon-fri 09:00-17:00");
  await field.fill("mon 9-5");
  await page.getByRole("button", { name: "Save defaults" }).click();
  await expect(page.getByText('"9" is not a time such as 09:00')).toBeVisible();
  await field.fill("mon-thu 08:00-12:00,13:00-17:00; fri 08:00-12:00");
  await page.getByRole("button", { name: "Save defaults" }).click();
  await expect(page.getByText("Saved. People added from now on start with these hours.")).toBeVisible();
  await page.reload();
  await expect(field).toHaveValue("mon-thu 08:00-12:00,13:00-17:00; fri 08:00-12:00");
  await noSeriousAxeIssues(page);
  // Back to the demo's defaults for the specs that follow.
  await field.fill("mon-fri 09:00-17:00");
  await page.getByRole("button", { name: "Save defaults" }).click();
  await expect(page.getByText("Saved. People added from now on start with these hours.")).toBeVisible();
});
