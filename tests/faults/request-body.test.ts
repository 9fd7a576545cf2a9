/**
 * Body limits while streaming: a chunked body with no Content-Length is counted as it arrives and
 * refused with 413 as soon as it passes 256 KB, without reading (or holding) the rest. The stream
 * here is generated lazily, so the test sees exactly how much of it the handler pulled.
 */
import { describe, expect, it } from "vitest";
import { dbKinds, useApiTestDb } from "@/tests/support/db";
import { apiWorkspace } from "@/tests/support/fixtures";
import { MAX_BODY_BYTES } from "@/lib/http/parse";
import { POST as postBooking } from "@/app/v4/booking/route";

const MB = 1024 * 1024;

/** A body of `total` bytes made on demand, 64 KB per pull; `pulled()` tells how much was produced. */
function lazyBody(total: number, head = "") {
  const chunk = new Uint8Array(64 * 1024).fill(0x20); // spaces: valid JSON whitespace
  let produced = 0;
  const stream = new ReadableStream<Uint8Array>({
    pull(controller) {
      if (produced === 0 && head) {
        const bytes = new TextEncoder().encode(head);
        produced += bytes.byteLength;
        controller.enqueue(bytes);
        return;
      }
      if (produced >= total) return controller.close();
      const n = Math.min(chunk.byteLength, total - produced);
      produced += n;
      controller.enqueue(n === chunk.byteLength ? chunk : chunk.subarray(0, n));
    },
  });
  return { stream, pulled: () => produced };
}

function streamed(body: ReadableStream<Uint8Array>, headers: Record<string, string>): Request {
  return new Request("http://localhost/v4/booking", {
    method: "POST",
    headers: { "content-type": "application/json", ...headers },
    body,
    duplex: "half",
  } as RequestInit);
}

const noParams = { params: Promise.resolve({}) };

describe.each(dbKinds())("request bodies are counted while streaming (%s)", (kind) => {
  const t = useApiTestDb(kind);

  it("a 300 MB chunked body is refused with 413 after about 256 KB, memory flat", async () => {
    const ws = await apiWorkspace(t.db);
    const body = lazyBody(300 * MB, '{"meetingTypeId":');
    const rssBefore = process.memoryUsage().rss;
    const started = performance.now();
    const res = await postBooking(streamed(body.stream, ws.client.headers), noParams);
    const ms = performance.now() - started;
    expect(res.status).toBe(413);
    const json = (await res.json()) as { error: { code: string; message: string } };
    expect(json.error.code).toBe("payload_too_large");
    expect(json.error.message).toContain(String(MAX_BODY_BYTES));
    // It stopped reading right after the limit (a stream buffers at most a chunk or two ahead).
    expect(body.pulled()).toBeLessThan(MAX_BODY_BYTES + 256 * 1024);
    expect(process.memoryUsage().rss - rssBefore).toBeLessThan(64 * MB);
    expect(ms).toBeLessThan(2_000);
  });

  it("a chunked body under the limit is read whole and parsed", async () => {
    const ws = await apiWorkspace(t.db);
    // Valid JSON padded with whitespace to 200 KB: reaches validation (400), not 413.
    const json = JSON.stringify({ meetingTypeId: "not-a-uuid", start: "x", attendee: {} });
    const body = lazyBody(200 * 1024, json);
    const res = await postBooking(streamed(body.stream, ws.client.headers), noParams);
    expect(res.status).toBe(400);
    expect(((await res.json()) as { error: { code: string } }).error.code).toBe("validation_failed");
    expect(body.pulled()).toBe(200 * 1024);
  });

  it("a declared Content-Length above the limit is refused before reading", async () => {
    const ws = await apiWorkspace(t.db);
    const body = lazyBody(300 * MB);
    const res = await postBooking(
      streamed(body.stream, { ...ws.client.headers, "content-length": String(300 * MB) }),
      noParams,
    );
    expect(res.status).toBe(413);
    expect(body.pulled()).toBeLessThanOrEqual(128 * 1024);
  });

  it("a body that is not UTF-8 is a 400", async () => {
    const ws = await apiWorkspace(t.db);
    const bytes = new Uint8Array([0x7b, 0x22, 0xff, 0xfe, 0x22, 0x7d]);
    const stream = new ReadableStream<Uint8Array>({
      start(c) {
        c.enqueue(bytes);
        c.close();
      },
    });
    const res = await postBooking(streamed(stream, ws.client.headers), noParams);
    expect(res.status).toBe(400);
  });
});
