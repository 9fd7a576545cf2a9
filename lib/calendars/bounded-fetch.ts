/**
 * The one `fetch` every calendar request goes through: a timeout per request, a deadline for the
 * whole operation (discovery makes several requests, and tsdav retries some of them), a size limit
 * on bodies, no private-network addresses (check-public-address.ts, on every redirect hop too), and
 * HTTP/network failures turned into CalendarErrors.
 *
 * tsdav swallows some errors during discovery and throws its own generic ones ("cannot find
 * principalUrl"), so the first failure is also kept on the budget: `toCalendarError` prefers it to
 * whatever the library threw afterwards.
 */
import { CalendarError, calendarError } from "./calendar-error";
import { checkPublicAddress } from "./check-public-address";

const REDIRECTS = new Set([301, 302, 303, 307, 308]);
const MAX_REDIRECTS = 5;

export interface RequestLimits {
  /** Per request, headers and body included. */
  requestTimeoutMs?: number;
  /** For the whole operation (all its requests). */
  operationTimeoutMs?: number;
  /** Largest response body accepted, in bytes. */
  maxBytes?: number;
}

export const DEFAULT_LIMITS: Required<RequestLimits> = {
  requestTimeoutMs: 10_000,
  operationTimeoutMs: 30_000,
  maxBytes: 20 * 1024 * 1024,
};

export interface Budget {
  fetch: typeof globalThis.fetch;
  limits: Required<RequestLimits>;
  /** First failure seen by `fetch`, kept because libraries may replace it with a vaguer one. */
  failure?: CalendarError;
  /** Status of the last error answer (4xx/5xx) that was handed on to the library. */
  lastErrorStatus?: number;
}

/** The CalendarError for an HTTP error status that is not about credentials. */
export function errorForStatus(status: number): CalendarError {
  if (status === 404 || status === 410) return calendarError("not_found", status);
  if (status === 412) return calendarError("conflict", status);
  if (status === 413 || status === 507) return calendarError("too_large", status);
  if (status === 400 || status === 415 || status === 422) return calendarError("invalid_data", status);
  return calendarError("server_error", status, `HTTP ${status}`);
}

function isAbort(e: unknown): boolean {
  const name = (e as { name?: string } | null)?.name;
  return name === "AbortError" || name === "TimeoutError";
}

/** undici reports refused connections, DNS failures and resets as `TypeError: fetch failed` with a cause. */
function networkError(e: unknown): CalendarError {
  if (isAbort(e) || isAbort((e as { cause?: unknown })?.cause)) return calendarError("timeout");
  const code = (e as { cause?: { code?: string } })?.cause?.code;
  return calendarError("unreachable", undefined, code);
}

function limitBody(res: Response, maxBytes: number, budget: Budget): Response {
  const declared = Number(res.headers.get("content-length"));
  if (Number.isFinite(declared) && declared > maxBytes) throw calendarError("too_large", res.status);
  if (!res.body) return res;
  let seen = 0;
  const counted = res.body.pipeThrough(
    new TransformStream<Uint8Array, Uint8Array>({
      transform(chunk, controller) {
        seen += chunk.byteLength;
        if (seen > maxBytes) {
          budget.failure ??= calendarError("too_large", res.status);
          controller.error(budget.failure);
        } else controller.enqueue(chunk);
      },
    }),
  );
  const limited = new Response(counted, { status: res.status, statusText: res.statusText, headers: res.headers });
  Object.defineProperty(limited, "url", { value: res.url });
  return limited;
}

export function createBudget(limits: RequestLimits = {}): Budget {
  const full = { ...DEFAULT_LIMITS, ...limits };
  const deadline = AbortSignal.timeout(full.operationTimeoutMs);
  const budget: Budget = { limits: full, fetch: undefined as never };
  const fail = (error: CalendarError) => {
    budget.failure ??= error;
    return error;
  };
  budget.fetch = async (input, init = {}) => {
    if (deadline.aborted) throw fail(calendarError("timeout"));
    const signals = [deadline, AbortSignal.timeout(full.requestTimeoutMs)];
    if (init.signal) signals.push(init.signal);
    const signal = AbortSignal.any(signals);
    // Redirects are followed here, not by fetch, so every hop's address is checked.
    let url = new URL(input instanceof Request ? input.url : input);
    let method = init.method ?? "GET";
    let body = init.body;
    const headers = new Headers(init.headers);
    let res: Response;
    for (let hop = 0; ; hop++) {
      if (url.protocol !== "https:" && url.protocol !== "http:")
        throw fail(calendarError("not_caldav", undefined, "not a web address"));
      try {
        await checkPublicAddress(url);
      } catch (e) {
        throw fail(e as CalendarError);
      }
      try {
        res = await globalThis.fetch(url, { ...init, method, body, headers, redirect: "manual", signal });
      } catch (e) {
        throw fail(networkError(e));
      }
      const location = res.headers.get("location");
      if (init.redirect === "manual" || !REDIRECTS.has(res.status) || !location) break;
      await res.body?.cancel();
      if (hop >= MAX_REDIRECTS) throw fail(calendarError("unreachable", undefined, "too many redirects"));
      const next = new URL(location, url);
      if (res.status === 303 || ((res.status === 301 || res.status === 302) && method === "POST")) {
        method = "GET";
        body = undefined;
      }
      // Never hand the password to another server.
      if (next.origin !== url.origin) headers.delete("authorization");
      url = next;
    }
    if (res.status === 401) throw fail(calendarError("auth_failed", 401));
    if (res.status === 403) {
      // RFC 6578: an expired sync token is a 403 with a DAV:valid-sync-token precondition, not a login problem.
      const text = await res.text().catch(() => "");
      throw fail(calendarError(/valid-sync-token/i.test(text) ? "sync_token_invalid" : "auth_failed", 403));
    }
    if (res.status >= 400) budget.lastErrorStatus = res.status;
    return limitBody(res, full.maxBytes, budget);
  };
  return budget;
}

/** The CalendarError behind whatever an operation threw; null when it is not a calendar failure (a bug). */
export function toCalendarError(e: unknown, budget: Budget): CalendarError | null {
  if (budget.failure) return budget.failure;
  if (e instanceof CalendarError) return e;
  if (isAbort(e)) return calendarError("timeout");
  return null;
}
