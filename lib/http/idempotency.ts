import { createHash } from "node:crypto";
import { stringify } from "safe-stable-stringify";
import { idempotencyKey } from "@/lib/api/schemas/bookings";

export interface Idempotency {
  key: string;
  /** sha256 of method, path and the canonical (validated, key-sorted) body. */
  fingerprint: string;
}

/**
 * What makes two requests "the same" under one Idempotency-Key: method, path and the body as
 * validated (so `10:00Z` and `11:00+01:00`, or a differently cased email, are one request) with
 * object keys sorted. Any other difference (attendee, hostIds, queueId) is another request.
 */
export function requestFingerprint(method: string, path: string, body: unknown): string {
  return createHash("sha256")
    .update(stringify({ method: method.toUpperCase(), path, body }) ?? "")
    .digest("hex");
}

/** The request's Idempotency-Key (validated) with its fingerprint, or undefined without the header. */
export function idempotencyOf(req: Request, body: unknown): Idempotency | undefined {
  const key = idempotencyKey.optional().parse(req.headers.get("idempotency-key") ?? undefined);
  if (!key) return undefined;
  return { key, fingerprint: requestFingerprint(req.method, new URL(req.url).pathname, body) };
}
