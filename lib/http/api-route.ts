import { getDb, type PoolName } from "@/db/client";
import { authenticateApiRequest, type ApiContext } from "@/lib/auth/api-auth";
import { withDeadline } from "./deadline";
import { operationFor, type OperationKey } from "@/lib/api/operations";
import { isManager } from "@/lib/auth/roles";
import { AppError, forbidden, unavailable } from "@/lib/errors";
import { toErrorResponse } from "./envelope";
import { rateLimitHeaders, takeRequest, type RateDecision } from "./rate-limit";

type RouteContext<P> = { params: Promise<P> };
type Handler<P> = (ctx: ApiContext, req: Request, params: P) => Promise<Response | object>;

/**
 * Wraps the handler of operation `key` (lib/api/operations.ts): authenticates, counts the
 * request against the key's rate limit, checks the operation's access (the key's scope, the
 * acting user's role), runs it within the request deadline, and maps every failure to the error
 * envelope (503 with Retry-After for overload and outages). Plain objects are answered as 200 JSON.
 * Every answer to an authenticated request carries RateLimit-* headers. `pool: "bookings"` runs the
 * whole request (authentication included) on the booking pool. `maxInFlight` bounds the requests
 * of this route in progress in this process: one more is refused with 503 `busy` before it costs
 * anything (no authentication query, no body read), so a flood sheds its excess almost for free.
 */
export function apiRoute<P = Record<string, never>>(
  key: OperationKey,
  handler: Handler<P>,
  opts: { pool?: PoolName; maxInFlight?: number } = {},
) {
  const { access } = operationFor(key);
  let inFlight = 0;
  return async (req: Request, context: RouteContext<P>): Promise<Response> => {
    if (opts.maxInFlight !== undefined && inFlight >= opts.maxInFlight)
      return toErrorResponse(unavailable("Too many requests of this kind are in progress; retry in a moment", "busy"));
    inFlight++;
    try {
      return await run(req, context);
    } finally {
      inFlight--;
    }
  };
  async function run(req: Request, context: RouteContext<P>): Promise<Response> {
    let rate: RateDecision | null = null;
    let res: Response;
    try {
      const out = await withDeadline(
        (async () => {
          const db = await getDb(opts.pool);
          const ctx = await authenticateApiRequest(req, db);
          rate = takeRequest(ctx.apiKeyId);
          if (rate && !rate.allowed) {
            throw new AppError(
              429,
              "rate_limited",
              `This API key may make ${rate.limit} requests per minute; retry in ${rate.resetSeconds} s`,
              { limit: rate.limit, retryAfterSeconds: rate.resetSeconds },
              { "retry-after": String(rate.resetSeconds) },
            );
          }
          if (!ctx.scopes.includes(access.scope))
            throw forbidden(`This API key does not have the "${access.scope}" scope`);
          if (access.roles === "managers" && !isManager(ctx.actor.role))
            throw forbidden("Only admins and managers can do this; x-meetergo-api-user-id names a rep");
          return handler(ctx, req, await context.params);
        })(),
      );
      res = out instanceof Response ? out : Response.json(out);
    } catch (error) {
      res = toErrorResponse(error);
    }
    if (rate) for (const [name, value] of Object.entries(rateLimitHeaders(rate))) res.headers.set(name, value);
    return res;
  }
}

export function created(body: object): Response {
  return Response.json(body, { status: 201 });
}
