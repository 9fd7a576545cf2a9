import { test as base, expect, type Cookie, type Page } from "@playwright/test";
import AxeBuilder from "@axe-core/playwright";

/**
 * Playwright's `test` whose page waits, after every full load (goto, reload) of a dashboard page, until
 * React has hydrated it (app/providers.tsx sets `data-hydrated`): a field filled earlier is reset by React
 * and the page acts as if nothing was typed (CI's calendar flow once failed so).
 */
export const test = base.extend({
  page: async ({ page }, provide) => {
    const hydrated = async <R extends { headers(): Record<string, string> } | null>(response: R) => {
      if (response?.headers()["content-type"]?.startsWith("text/html"))
        await page.locator("html[data-hydrated]").waitFor({ state: "attached" });
      return response;
    };
    const goto = page.goto.bind(page);
    const reload = page.reload.bind(page);
    page.goto = async (url, options) => hydrated(await goto(url, options));
    page.reload = async (options) => hydrated(await reload(options));
    await provide(page);
  },
});

export const DEMO_PASSWORD = "baton-demo";
export const MANAGER = "manager@demo.baton.dev";
export const REP = "sofia@demo.baton.dev";

/** Session cookies per person, kept by this worker: the form's sign-in costs about 2 s a test. */
const sessions = new Map<string, Cookie[]>();

/**
 * Signs in through the form the first time for a person, and afterwards adopts the session that sign-in
 * got (a session the server no longer accepts, say after a sign-out elsewhere, falls back to the form).
 * e2e/auth.spec.ts tests the form itself.
 */
export async function signIn(page: Page, email: string, password = DEMO_PASSWORD) {
  const key = `${email}\n${password}`;
  const saved = sessions.get(key);
  if (saved) {
    await page.context().addCookies(saved);
    await page.goto("/");
    if (!new URL(page.url()).pathname.startsWith("/signin")) {
      await expect(page.getByTestId("current-user")).toBeVisible();
      return;
    }
    sessions.delete(key);
    await page.context().clearCookies();
  }
  await page.goto("/signin");
  await page.getByLabel("Email").fill(email);
  await page.getByLabel("Password").fill(password);
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page.getByTestId("current-user")).toBeVisible();
  sessions.set(key, await page.context().cookies());
}

/** Full-page screenshots land in test-results/screenshots for a person to look at. */
export async function snap(page: Page, name: string) {
  await page.screenshot({ path: `test-results/screenshots/${name}.png`, fullPage: true });
}

/**
 * No serious or critical axe violation on the page as it is now (`also`: rule ids checked at any impact).
 * Waits for the document title first: while a router.refresh() re-renders the page, React briefly has
 * no <title>, and axe reported `document-title` in about one run in four.
 */
export async function noSeriousAxeIssues(
  page: Page,
  { where = "", also = [] }: { where?: string; also?: string[] } = {},
) {
  await expect(page).toHaveTitle(/Baton$/);
  const results = await new AxeBuilder({ page }).analyze();
  const bad = results.violations.filter(
    (v) => v.impact === "serious" || v.impact === "critical" || also.includes(v.id),
  );
  expect(
    bad.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(" ")).join(", ")}`),
    where,
  ).toEqual([]);
}

/** Keyboard drag as a screen-reader user does it, waiting for dnd-kit's live announcements between keys. */
export async function keyboardDrag(page: Page, member: string, key: "ArrowLeft" | "ArrowRight", group: string) {
  const live = page.locator('[id^="DndLiveRegion"]');
  await page.getByRole("button", { name: `Move ${member}`, exact: true }).focus();
  await page.keyboard.press("Space");
  await expect(live).toContainText(`Picked up ${member}`);
  // dnd-kit measures the groups just after the pick-up: an arrow pressed before that moves nothing (it
  // did in CI once traces stopped slowing the browser), so the key is pressed again while nothing moved.
  await expect(async () => {
    if ((await live.textContent())?.includes(`Picked up ${member}`)) await page.keyboard.press(key);
    await expect(live).toContainText(`${member} is over ${group}`, { timeout: 1_000 });
  }).toPass({ timeout: 15_000 });
  await page.keyboard.press("Space");
  await expect(live).toContainText(`${member} was dropped in ${group}`);
  // The chip moves at once; routing follows once the move is stored.
  await expect(page.getByTestId("move-status")).toHaveText(`Moved ${member} to ${group}.`);
}
