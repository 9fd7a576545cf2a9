/** Builds the OpenAPI 3.1 document of the /v4 API from the operation list and its zod schemas. */
import { z } from "zod";
import { errorEnvelopeSchema, operations, type Operation } from "./operations";
import { webhookPayloads } from "./schemas/webhooks";
import { EVENT_DESCRIPTIONS, type WebhookEventType } from "@/lib/webhooks/event-types";

type Json = Record<string, unknown>;
const STATUS_TEXT: Record<number, string> = {
  400: "Invalid input, or the x-meetergo-api-user-id header is missing",
  401: "Missing or invalid API key",
  403: "The acting user is not in the key's workspace, or their role or the key's scope does not allow this",
  404: "Not found (or another workspace's)",
  405: "Method not allowed on this path",
  409: "Conflict (host busy, nobody eligible)",
  412: "If-Match names a version that is no longer current: nothing was changed; details say who changed what since",
  413: "Body too large",
  415: "Body is not JSON",
  422: "Valid but not possible (including an Idempotency-Key reused for another request)",
  429: "Too many requests for this API key; retry after Retry-After seconds",
  500: "Unexpected error; nothing was changed",
  503: "The database is briefly unavailable or busy; nothing was changed, retry after Retry-After seconds",
};
/** Answers any operation can give: bad or missing headers, auth, rate limit, and faults. */
const COMMON_ERRORS = [400, 401, 403, 429, 500, 503];
const TAGS: Record<Operation["tag"], string> = {
  Queues: "Queue members, weights, caps and strategy; who is next",
  "User groups": "Priority tiers inside a queue",
  Availability: "Bookable slots and availability exceptions",
  Bookings: "Routed and forced bookings, listing and cancelling",
  Handoffs: "Moving appointments to another host, one at a time, in bulk or as vacation coverage",
  Directory: "Meeting types and users of the workspace",
  Webhooks: "Subscriptions to signed event deliveries (Standard Webhooks), their delivery log and test pings",
  Calendars: "Each person's CalDAV calendar or ICS feed: busy time for routing, bookings written back",
};
const INT32 = 2 ** 31;

/**
 * JSON Schema tweaks zod does not make: integers get the OpenAPI `format` their bounds allow
 * (int32 when both bounds fit, else int64), and `$defs` references point into components.
 */
function rewrite(node: unknown): unknown {
  if (Array.isArray(node)) return node.map(rewrite);
  if (!node || typeof node !== "object") return node;
  const out: Json = Object.fromEntries(
    Object.entries(node).map(([k, v]) =>
      k === "$ref" && typeof v === "string" ? [k, v.replace("#/$defs/", "#/components/schemas/")] : [k, rewrite(v)],
    ),
  );
  if (out.type === "integer" && !out.format) {
    const fits = (n: unknown) => typeof n === "number" && n >= -INT32 && n < INT32;
    out.format = fits(out.minimum) && fits(out.maximum) ? "int32" : "int64";
  }
  return out;
}

/** Converts a schema and moves its shared definitions into components.schemas. */
function toSchema(schema: z.ZodType, io: "input" | "output", components: Json): Json {
  const out = z.toJSONSchema(schema, { io, unrepresentable: "any", target: "draft-2020-12" }) as Json;
  const defs = (out.$defs ?? {}) as Json;
  delete out.$defs;
  delete out.$schema;
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
  const list: Json[] = [{ $ref: "#/components/parameters/ActingUser" }];
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
    list.push({
      name: h.name,
      in: "header",
      required: false,
      description: h.description,
      schema: toSchema(h.schema, "input", components),
    });
  return list;
}

/** operationIds are unique: the spec's paths without /v4 are named as aliases of their /v4 twins. */
function operationId(op: Operation, path: string): string {
  const words = path
    .replace(/^\/v4/, "")
    .replace(/[^a-zA-Z]+(\w)?/g, (_m, c: string | undefined) => (c ?? "").toUpperCase());
  return `${op.method.toLowerCase()}${words}${path.startsWith("/v4/") ? "" : "SpecAlias"}`;
}

const rateLimitHeaders = {
  "RateLimit-Limit": { $ref: "#/components/headers/RateLimitLimit" },
  "RateLimit-Remaining": { $ref: "#/components/headers/RateLimitRemaining" },
  "RateLimit-Reset": { $ref: "#/components/headers/RateLimitReset" },
};

function responses(op: Operation, components: Json): Json {
  const success = toSchema(op.success.schema, "output", components);
  const out: Json = {
    [op.success.status]: {
      description: op.success.description,
      headers: {
        ...rateLimitHeaders,
        ...Object.fromEntries(
          Object.entries(op.success.headers ?? {}).map(([name, description]) => [
            name,
            { description, schema: { type: "string" } },
          ]),
        ),
      },
      content: { "application/json": { schema: success } },
    },
  };
  if (op.alsoSuccess) {
    const extra = Object.fromEntries(
      Object.entries(op.alsoSuccess.headers).map(([name, description]) => [
        name,
        { description, schema: { type: "string", enum: ["true"] } },
      ]),
    );
    out[op.alsoSuccess.status] = {
      description: op.alsoSuccess.description,
      headers: { ...rateLimitHeaders, ...extra },
      content: { "application/json": { schema: success } },
    };
  }
  for (const s of [...new Set([...COMMON_ERRORS, ...op.errors])].sort()) {
    const headers: Json = s < 500 ? { ...rateLimitHeaders } : {};
    if (s === 429 || s === 503) headers["Retry-After"] = { $ref: "#/components/headers/RetryAfter" };
    out[s] = {
      description: STATUS_TEXT[s] ?? "Error",
      headers,
      content: { "application/json": { schema: { $ref: "#/components/schemas/Error" } } },
    };
  }
  return out;
}

export function openApiDocument(): Json {
  const components: Json = {};
  const paths: Record<string, Json> = {};
  for (const op of operations) {
    const path = op.path.replace(/\[(\w+)\]/g, "{$1}");
    paths[path] ??= {};
    paths[path][op.method.toLowerCase()] = {
      summary: op.summary,
      description: [
        op.description ?? `${op.summary}.`,
        `API key scope: \`${op.access.scope}\`.`,
        op.access.roles === "managers"
          ? "The acting user must be an admin or manager."
          : "Open to every role; a rep acting here is limited to their own data.",
      ].join(" "),
      tags: [op.tag],
      operationId: operationId(op, path),
      parameters: parameters(op, components),
      ...(op.body
        ? {
            requestBody: {
              required: true,
              content: { "application/json": { schema: toSchema(op.body, "input", components) } },
            },
          }
        : {}),
      responses: responses(op, components),
    };
  }
  components.Error = toSchema(errorEnvelopeSchema, "output", components);
  const webhooks = webhookSection(components);
  const seconds = (description: string) => ({
    description,
    schema: { type: "integer", format: "int32", minimum: 0, maximum: 86_400 },
  });
  return {
    openapi: "3.1.0",
    info: {
      title: "Baton routing API (meetergo v4 compatible)",
      version: "1.0.0",
      contact: { name: "Baton maintainers" },
      description:
        "Queues, user groups, availability, routed bookings and handoffs. Every call sends `Authorization: Bearer <api key>` and `x-meetergo-api-user-id` (the user the integration acts for: their role applies, as in the dashboard). Errors: `{error:{code,message,details}}`.",
    },
    servers: [
      {
        url: "/",
        description: "This Baton instance (production, staging or local: the host serving this document)",
        "x-internal": false,
      },
    ],
    tags: Object.entries(TAGS).map(([name, description]) => ({ name, description })),
    security: [{ bearer: [] }],
    paths,
    webhooks,
    components: {
      schemas: components,
      parameters: {
        ActingUser: {
          name: "x-meetergo-api-user-id",
          in: "header",
          required: true,
          description:
            "The workspace user the integration acts for. Their role (admin, manager, rep) limits what the call may do.",
          schema: { type: "string", format: "uuid", maxLength: 36 },
        },
      },
      headers: {
        RateLimitLimit: seconds("Requests this API key may make per window (on each instance)"),
        RateLimitRemaining: seconds("Requests left in the current window"),
        RateLimitReset: seconds("Seconds until the window resets"),
        RetryAfter: seconds("Seconds to wait before retrying"),
      },
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
