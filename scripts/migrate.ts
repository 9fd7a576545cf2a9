/** `npm run db:migrate`: applies db/migrations to DATABASE_URL (PGlite migrates itself on start). */
import { getDbHandle, migrate, openPostgres } from "@/db/client";

async function main() {
  const url = process.env.DATABASE_URL;
  if (!url) {
    process.env.BATON_SEED = "0";
    const handle = await getDbHandle(); // opening PGlite runs the migrations
    await handle.close();
    console.log("Embedded PGlite database migrated (.data/pglite).");
    return;
  }
  const handle = await openPostgres(url, { max: 1, sessionTimeouts: false });
  await migrate(handle);
  await handle.close();
  console.log("PostgreSQL migrated.");
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
