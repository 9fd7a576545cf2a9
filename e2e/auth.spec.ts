import { expect } from "@playwright/test";
import { MANAGER, REP, signIn, snap, test } from "./helpers";

test("a visitor is sent to sign-in and a wrong password is refused", async ({ page }) => {
  await page.goto("/");
  await expect(page).toHaveURL(/\/signin/);
  await snap(page, "signin");
  await page.getByLabel("Email").fill(MANAGER);
  await page.getByLabel("Password").fill("wrong-password");
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page.getByRole("alert").filter({ hasText: "do not match" })).toBeVisible();
});

test("sign-in is throttled: after 5 wrong passwords for one email the form says to wait", async ({ page }) => {
  await page.goto("/signin");
  const email = `nobody-${Date.now()}@throttle.test`;
  for (let i = 0; i < 5; i++) {
    await page.getByLabel("Email").fill(email);
    await page.getByLabel("Password").fill(`wrong-${i}`);
    await page.getByRole("button", { name: "Sign in" }).click();
    await expect(page.getByRole("alert").filter({ hasText: "do not match" })).toBeVisible();
  }
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page.getByRole("alert").filter({ hasText: "Too many sign-in attempts" })).toBeVisible();
  await snap(page, "signin-throttled");
});

test("a manager signs in, sees the demo workspace, and signs out", async ({ page }) => {
  await signIn(page, MANAGER);
  await expect(page.getByRole("heading", { name: "Demo Company" })).toBeVisible();
  await expect(page.getByText("Sales team")).toBeVisible();
  await expect(page.getByText("Support team")).toBeVisible();
  await snap(page, "overview");
  await page.getByRole("button", { name: "Sign out" }).click();
  await expect(page).toHaveURL(/\/signin/);
  await page.goto("/");
  await expect(page).toHaveURL(/\/signin/);
});

test("a rep lands on their own assignments", async ({ page }) => {
  await signIn(page, REP);
  await expect(page).toHaveURL(/\/my$/);
  await expect(page.getByRole("heading", { name: "My assignments" })).toBeVisible();
  await page.goto("/");
  await expect(page).toHaveURL(/\/my$/);
});
