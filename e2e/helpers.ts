import { expect, type Cookie, type Page } from "@playwright/test";

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
