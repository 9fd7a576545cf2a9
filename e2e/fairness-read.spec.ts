import { expect as baseExpect, type Page } from "@playwright/test";
import { MANAGER, signIn, snap, noSeriousAxeIssues, test } from "./helpers";

/**
 * The read side of fairness, as a manager sees it: bookings against expected counts (a backup
 * tier is not "0% target"), the preview walking upcoming slots and naming who reaches a cap and
 * when, and the queue's history after a weight change. No serious axe issues; screenshots.
 */
const expect = baseExpect.configure({ timeout: 30_000 });
test.describe.configure({ mode: "serial" });
test.setTimeout(120_000);

async function openQueue(page: Page, name: string) {
  await page.goto("/queues");
  await page.getByRole("link", { name }).click();
  await expect(page.getByRole("heading", { name, level: 1 })).toBeVisible();
  await expect(page.getByTestId("next-host").first()).toBeVisible();
}

test("bookings are shown against what each member was expected to get", async ({ page }) => {
  await signIn(page, MANAGER);
  await page.goto("/");
  await expect(page.getByTestId("fairness-note").first()).toBeVisible();
  await noSeriousAxeIssues(page);

  await page.goto("/queues");
  const elenaBar = page.getByTestId("mini-Elena Rossi");
  await expect(elenaBar).toHaveText(/\d+ \/ \d+\.\d/);
  await noSeriousAxeIssues(page);
  await snap(page, "fairness-queues");

  await openQueue(page, "Support team");
  const table = page.getByTestId("share-table");
  await expect(table.getByRole("columnheader", { name: "Expected" })).toBeVisible();
  // Tier 2 members: their bookings are compared with the overflow they could take, not a 0% target.
  for (const name of ["Dmitri Volkov", "Elena Rossi"]) {
    const row = page.getByTestId(`share-${name}`);
    await expect(row.getByTestId("expected")).toHaveText(/^\d+\.\d$/);
    await expect(row.getByTestId("target")).toHaveText("50%"); // half of Tier 2's weight
    await expect(row.getByTestId("difference")).not.toContainText("Off target");
  }
  await expect(page.getByTestId("deviation-summary")).toBeVisible();
  await noSeriousAxeIssues(page);
  await page.getByRole("heading", { name: /^Distribution/ }).scrollIntoViewIfNeeded();
  await snap(page, "fairness-support-distribution");
});

test("the preview walks the coming slots and says who reaches a daily cap, and when", async ({ page }) => {
  await signIn(page, MANAGER);
  await openQueue(page, "Support team");
  await page.getByLabel("Bookings to simulate").fill("100");
  await page.getByRole("button", { name: "Run preview" }).click();
  await expect(page.getByTestId("preview-table")).toBeVisible();
  const caps = page.getByTestId("preview-caps");
  await expect(caps).toContainText(/reached the daily cap of 6 on \w{3} \d{1,2} \w{3}, \d{2}:\d{2} \(Europe\/Berlin\)/);
  await expect(page.getByTestId("preview-span")).toContainText("(Europe/Berlin)");
  // 100 bookings over several days: nobody in tier 1 gets more than 6 a day, so none takes 80 of them.
  for (const name of ["Ana Costa", "Ben Okafor", "Chloe Martin"]) {
    const edited = Number(await page.getByTestId(`preview-${name}`).locator("td").nth(2).textContent());
    expect(edited).toBeLessThan(60);
  }
  await noSeriousAxeIssues(page);
  await page.getByRole("heading", { name: "Preview the next bookings" }).scrollIntoViewIfNeeded();
  await snap(page, "fairness-preview-caps");
});

test("a weight change shows in the history, and the preview's As saved column follows the save", async ({ page }) => {
  await signIn(page, MANAGER);
  await openQueue(page, "Sales team");
  await page.getByLabel("Weight for Jamie Chen", { exact: true }).fill("5");
  // Past this week's seeded bookings, where free time rather than weight decides.
  await page.getByLabel("Bookings to simulate").fill("200");
  await page.getByRole("button", { name: "Run preview" }).click();
  const row = page.getByTestId("preview-Jamie Chen");
  await expect(row).toBeVisible();
  const cells = row.locator("td");
  const edited = await cells.nth(2).textContent();
  expect(Number(edited)).toBeGreaterThan(Number(await cells.nth(1).textContent()));

  await page.getByRole("button", { name: "Save changes" }).click();
  // A weight change asks from when it applies (lib/routing/README.md); from now, the save's default,
  // is what the With edits column previews.
  await page.getByRole("button", { name: "Save: from now" }).click();
  await expect(page.getByRole("status").filter({ hasText: "Saved" })).toBeVisible();
  // As saved is recomputed after the save: it now equals what was previewed with the edit.
  await expect(cells.nth(1)).toHaveText(edited!);

  const history = page.getByTestId("queue-history");
  const latest = history.locator(":scope > li").first();
  await expect(latest).toContainText("Jamie Chen: weight 2 → 5");
  await expect(latest).toContainText("Morgan Manager");
  await expect(latest).toContainText("(Europe/Berlin)");
  await noSeriousAxeIssues(page);
  await page.getByRole("heading", { name: "History of changes" }).scrollIntoViewIfNeeded();
  await snap(page, "fairness-history");

  // Put the seeded weight back; the history says that too.
  await page.getByLabel("Weight for Jamie Chen", { exact: true }).fill("2");
  await page.getByRole("button", { name: "Save changes" }).click();
  await page.getByRole("button", { name: "Save: from now" }).click();
  await expect(history.locator(":scope > li").first()).toContainText("Jamie Chen: weight 5 → 2");
});
