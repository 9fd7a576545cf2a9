/**
 * The one `fetch` every calendar request goes through: a timeout per request, a deadline for the
 * whole operation (discovery makes several requests, and tsdav retries some of them), a size limit
 * on bodies, and HTTP/network failures turned into CalendarErrors.
 *
 * tsdav swallows some errors during discovery and throws its own generic ones ("cannot find
 * principalUrl"), so the first failure is also kept on the budget: `toCalendarError` prefers it to
 * whatever the library threw afterwards.
 */
import { CalendarError, calendarError } from "./calendar-error";

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
    let res: Response;
    try {
      res = await globalThis.fetch(input, { ...init, signal: AbortSignal.any(signals) });
    } catch (e) {
      throw fail(networkError(e));
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
