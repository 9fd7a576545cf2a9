import { expect } from "@playwright/test";
import { startReceiver, type Receiver } from "../tests/support/webhook-receiver";
import { MANAGER, REP, signIn, snap, noSeriousAxeIssues, test } from "./helpers";

/**
 * The Webhooks page against a real receiver on 127.0.0.1 that verifies signatures with
 * `standardwebhooks`: create a subscription (secret shown once), send a ping, see the delivery
 * and its attempt in the log, resend it (same webhook-id); no serious axe issues; screenshots.
 */
const RECEIVER_PORT = Number(process.env.E2E_RECEIVER_PORT ?? 3511);
let rx: Receiver;

test.beforeAll(async () => {
  rx = await startReceiver(RECEIVER_PORT);
});
test.afterAll(async () => {
  await rx?.close();
});

test("a manager creates a webhook, pings it, sees the delivery and resends it", async ({ page }) => {
  test.setTimeout(120_000);
  await signIn(page, MANAGER);
  await page.getByRole("link", { name: "Webhooks" }).click();
  await expect(page.getByRole("heading", { name: "Webhooks", level: 1 })).toBeVisible();
  await noSeriousAxeIssues(page);

  // bad input: a plain-words error next to the field, nothing created
  await page.getByLabel("Endpoint URL").fill("not a url");
  await page.getByRole("button", { name: "Add webhook" }).click();
  await expect(page.getByText(/The URL must be an absolute URL/)).toBeVisible();

  const path = `/e2e-${Date.now()}`;
  await page.getByLabel("Endpoint URL").fill(rx.url(path));
  await page.getByLabel(/Description/).fill("E2E receiver");
  await page.getByRole("checkbox", { name: /availability_exception\.deleted/ }).uncheck();
  await page.getByRole("button", { name: "Add webhook" }).click();
  const secret = (await page.getByTestId("webhook-secret").textContent())!.trim();
  expect(secret).toMatch(/^whsec_/);
  rx.secret(path, secret);
  await snap(page, "webhooks-created-desktop");
  await page.getByRole("button", { name: "I have saved it" }).click();
  await expect(page.getByTestId("webhook-secret")).toHaveCount(0);

  await page.getByRole("link", { name: rx.url(path), exact: true }).click();
  await expect(page.getByRole("heading", { name: rx.url(path), level: 1 })).toBeVisible();
  await page.getByRole("button", { name: "Send test ping" }).click();
  await expect.poll(() => rx.received.filter((r) => r.path === path).length, { timeout: 20_000 }).toBe(1);
  const first = rx.received.find((r) => r.path === path)!;
  expect(first.verified).toBe(true);
  expect(first.payload.type).toBe("ping");

  const delivery = page.getByTestId("delivery").first();
  await expect(delivery.getByText("Delivered")).toBeVisible({ timeout: 20_000 });
  await delivery.getByText("Attempts and payload").click();
  await expect(delivery.getByTestId("attempt").first()).toContainText("HTTP 200");
  await noSeriousAxeIssues(page);
  await snap(page, "webhook-log-desktop");

  await delivery.getByRole("button", { name: /Resend/ }).click();
  await expect.poll(() => rx.received.filter((r) => r.path === path).length, { timeout: 20_000 }).toBe(2);
  const second = rx.received.filter((r) => r.path === path)[1];
  expect(second.id).toBe(first.id);
  expect(second.verified).toBe(true);
  await expect(page.getByTestId("delivery").first()).toContainText("2 attempts", { timeout: 20_000 });

  await page.setViewportSize({ width: 390, height: 844 });
  await page.reload();
  await expect(page.getByRole("heading", { name: rx.url(path), level: 1 })).toBeVisible();
  await snap(page, "webhook-log-phone");
  await page.goto("/webhooks");
  await expect(page.getByRole("heading", { name: "Webhooks", level: 1 })).toBeVisible();
  await noSeriousAxeIssues(page);
  await snap(page, "webhooks-phone");
});

test("reps cannot open the Webhooks page", async ({ page }) => {
  await signIn(page, REP);
  await expect(page.getByRole("link", { name: "Webhooks" })).toHaveCount(0);
  await page.goto("/webhooks");
  await expect(page).toHaveURL(/\/my$/);
});
