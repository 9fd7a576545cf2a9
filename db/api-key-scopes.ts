/**
 * What an API key may do, chosen when it is created. One table feeds the database enum
 * (db/schema.ts), the zod enums (Settings, CLI), the labels in Settings and the OpenAPI
 * document; each /v4 operation names the scope it needs (lib/api/operations.ts). A key's
 * scopes limit the integration; the acting user's role still applies on top.
 */
export const API_KEY_SCOPES = {
  read: { label: "Read", description: "Read queues, groups, availability, bookings, users and meeting types" },
  bookings: { label: "Bookings", description: "Create and cancel bookings" },
  admin: {
    label: "Admin",
    description: "Change queues and groups, add and delete availability exceptions, hand off appointments",
  },
} as const satisfies Record<string, { label: string; description: string }>;

export type ApiKeyScope = keyof typeof API_KEY_SCOPES;
export const API_KEY_SCOPE_NAMES = Object.keys(API_KEY_SCOPES) as [ApiKeyScope, ...ApiKeyScope[]];
