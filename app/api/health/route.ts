import { sql } from "drizzle-orm";
import { getDb } from "@/db/client";
import { withDeadline } from "@/lib/http/deadline";
import { errorResponse } from "@/lib/http/envelope";

export const dynamic = "force-dynamic";

/** Load balancers probe often: a database that does not answer within this is reported down. */
const HEALTH_DEADLINE_MS = 2_000;

/** Liveness plus a database round trip, for load balancers and the load test. */
export async function GET() {
  try {
    await withDeadline(
      getDb().then((db) => db.execute(sql`select 1`)),
      HEALTH_DEADLINE_MS,
    );
    return Response.json({ ok: true });
  } catch {
    const res = errorResponse(503, "unavailable", "Database unreachable");
    res.headers.set("retry-after", "1");
    return res;
  }
}
