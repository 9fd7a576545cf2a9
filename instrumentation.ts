/**
 * Opens the database when the server starts, so PGlite's migrations and the demo
 * seed run once at boot instead of inside the first visitor's request. The seed lives
 * in lib/demo (it books through the real use cases), so db/ stays below lib/.
 * Then starts this instance's outbox worker (webhook deliveries; BATON_OUTBOX_WORKER=0 turns it off).
 */
export async function register() {
  if (process.env.NEXT_RUNTIME !== "nodejs") return;
  // Refuse to start, with the reason, rather than fail on the first calendar password someone saves.
  const { assertEncryptionConfigured, EncryptionConfigError } = await import("./lib/crypto/secret-box");
  try {
    assertEncryptionConfigured();
  } catch (e) {
    if (!(e instanceof EncryptionConfigError)) throw e;
    console.error(`Baton cannot start: ${e.message}`);
    process.exit(1);
  }
  const { getDb, getDbHandle } = await import("./db/client");
  const handle = await getDbHandle();
  if (handle.kind === "pglite" && process.env.BATON_SEED !== "0") {
    const { seedDemoIfEmpty } = await import("./lib/demo/seed-demo");
    await seedDemoIfEmpty(handle.db);
  }
  // Every instance refreshes calendars; leases keep them from syncing the same one twice.
  if (process.env.BATON_CALENDAR_SYNC !== "off") {
    const { startCalendarRefresher } = await import("./lib/calendars/refresh-calendars");
    startCalendarRefresher({ getDb });
  }
  const { startOutboxWorker } = await import("./lib/outbox/start");
  await startOutboxWorker();
}
