import { describe, expect, it } from "vitest";
import { discoverRoutes } from "@/tests/support/app-router";
import { isMethodNotAllowedHandler } from "@/lib/http/method-not-allowed";
import { operations } from "./operations";
import { openApiDocument } from "./openapi";
import { WEBHOOK_EVENT_TYPES } from "@/lib/webhooks/event-types";

const METHODS = ["GET", "POST", "PATCH", "PUT", "DELETE"];

describe("OpenAPI description", () => {
  it("describes every method of every API route file, and nothing that does not exist", async () => {
    const routes = discoverRoutes().filter(
      (r) =>
        (r.pattern.startsWith("/v4") || r.pattern.startsWith("/availability-exception")) &&
        r.pattern !== "/v4/openapi.json" &&
        r.pattern !== "/v4/[...path]",
    );
    const implemented: string[] = [];
    for (const r of routes) {
      const mod = (await import(r.file)) as Record<string, unknown>;
      for (const m of METHODS)
        if (typeof mod[m] === "function" && !isMethodNotAllowedHandler(mod[m])) implemented.push(`${m} ${r.pattern}`);
    }
    const described = operations.map((o) => `${o.method} ${o.path}`);
    expect(described.sort()).toEqual(implemented.sort());
  });

  it("is a valid-looking OpenAPI 3.1 document whose references resolve", () => {
    const doc = openApiDocument() as {
      openapi: string;
      paths: Record<string, Record<string, unknown>>;
      components: { schemas: Record<string, unknown> };
    };
    expect(doc.openapi).toBe("3.1.0");
    expect(Object.keys(doc.paths)).toContain("/v4/queue/{queueId}/next");
    const text = JSON.stringify(doc);
    for (const [, name] of text.matchAll(/"#\/components\/schemas\/([^"]+)"/g))
      expect(doc.components.schemas, name).toHaveProperty(name);
    expect(text).not.toContain("#/$defs/");
    const post = doc.paths["/v4/booking"].post as {
      requestBody: { content: { "application/json": { schema: unknown } } };
    };
    const ref = /"#\/components\/schemas\/([^"]+)"/.exec(JSON.stringify(post.requestBody))![1];
    expect(doc.components.schemas[ref]).toMatchObject({
      properties: { meetingTypeId: expect.anything(), attendee: expect.anything() },
    });
  });

  it("documents the queue's ETag, If-Match on its PATCH, and the 412 a stale one gets", () => {
    type Op = {
      parameters: { name: string; in: string }[];
      responses: Record<string, { headers?: Record<string, unknown>; content?: unknown }>;
    };
    const doc = openApiDocument() as { paths: Record<string, Record<string, Op>> };
    const get = doc.paths["/v4/queue/{queueId}"].get;
    const patch = doc.paths["/v4/queue/meeting-type/{meetingTypeId}"].patch;
    expect(get.responses["200"].headers).toHaveProperty("ETag");
    expect(patch.responses["200"].headers).toHaveProperty("ETag");
    expect(patch.parameters).toContainEqual(expect.objectContaining({ name: "If-Match", in: "header" }));
    expect(JSON.stringify(patch.responses["412"].content)).toContain("#/components/schemas/Error");
  });

  it("has a webhooks section with every event type's payload and the signature headers", () => {
    const doc = openApiDocument() as {
      webhooks: Record<string, { post: { parameters: { name: string }[]; requestBody: unknown } }>;
      components: { schemas: Record<string, { properties?: Record<string, unknown> }> };
    };
    expect(Object.keys(doc.webhooks).sort()).toEqual([...WEBHOOK_EVENT_TYPES, "ping"].sort());
    for (const [type, item] of Object.entries(doc.webhooks)) {
      expect(item.post.parameters.map((p) => p.name)).toEqual(["webhook-id", "webhook-timestamp", "webhook-signature"]);
      const ref = /"#\/components\/schemas\/([^"]+)"/.exec(JSON.stringify(item.post.requestBody))![1];
      expect(doc.components.schemas[ref].properties, type).toMatchObject({ type: { const: type } });
    }
    const routed = JSON.stringify(doc.components.schemas.BookingRoutedEvent);
    expect(routed).toContain("#/components/schemas/Booking");
  });
});
