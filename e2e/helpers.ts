import { expect, type Page } from "@playwright/test";

export const DEMO_PASSWORD = "baton-demo";
export const MANAGER = "manager@demo.baton.dev";
export const REP = "sofia@demo.baton.dev";

export async function signIn(page: Page, email: string, password = DEMO_PASSWORD) {
  await page.goto("/signin");
  await page.getByLabel("Email").fill(email);
  await page.getByLabel("Password").fill(password);
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page.getByTestId("current-user")).toBeVisible();
}

/** Full-page screenshots land in test-results/screenshots for a person to look at. */
export async function snap(page: Page, name: string) {
  await page.screenshot({ path: `test-results/screenshots/${name}.png`, fullPage: true });
}
