import { defineConfig } from "@playwright/test";

const PORT = Number(process.env.E2E_PORT ?? 3200);
const baseURL = process.env.E2E_BASE_URL ?? `http://localhost:${PORT}`;

/**
 * Browser tests run the production build on a fresh embedded database (the demo
 * workspace is seeded on start) in Debian's chromium: no browser download needed.
 */
export default defineConfig({
  testDir: "./e2e",
  outputDir: "./test-results",
  fullyParallel: false,
  workers: 1,
  retries: process.env.CI ? 1 : 0,
  timeout: 60_000,
  expect: { timeout: 10_000 },
  reporter: [["list"], ["json", { outputFile: "test-results/e2e-results.json" }]],
  use: {
    baseURL,
    screenshot: "only-on-failure",
    trace: "on-first-retry",
    launchOptions: {
      executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium",
      args: [
        "--no-sandbox",
        "--disable-gpu",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--no-first-run",
        "--disable-quic",
      ],
    },
  },
  projects: [{ name: "chromium", use: { browserName: "chromium", viewport: { width: 1280, height: 800 } } }],
  webServer: process.env.E2E_BASE_URL
    ? undefined
    : {
        // Idle connections are kept longer than a client keeps them: closing one just as the test's API
        // client reuses it answered a request with ECONNRESET (a flaky failure in CI).
        command: `rm -rf .data/e2e && npx next start -p ${PORT} --keepAliveTimeout 65000`,
        url: `${baseURL}/api/health`,
        timeout: 180_000,
        reuseExistingServer: false,
        stdout: "pipe",
        env: {
          PGLITE_DIR: ".data/e2e",
          NEXTAUTH_URL: baseURL,
          NEXTAUTH_SECRET: "e2e-secret-not-for-production",
          BATON_ENCRYPTION_KEY: "ZTJlLWVuY3J5cHRpb24ta2V5LW5vdC1mb3ItcHJvZC0=",
          DATABASE_URL: "",
          // The webhook receiver of e2e/webhooks.spec.ts listens on 127.0.0.1 over plain http.
          BATON_WEBHOOKS_ALLOW_INSECURE: "1",
          // e2e/calendars.spec.ts runs Radicale and a feed server on 127.0.0.1.
          BATON_CALENDAR_PRIVATE_HOSTS: "allow",
        },
      },
});
