/**
 * Opens the database when the server starts, so PGlite's migrations and the demo
 * seed run once at boot instead of inside the first visitor's request. The seed lives
 * in lib/demo (it books through the real use cases), so db/ stays below lib/.
 * Then starts this instance's outbox worker (webhook deliveries; BATON_OUTBOX_WORKER=0 turns it off).
 */
export async function register() {
  if (process.env.NEXT_RUNTIME !== "nodejs") return;
  const { registerNode } = await import("./lib/startup/register-node");
  await registerNode();
}
