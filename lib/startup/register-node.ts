/**
 * Server start on the Node.js runtime (called from instrumentation.ts): refuse to start without the
 * encryption key in production, open the database (PGlite migrates itself), seed the demo workspace on
 * PGlite, and start the calendar refresher and the outbox worker of this instance. In a module of its own
 * so the Edge build of instrumentation.ts never sees Node-only APIs such as process.exit.
 */
export async function registerNode() {
  // Refuse to start, with the reason, rather than fail on the first calendar password someone saves.
  const { assertEncryptionConfigured, EncryptionConfigError } = await import("@/lib/crypto/secret-box");
  try {
    assertEncryptionConfigured();
  } catch (e) {
    if (!(e instanceof EncryptionConfigError)) throw e;
    console.error(`Baton cannot start: ${e.message}`);
    process.exit(1);
  }
  const { getDb, getDbHandle } = await import("@/db/client");
  const handle = await getDbHandle();
  if (handle.kind === "pglite" && process.env.BATON_SEED !== "0") {
    const { seedDemoIfEmpty } = await import("@/lib/demo/seed-demo");
    await seedDemoIfEmpty(handle.db);
  }
  // Every instance refreshes calendars; leases keep them from syncing the same one twice.
  if (process.env.BATON_CALENDAR_SYNC !== "off") {
    const { startCalendarRefresher } = await import("@/lib/calendars/refresh-calendars");
    startCalendarRefresher({ getDb });
  }
  const { startOutboxWorker } = await import("@/lib/outbox/start");
  await startOutboxWorker();
}
