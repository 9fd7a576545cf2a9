/**
 * Opens the database when the server starts, so PGlite's migrations and the demo
 * seed run once at boot instead of inside the first visitor's request.
 */
export async function register() {
  if (process.env.NEXT_RUNTIME !== "nodejs") return;
  const { getDbHandle } = await import("./db/client");
  await getDbHandle();
}
