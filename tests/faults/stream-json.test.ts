/** streamJson writes what JSON.stringify would, with the streamed array last, in batches. */
import { describe, expect, it } from "vitest";
import { streamJson } from "@/lib/http/stream-json";

describe("streamJson", () => {
  it.each([0, 1, 199, 200, 201, 1_234])("%i items: the same JSON as JSON.stringify", async (n) => {
    const body = { id: "x", items: Array.from({ length: n }, (_, i) => ({ i, s: `é"${i}` })), tail: null };
    const res = streamJson(body, "items", { status: 200 });
    expect(res.headers.get("content-type")).toBe("application/json");
    const text = await res.text();
    expect(JSON.parse(text)).toEqual(body);
    expect(text).toBe(JSON.stringify({ id: body.id, tail: body.tail, items: body.items }));
  });

  it("an object with only the array", async () => {
    expect(await streamJson({ items: [1, 2] }, "items").text()).toBe('{"items":[1,2]}');
  });
});
