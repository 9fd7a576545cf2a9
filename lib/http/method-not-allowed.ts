import { errorResponse } from "./envelope";

export const HTTP_METHODS = ["GET", "POST", "PUT", "PATCH", "DELETE"] as const;
export type HttpMethod = (typeof HTTP_METHODS)[number];
type Handler = (() => Promise<Response>) & { methodNotAllowed: true };

/** The Allow header of a path with these handlers (Next.js answers HEAD and OPTIONS itself). */
export const allowHeader = (allowed: readonly HttpMethod[]) =>
  [...allowed, ...(allowed.includes("GET") ? ["HEAD"] : []), "OPTIONS"].join(", ");

/**
 * Handlers for the methods a route does not implement, so they answer the JSON error envelope
 * with 405 and `Allow` instead of Next.js's HTML page. A route file destructures the ones it lacks:
 * `export const { PUT, PATCH, DELETE } = methodNotAllowed(["GET", "POST"]);`
 */
export function methodNotAllowed(allowed: readonly HttpMethod[]): Record<HttpMethod, Handler> {
  const handler: Handler = Object.assign(
    async () => {
      const res = errorResponse(405, "method_not_allowed", `This path accepts ${allowed.join(", ")}`, { allowed });
      res.headers.set("allow", allowHeader(allowed));
      return res;
    },
    { methodNotAllowed: true as const },
  );
  return Object.fromEntries(HTTP_METHODS.map((m) => [m, handler])) as Record<HttpMethod, Handler>;
}

/** True for the handlers above: they describe no operation. */
export const isMethodNotAllowedHandler = (f: unknown) =>
  typeof f === "function" && (f as Partial<Handler>).methodNotAllowed === true;
