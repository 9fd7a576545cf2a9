import { expect as baseExpect, type Page } from "@playwright/test";
import { MANAGER, REP, signIn, snap, test } from "./helpers";

/** Generous waits: a dev server compiles each page on first visit. */
const expect = baseExpect.configure({ timeout: 30_000 });

/** Every dashboard page renders for its audience, at laptop and at phone width, with a screenshot of each. */
const MANAGER_PAGES: [string, string][] = [
  ["/queues", "Queues"],
  ["/bookings", "Bookings"],
  ["/coverage", "Vacation coverage"],
  ["/team", "Team"],
  ["/settings", "Settings"],
  ["/docs", "API reference"],
];

/** The shared signIn checks the sidebar's user name, which a phone hides behind the menu. */
async function signInAt(page: Page, email: string, width: number, height: number) {
  await page.setViewportSize({ width: 1280, height: 800 });
  await signIn(page, email);
  await page.setViewportSize({ width, height });
}

async function openQueue(page: Page, name: string) {
  await page.goto("/queues");
  await page.getByRole("link", { name }).click();
  await expect(page.getByRole("heading", { name, level: 1 })).toBeVisible();
}

for (const [width, height, suffix] of [
  [1280, 800, "desktop"],
  [390, 844, "phone"],
] as const) {
  test.describe(`at ${suffix} width`, () => {
    test("manager pages render", async ({ page }) => {
      test.setTimeout(180_000);
      await signInAt(page, MANAGER, width, height);
      for (const [path, title] of MANAGER_PAGES) {
        await page.goto(path);
        await expect(page.getByRole("heading", { name: title, level: 1 })).toBeVisible();
        await snap(page, `${path.slice(1)}-${suffix}`);
      }
      await openQueue(page, "Sales team");
      await expect(page.getByTestId("next-host").first()).toBeVisible();
      await snap(page, `queue-sales-${suffix}`);
      await openQueue(page, "Support team");
      await expect(page.getByTestId("next-host").first()).toBeVisible();
      await snap(page, `queue-support-${suffix}`);
      await page.goto("/bookings");
      // A phone shows the bookings as cards, a laptop as a table.
      const list = page.getByTestId(suffix === "phone" ? "bookings-cards" : "bookings-table");
      const first = list.getByRole("link").first();
      if (await first.isVisible()) {
        await first.click();
        await expect(page.getByRole("heading", { name: "History" })).toBeVisible();
        await snap(page, `booking-detail-${suffix}`);
      }
    });

    test("rep page renders", async ({ page }) => {
      await signInAt(page, REP, width, height);
      await expect(page.getByRole("heading", { name: "My assignments" })).toBeVisible();
      await snap(page, `my-${suffix}`);
      await page.goto("/docs");
      await expect(page).toHaveURL(/\/my$/);
    });
  });
}
