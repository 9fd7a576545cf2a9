import { sql } from "drizzle-orm";
import { getDb } from "@/db/client";

export const dynamic = "force-dynamic";

/** Liveness plus a database round trip, for load balancers and the load test. */
export async function GET() {
  try {
    const db = await getDb();
    await db.execute(sql`select 1`);
    return Response.json({ ok: true });
  } catch {
    return Response.json(
      { error: { code: "unavailable", message: "Database unreachable", details: null } },
      { status: 503 },
    );
  }
}
