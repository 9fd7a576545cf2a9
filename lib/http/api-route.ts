import { getDb, type PoolName } from "@/db/client";
import { authenticateApiRequest, type ApiContext } from "@/lib/auth/api-auth";
import { withDeadline } from "./deadline";
import { toErrorResponse } from "./envelope";

type RouteContext<P> = { params: Promise<P> };
type Handler<P> = (ctx: ApiContext, req: Request, params: P) => Promise<Response | object>;

/**
 * Wraps a /v4 route handler: authenticates, runs it within the request deadline, and maps every
 * failure to the error envelope (503 with Retry-After for overload and outages). Plain objects are
 * answered as 200 JSON. `pool: "bookings"` runs the whole request (authentication included) on the
 * booking pool.
 */
export function apiRoute<P = Record<string, never>>(handler: Handler<P>, opts: { pool?: PoolName } = {}) {
  return async (req: Request, context: RouteContext<P>): Promise<Response> => {
    try {
      const out = await withDeadline(
        (async () => {
          const db = await getDb(opts.pool);
          const ctx = await authenticateApiRequest(req, db);
          return handler(ctx, req, await context.params);
        })(),
      );
      return out instanceof Response ? out : Response.json(out);
    } catch (error) {
      return toErrorResponse(error);
    }
  };
}

export function created(body: object): Response {
  return Response.json(body, { status: 201 });
}
