/** Builds the OpenAPI 3.1 document of the /v4 API from the operation list and its zod schemas. */
import { z } from "zod";
import { errorEnvelopeSchema, operations, type Operation } from "./operations";
import { webhookPayloads } from "./schemas/webhooks";
import { EVENT_DESCRIPTIONS, type WebhookEventType } from "@/lib/webhooks/event-types";

type Json = Record<string, unknown>;
const STATUS_TEXT: Record<number, string> = {
  400: "Invalid input",
  401: "Missing or invalid API key",
  403: "User not in the key's workspace",
  404: "Not found (or another workspace's)",
  409: "Conflict (host busy, nobody eligible, already used key)",
  413: "Body too large",
  415: "Body is not JSON",
  422: "Valid but not possible",
};

/** Converts a schema and moves its shared definitions into components.schemas. */
function toSchema(schema: z.ZodType, io: "input" | "output", components: Json): Json {
  const out = z.toJSONSchema(schema, { io, unrepresentable: "any", target: "draft-2020-12" }) as Json;
  const defs = (out.$defs ?? {}) as Json;
  delete out.$defs;
  delete out.$schema;
  const rewrite = (node: unknown): unknown => {
    if (Array.isArray(node)) return node.map(rewrite);
    if (node && typeof node === "object") {
      return Object.fromEntries(
        Object.entries(node).map(([k, v]) =>
          k === "$ref" && typeof v === "string" ? [k, v.replace("#/$defs/", "#/components/schemas/")] : [k, rewrite(v)],
        ),
      );
    }
    return node;
  };
  for (const [name, def] of Object.entries(defs)) components[name] ??= rewrite(def);
  const id = (out as { id?: string }).id;
  if (id) {
    delete (out as { id?: string }).id;
    components[id] ??= rewrite(out);
    return { $ref: `#/components/schemas/${id}` };
  }
  return rewrite(out) as Json;
}

function parameters(op: Operation, components: Json) {
  const list: Json[] = [];
  for (const [where, obj] of [
    ["path", op.params],
    ["query", op.query],
  ] as const) {
    if (!obj) continue;
    for (const [name, field] of Object.entries(obj.shape)) {
      const f = field as z.ZodType;
      list.push({
        name,
        in: where,
        required: where === "path" || !f.safeParse(undefined).success,
        schema: toSchema(f, "input", components),
      });
    }
  }
  for (const h of op.headers ?? [])
    list.push({ name: h.name, in: "header", required: false, description: h.description, schema: { type: "string" } });
  return list;
}

export function openApiDocument(): Json {
  const components: Json = {};
  const paths: Record<string, Json> = {};
  for (const op of operations) {
    const path = op.path.replace(/\[(\w+)\]/g, "{$1}");
    const responses: Json = {
      [op.success.status]: {
        description: op.success.description,
        content: { "application/json": { schema: toSchema(op.success.schema, "output", components) } },
      },
    };
    for (const s of op.errors)
      responses[s] = {
        description: STATUS_TEXT[s] ?? "Error",
        content: { "application/json": { schema: { $ref: "#/components/schemas/Error" } } },
      };
    paths[path] ??= {};
    paths[path][op.method.toLowerCase()] = {
      summary: op.summary,
      tags: [op.tag],
      operationId: `${op.method.toLowerCase()}${path.replace(/^\/v4/, "").replace(/[^a-zA-Z]+(\w)?/g, (_m, c: string | undefined) => (c ?? "").toUpperCase())}`,
      parameters: parameters(op, components),
      ...(op.body
        ? {
            requestBody: {
              required: true,
              content: { "application/json": { schema: toSchema(op.body, "input", components) } },
            },
          }
        : {}),
      responses,
    };
  }
  components.Error = toSchema(errorEnvelopeSchema, "output", components);
  const webhooks = webhookSection(components);
  return {
    openapi: "3.1.0",
    info: {
      title: "Baton routing API (meetergo v4 compatible)",
      version: "1.0.0",
      description:
        "Queues, user groups, availability, routed bookings and handoffs. Every call sends `Authorization: Bearer <api key>` and `x-meetergo-api-user-id`. Errors: `{error:{code,message,details}}`.",
    },
    servers: [{ url: "/" }],
    security: [{ bearer: [] }],
    paths,
    webhooks,
    components: {
      schemas: components,
      securitySchemes: {
        bearer: {
          type: "http",
          scheme: "bearer",
          description: "An API key created in Settings or with `npm run baton -- api-key create`",
        },
      },
    },
  };
}

const SIGNATURE_HEADERS = [
  ["webhook-id", "The event id: the same on every retry, so receivers can drop duplicates"],
  ["webhook-timestamp", "Unix seconds of this attempt; reject messages older than a few minutes"],
  [
    "webhook-signature",
    "Space-separated `v1,<base64 HMAC-SHA256>` of `id.timestamp.body` (two during a secret rotation's overlap). Verify with any Standard Webhooks library.",
  ],
] as const;

/** OpenAPI 3.1 `webhooks`: what Baton POSTs to subscribed URLs, one entry per event type. */
function webhookSection(components: Json): Json {
  return Object.fromEntries(
    (Object.keys(webhookPayloads) as WebhookEventType[]).map((type) => [
      type,
      {
        post: {
          summary: EVENT_DESCRIPTIONS[type],
          tags: ["Webhooks"],
          operationId: `webhook${type.replace(/(^|[._])(\w)/g, (_m, _s, c: string) => c.toUpperCase())}`,
          description:
            "Sent per the Standard Webhooks specification. Answer 2xx within 10 s; anything else is retried with exponential backoff for 30 hours, in order per booking. 410 Gone disables the subscription.",
          parameters: SIGNATURE_HEADERS.map(([name, description]) => ({
            name,
            in: "header",
            required: true,
            description,
            schema: { type: "string" },
          })),
          requestBody: {
            required: true,
            content: { "application/json": { schema: toSchema(webhookPayloads[type], "output", components) } },
          },
          responses: { "200": { description: "Any 2xx acknowledges the event" } },
        },
      },
    ]),
  );
}
