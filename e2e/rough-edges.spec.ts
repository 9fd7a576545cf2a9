import { spawn, type ChildProcess } from "node:child_process";
import { expect as baseExpect, type Page } from "@playwright/test";
import { MANAGER, signIn, snap, test } from "./helpers";

/** The rough edges of issue 15: each one seen in a browser, on the production build. */
const expect = baseExpect.configure({ timeout: 20_000 });
const UUID0 = "00000000-0000-4000-8000-00000000dead";

async function openQueue(page: Page, name: string) {
  await page.goto("/queues");
  await page.getByRole("link", { name }).click();
  await expect(page.getByRole("heading", { name, level: 1 })).toBeVisible();
}

/** Console errors React reports while hydrating (a server/browser mismatch), collected per page. */
function hydrationErrors(page: Page) {
  const seen: string[] = [];
  page.on("console", (m) => {
    if (m.type() === "error" && /hydrat|did not match|server rendered/i.test(m.text())) seen.push(m.text());
  });
  page.on("pageerror", (e) => {
    if (/hydrat|did not match|server rendered/i.test(e.message)) seen.push(e.message);
  });
  return seen;
}

test.describe("sign-out without NEXTAUTH_URL", () => {
  // A second production server on another port, started exactly as an operator would forget to configure it.
  const PORT = Number(process.env.E2E_PORT ?? 3200) + 1;
  const origin = `http://127.0.0.1:${PORT}`;
  let server: ChildProcess | undefined;

  test.beforeAll(async () => {
    test.setTimeout(180_000);
    const env: NodeJS.ProcessEnv = {
      ...process.env,
      PGLITE_DIR: ".data/e2e-no-nextauth-url",
      NEXTAUTH_SECRET: "e2e-secret-not-for-production",
      BATON_ENCRYPTION_KEY: "ZTJlLWVuY3J5cHRpb24ta2V5LW5vdC1mb3ItcHJvZC0=",
      DATABASE_URL: "",
      BATON_CALENDAR_SYNC: "off",
    };
    delete env.NEXTAUTH_URL;
    delete env.NEXTAUTH_URL_INTERNAL;
    delete env.AUTH_TRUST_HOST;
    server = spawn("sh", ["-c", `rm -rf .data/e2e-no-nextauth-url && exec npx next start -p ${PORT}`], {
      env,
      detached: true,
      stdio: "ignore",
    });
    const deadline = Date.now() + 150_000;
    for (;;) {
      try {
        if ((await fetch(`${origin}/api/health`)).ok) break;
      } catch {
        // not listening yet
      }
      if (Date.now() > deadline) throw new Error(`no server on ${origin}`);
      await new Promise((r) => setTimeout(r, 500));
    }
  });

  test.afterAll(() => {
    if (server?.pid) process.kill(-server.pid, "SIGTERM");
  });

  test("signing out lands on this server's own sign-in page, not localhost:3000", async ({ browser }) => {
    const context = await browser.newContext({ baseURL: origin });
    const page = await context.newPage();
    await signIn(page, MANAGER);
    await page.getByRole("button", { name: "Sign out" }).click();
    await expect(page).toHaveURL(`${origin}/signin`);
    await expect(page.getByRole("button", { name: "Sign in" })).toBeVisible();
    // Signed out for real: the dashboard sends us back to sign in.
    await page.goto("/queues");
    await expect(page).toHaveURL(new RegExp(`^${origin}/signin`));
    await context.close();
  });
});

test("a weight written as 1e3 or 2.5 is refused next to the field, and nothing is saved", async ({ page }) => {
  await signIn(page, MANAGER);
  await openQueue(page, "Support team");
  const weight = page.getByRole("spinbutton", { name: /^Weight for/ }).first();
  const before = await weight.inputValue();
  for (const typed of ["1e3", "2.5"]) {
    await weight.fill(typed);
    await page.getByRole("button", { name: "Save changes" }).click();
    await expect(page.getByText("Weight must be a whole number")).toBeVisible();
  }
  await snap(page, "rough-edges-weight-1e3");
  await page.reload();
  await expect(page.getByRole("spinbutton", { name: /^Weight for/ }).first()).toHaveValue(before);
});

test("a second priority group with the same name is refused in plain words", async ({ page }) => {
  await signIn(page, MANAGER);
  await openQueue(page, "Support team");
  const name = page.getByLabel("New priority group");
  await name.fill("Night shift");
  await page.getByRole("button", { name: "Add group" }).click();
  await expect(page.getByRole("heading", { name: /Night shift/ })).toBeVisible();
  await name.fill("night shift");
  await page.getByRole("button", { name: "Add group" }).click();
  await expect(page.getByText("Name is already used by another group of this queue")).toBeVisible();
  await snap(page, "rough-edges-group-name");
  await expect(page.getByRole("heading", { name: /Night shift/i })).toHaveCount(1);
});

test("an absence entirely in the past is refused next to its last day", async ({ page }) => {
  await signIn(page, MANAGER);
  await page.goto("/my");
  await page.getByRole("button", { name: "Add absence" }).first().click();
  await page.getByLabel("First day").fill("2020-03-02");
  await page.getByLabel("Last day").fill("2020-03-06");
  await page.getByRole("button", { name: "Add absence" }).last().click();
  await expect(page.getByText("is in the past: an absence must end later than now")).toBeVisible();
  await snap(page, "rough-edges-past-absence");
});

test("missing booking, queue, person and webhook pages answer 404", async ({ page }) => {
  await signIn(page, MANAGER);
  for (const path of [
    `/bookings/${UUID0}`,
    `/queues/${UUID0}`,
    "/bookings/not-a-booking",
    "/queues/not-a-queue",
    `/team/${UUID0}`,
    `/team/${UUID0}/calendar`,
    "/team/not-a-person",
    `/webhooks/${UUID0}`,
  ]) {
    const res = await page.goto(path);
    expect(res?.status(), path).toBe(404);
  }
});

test("every page names an SVG icon that the server serves", async ({ page, request }) => {
  await page.goto("/signin");
  const href = await page.locator('link[rel="icon"]').first().getAttribute("href");
  expect(href).toBeTruthy();
  const icon = await request.get(href!);
  expect(icon.status()).toBe(200);
  expect(icon.headers()["content-type"]).toContain("image/svg+xml");
});

test("Settings: key times in the workspace zone, labelled, no hydration error; the snippet uses a new key", async ({
  page,
}) => {
  await page.emulateMedia({ reducedMotion: "reduce" });
  const errors = hydrationErrors(page);
  await signIn(page, MANAGER);
  await page.goto("/settings");
  await expect(page.getByText("Times in Europe/Berlin.")).toBeVisible();
  await expect(page.getByRole("columnheader", { name: "Created (Europe/Berlin)" })).toBeVisible();
  await expect(page.getByTestId("api-snippet")).toContainText("Bearer <your API key>");
  await page.getByLabel("Name").fill("Rough edges snippet");
  await page.getByRole("button", { name: "Create key" }).click();
  const key = (await page.getByTestId("new-api-key").textContent())!.trim();
  expect(key).toMatch(/^bt_/);
  await expect(page.getByTestId("api-snippet")).toContainText(`Bearer ${key}`);
  await expect(page.getByTestId("api-snippet")).not.toContainText("<your API key>");
  await snap(page, "rough-edges-settings");
  // The snippet works as shown.
  const snippet = (await page.getByTestId("api-snippet").textContent())!;
  const url = /curl (\S+)/.exec(snippet)![1];
  const userId = /x-meetergo-api-user-id: ([0-9a-f-]{36})/.exec(snippet)![1];
  const res = await page.request.get(url, {
    headers: { authorization: `Bearer ${key}`, "x-meetergo-api-user-id": userId },
  });
  expect(res.status()).toBe(200);
  expect(errors).toEqual([]);
});

test("queue page: no hydration error, and the drag handles keep their screen-reader instructions", async ({ page }) => {
  const errors = hydrationErrors(page);
  await signIn(page, MANAGER);
  await openQueue(page, "Sales team");
  const handle = page.getByRole("button", { name: /^Move / }).first();
  await expect(handle).toBeVisible();
  const describedBy = await handle.getAttribute("aria-describedby");
  expect(describedBy).toBeTruthy();
  await expect(page.locator(`[id="${describedBy}"]`)).toHaveText(/press Space, use the arrow keys/);
  expect(errors).toEqual([]);
});

test("times in routing reasons are in the workspace zone and labelled, never raw UTC", async ({ page, request }) => {
  const DEMO_KEY = "bt_de00de00de00_baton-demo-key-not-for-production-use";
  const MANAGER_ID = "00000000-0000-4000-8000-0000000000a1";
  const api = (userId: string) => ({ authorization: `Bearer ${DEMO_KEY}`, "x-meetergo-api-user-id": userId });
  const people: { id: string; email: string }[] = await (
    await request.get("/v4/user", { headers: api(MANAGER_ID) })
  ).json();
  const sofia = people.find((p) => p.email === "sofia@demo.baton.dev")!;
  // Sofia is away on Wednesday 2030-01-09, 09:00-15:00 Berlin: who's next for 11:00 says until when.
  const created = await request.post("/v4/availability-exception/user", {
    headers: api(sofia.id),
    data: { startDate: "2030-01-09T08:00:00Z", endDate: "2030-01-09T14:00:00Z", name: "Dentist" },
  });
  expect(created.status()).toBe(201);
  const exception = await created.json();
  try {
    await signIn(page, MANAGER);
    await openQueue(page, "Sales team");
    await page.getByLabel(/For a booking at/).fill("2030-01-09T11:00");
    const excluded = page.getByTestId("excluded-hosts");
    await expect(excluded).toContainText("Sofia Berg");
    await expect(excluded).toContainText("until 9 Jan 2030, 15:00 (Europe/Berlin)");
    await expect(page.locator("main")).not.toContainText(/\d{4}-\d{2}-\d{2}T\d{2}:\d{2}/);
    await snap(page, "rough-edges-reason-times");
    await page.goto("/bookings");
    await expect(page.getByRole("heading", { name: "Bookings", level: 1 })).toBeVisible();
    await expect(page.locator("main")).not.toContainText(/\d{4}-\d{2}-\d{2}T\d{2}:\d{2}/);
    await page.getByTestId("bookings-table").getByRole("link").first().click();
    await expect(page.getByText("Why this host")).toBeVisible();
    await expect(page.getByRole("heading", { name: "History" })).toBeVisible();
    await expect(page.locator("main")).not.toContainText(/\d{4}-\d{2}-\d{2}T\d{2}:\d{2}/);
  } finally {
    await request.delete(`/v4/availability-exception/user/${exception.id}`, { headers: api(sofia.id) });
  }
});

test("dashboard forms speak plain words next to the field, not zod's or the API's", async ({ page }) => {
  await signIn(page, MANAGER);
  await openQueue(page, "Support team");
  await page.getByLabel("New priority group").fill("x".repeat(201));
  await page.getByRole("button", { name: "Add group" }).click();
  await expect(page.getByText("Name must be at most 200 characters")).toBeVisible();
  await expect(page.locator("main")).not.toContainText(/Too big|expected string|must be a UUID/);
  // The problem belongs to its field for a screen reader too (components/ui/field.tsx).
  const field = page.getByLabel("New priority group");
  await expect(field).toHaveAttribute("aria-invalid", "true");
  await expect(field).toHaveAccessibleDescription(/Name must be at most 200 characters/);
});
