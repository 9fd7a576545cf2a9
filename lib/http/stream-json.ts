import { yieldSlices } from "@/lib/concurrency/yield-slices";

const BATCH = 200;

/**
 * Answers `body` as JSON with the (large) array at `key` written last and in batches across
 * event-loop turns, so serializing a response of several megabytes never blocks the process.
 * The bytes are those of JSON.stringify, apart from `key` moving to the end of the object.
 */
export function streamJson<T extends object, K extends keyof T & string>(
  body: T,
  key: K,
  init?: ResponseInit,
): Response {
  const items = body[key] as unknown[];
  const rest = JSON.stringify({ ...body, [key]: undefined });
  const encoder = new TextEncoder();
  const pause = yieldSlices();
  let next = 0;
  const stream = new ReadableStream<Uint8Array>({
    start(controller) {
      controller.enqueue(encoder.encode(`${rest.slice(0, -1)}${rest === "{}" ? "" : ","}${JSON.stringify(key)}:[`));
    },
    async pull(controller) {
      await pause();
      const batch = items.slice(next, next + BATCH).map((item) => JSON.stringify(item));
      controller.enqueue(encoder.encode((next > 0 && batch.length ? "," : "") + batch.join(",")));
      next += BATCH;
      if (next >= items.length) {
        controller.enqueue(encoder.encode("]}"));
        controller.close();
      }
    },
  });
  const headers = new Headers(init?.headers);
  headers.set("content-type", "application/json");
  return new Response(stream, { ...init, headers });
}
