import { randomBytes } from "node:crypto";
import postgres from "postgres";

/**
 * A new, empty database on the server at `adminUrl` (needs CREATEDB), for tests and benchmarks
 * that must never write into the database the url names. `drop` removes it, connections and all.
 */
export async function createTempDatabase(
  adminUrl: string,
  prefix: string,
): Promise<{ url: string; drop: () => Promise<void> }> {
  const name = `${prefix}_${randomBytes(6).toString("hex")}`;
  const admin = () => postgres(adminUrl, { max: 1, onnotice: () => {} });
  const a = admin();
  await a.unsafe(`create database ${name}`);
  await a.end();
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    drop: async () => {
      const d = admin();
      await d.unsafe(`drop database if exists ${name} with (force)`);
      await d.end();
    },
  };
}
