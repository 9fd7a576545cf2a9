/**
 * Every /v4 operation with the zod schemas its handler parses and answers with. The OpenAPI
 * document is generated from this list, and a test checks it against the route files, so the
 * description cannot drift from the handlers.
 */
import { z } from "zod";
import type { ApiKeyScope } from "@/db/api-key-scopes";
import { errorEnvelopeSchema } from "@/lib/http/envelope";
import { availabilityQuery, availabilityResponse } from "./schemas/availability";
import {
  bookingCreateBody,
  idempotencyKey,
  bookingDetailResponse,
  bookingListQuery,
  bookingListResponse,
  bookingResponse,
} from "./schemas/bookings";
import {
  calendarConnectBody,
  calendarConnectionResponse,
  calendarListQuery,
  calendarListResponse,
  calendarRefreshResponse,
} from "./schemas/calendars";
import { deletedResponse, idParams } from "./schemas/common";
import { meetingTypeResponse, userResponse } from "./schemas/directory";
import { exceptionCreateBody, exceptionListQuery, exceptionResponse } from "./schemas/exceptions";
import {
  meetingTypeCreateBody,
  meetingTypeCreatedResponse,
  scheduleReplaceBody,
  scheduleResponse,
  userCreateBody,
  userParams,
  userUpdateBody,
} from "./schemas/people";
import { groupCreateBody, groupListQuery, groupParams, groupResponse, groupUpdateBody } from "./schemas/groups";
import {
  availableHandoffsQuery,
  availableHandoffsResponse,
  bulkHandoffBody,
  bulkHandoffResponse,
  coverageBody,
  coverageResponse,
  handoffAppointmentBody,
  handoffAppointmentResponse,
} from "./schemas/handoff";
import {
  meetingTypeParams,
  nextHostsResponse,
  nextQuery,
  queueParams,
  queueResponse,
  queueUpdateBody,
  workspaceParams,
} from "./schemas/queues";
import {
  webhookCreateBody,
  webhookDeliveryListQuery,
  webhookDeliveryListResponse,
  webhookDeliveryParams,
  webhookDeliveryResponse,
  webhookListResponse,
  webhookResponse,
  webhookRotateBody,
  webhookUpdateBody,
  webhookWithSecretResponse,
} from "./schemas/webhooks";

export type Method = "GET" | "POST" | "PUT" | "PATCH" | "DELETE";
/**
 * Who may call an operation: the API key needs `scope`; with `managers`, the acting user
 * (x-meetergo-api-user-id) must be an admin or manager, exactly as on the dashboard's pages and
 * actions. Operations open to reps limit them to their own data (described per operation).
 */
export interface Access {
  scope: ApiKeyScope;
  roles: "any" | "managers";
}
export interface Operation {
  access: Access;
  method: Method;
  /** Next.js route path with [param] segments, as in the app folder. */
  path: string;
  summary: string;
  tag: "Queues" | "User groups" | "Availability" | "Bookings" | "Handoffs" | "Directory" | "Webhooks" | "Calendars";
  /** Longer prose for the document; the summary is used when absent. */
  description?: string;
  params?: z.ZodObject;
  query?: z.ZodObject;
  body?: z.ZodType;
  headers?: { name: string; description: string; schema: z.ZodType }[];
  success: {
    status: 200 | 201;
    schema: z.ZodType;
    description: string;
    /** Response headers of the success answer: name -> description (string values). */
    headers?: Record<string, string>;
  };
  /** Another success answer of the same shape, e.g. the 200 of an idempotent replay. */
  alsoSuccess?: { status: 200; description: string; headers: Record<string, string> };
  /** Errors particular to this operation; every operation may also answer 400, 401, 403, 429, 500 and 503. */
  errors: number[];
}

const idem = [
  {
    name: "Idempotency-Key",
    description:
      "Up to 200 characters chosen by the client. A retry of the same request under the same key returns the first booking (200, `Idempotent-Replayed: true`) instead of creating a second; another request under a used key is refused with 422 `idempotency_key_reused`.",
    schema: idempotencyKey,
  },
];
const withRead = [401, 403, 404];
const ETAG =
  'The queue\'s version as a strong entity tag (`"7"`): send it back in If-Match on `PATCH /v4/queue/meeting-type/{meetingTypeId}` so a change made meanwhile is not overwritten';
const ifMatch = [
  {
    name: "If-Match",
    description:
      'The ETag of the queue as last read (`"7"`). When the queue has changed since, nothing is saved and the answer is 412 `precondition_failed`, whose details list who changed what since that version (`changedSince`) and the current ETag. Without If-Match the update is applied unconditionally.',
    // `*`, or a list of entity tags; a weak tag (W/"7") is allowed but never matches (strong comparison).
    schema: z
      .string()
      .max(200)
      .regex(/^(\*|(W\/)?"[^"]*"(\s*,\s*(W\/)?"[^"]*")*)$/),
  },
];
const withWrite = [400, 401, 403, 404, 409, 413, 415, 422];

export const operations: Operation[] = [
  {
    method: "GET",
    path: "/v4/queue/workspace/[workspaceId]",
    access: { scope: "read", roles: "managers" },
    tag: "Queues",
    summary: "All queues of a workspace",
    params: workspaceParams,
    success: { status: 200, schema: z.array(queueResponse), description: "Queues" },
    errors: withRead,
  },
  {
    method: "GET",
    path: "/v4/queue/[queueId]",
    access: { scope: "read", roles: "managers" },
    tag: "Queues",
    summary: "A queue with its user assignments, weights, capacities and groups",
    params: queueParams,
    success: { status: 200, schema: queueResponse, description: "The queue", headers: { ETag: ETAG } },
    errors: withRead,
  },
  {
    method: "PATCH",
    path: "/v4/queue/meeting-type/[meetingTypeId]",
    access: { scope: "admin", roles: "managers" },
    tag: "Queues",
    summary: "Replace a meeting type's queue members (weights, caps) and strategy settings atomically",
    description:
      "Changed weights apply from now by default (weightChange: from_now re-bases every member to par under the new weights, so nobody gets a catch-up run); weightChange: whole_window applies them to the whole fairness window instead. Members joining, resuming from weight 0, or (through the user-group routes) moving to another priority group follow returnPolicy. handoffFairness sets what a handoff does to this queue's counts; neither setting changes anyone's standing.",
    params: meetingTypeParams,
    body: queueUpdateBody,
    headers: ifMatch,
    success: { status: 200, schema: queueResponse, description: "The updated queue", headers: { ETag: ETAG } },
    errors: [...withWrite, 412],
  },
  {
    method: "GET",
    path: "/v4/queue/[queueId]/next",
    access: { scope: "read", roles: "managers" },
    tag: "Queues",
    summary: "Ordered hosts for the next booking, with reasons for the excluded ones",
    params: queueParams,
    query: nextQuery,
    success: { status: 200, schema: nextHostsResponse, description: "Ranking" },
    errors: [400, ...withRead],
  },
  {
    method: "POST",
    path: "/v4/queue-user-group",
    access: { scope: "admin", roles: "managers" },
    tag: "User groups",
    summary: "Create a priority group (lower priority number = routed first)",
    body: groupCreateBody,
    success: { status: 201, schema: groupResponse, description: "The group" },
    errors: withWrite,
  },
  {
    method: "GET",
    path: "/v4/queue-user-group",
    access: { scope: "read", roles: "managers" },
    tag: "User groups",
    summary: "Groups of the workspace, optionally of one queue",
    query: groupListQuery,
    success: { status: 200, schema: z.array(groupResponse), description: "Groups" },
    errors: [400, ...withRead],
  },
  {
    method: "GET",
    path: "/v4/queue-user-group/[groupId]",
    access: { scope: "read", roles: "managers" },
    tag: "User groups",
    summary: "One group",
    params: groupParams,
    success: { status: 200, schema: groupResponse, description: "The group" },
    errors: withRead,
  },
  {
    method: "PATCH",
    path: "/v4/queue-user-group/[groupId]",
    access: { scope: "admin", roles: "managers" },
    tag: "User groups",
    summary: "Rename, re-prioritize or replace the members of a group",
    params: groupParams,
    body: groupUpdateBody,
    success: { status: 200, schema: groupResponse, description: "The group" },
    errors: withWrite,
  },
  {
    method: "DELETE",
    path: "/v4/queue-user-group/[groupId]",
    access: { scope: "admin", roles: "managers" },
    tag: "User groups",
    summary: "Delete a group (its members fall to the next tier)",
    params: groupParams,
    success: { status: 200, schema: deletedResponse, description: "Deleted" },
    errors: withRead,
  },
  {
    method: "GET",
    path: "/v4/booking-availability",
    access: { scope: "read", roles: "any" },
    tag: "Availability",
    summary: "Bookable slots for a meeting type, routed through its queue",
    query: availabilityQuery,
    success: { status: 200, schema: availabilityResponse, description: "Slots" },
    errors: [400, ...withRead],
  },
  {
    method: "POST",
    path: "/v4/availability-exception/user",
    access: { scope: "admin", roles: "any" },
    tag: "Availability",
    summary: "Add an availability exception (e.g. vacation) for the x-meetergo-api-user-id user",
    description: "Also served at the spec's path without /v4: POST /availability-exception/user.",
    body: exceptionCreateBody,
    success: { status: 201, schema: exceptionResponse, description: "The exception" },
    errors: withWrite,
  },
  {
    method: "GET",
    path: "/v4/availability-exception/user",
    access: { scope: "read", roles: "any" },
    tag: "Availability",
    summary: "Exceptions of the acting user (or ?userId=)",
    query: exceptionListQuery,
    success: { status: 200, schema: z.array(exceptionResponse), description: "Exceptions" },
    errors: [400, ...withRead],
  },
  {
    method: "DELETE",
    path: "/v4/availability-exception/user/[id]",
    access: { scope: "admin", roles: "any" },
    tag: "Availability",
    summary: "Delete an exception",
    params: idParams,
    success: { status: 200, schema: deletedResponse, description: "Deleted" },
    errors: withRead,
  },
  {
    method: "POST",
    path: "/availability-exception/user",
    access: { scope: "admin", roles: "any" },
    tag: "Availability",
    summary: "Spec path (without /v4) of POST /v4/availability-exception/user",
    body: exceptionCreateBody,
    success: { status: 201, schema: exceptionResponse, description: "The exception" },
    errors: withWrite,
  },
  {
    method: "GET",
    path: "/availability-exception/user",
    access: { scope: "read", roles: "any" },
    tag: "Availability",
    summary: "Spec path (without /v4) of GET /v4/availability-exception/user",
    query: exceptionListQuery,
    success: { status: 200, schema: z.array(exceptionResponse), description: "Exceptions" },
    errors: [400, ...withRead],
  },
  {
    method: "DELETE",
    path: "/availability-exception/user/[id]",
    access: { scope: "admin", roles: "any" },
    tag: "Availability",
    summary: "Spec path (without /v4) of DELETE /v4/availability-exception/user/{id}",
    params: idParams,
    success: { status: 200, schema: deletedResponse, description: "Deleted" },
    errors: withRead,
  },
  {
    method: "POST",
    path: "/v4/booking",
    access: { scope: "bookings", roles: "any" },
    tag: "Bookings",
    summary: "Book with forced hostIds, or let the meeting type's queue assign the host",
    body: bookingCreateBody,
    headers: idem,
    success: {
      status: 201,
      schema: bookingResponse,
      description: "The booking was created",
    },
    alsoSuccess: {
      status: 200,
      description:
        "Replay of an earlier request with the same Idempotency-Key: the booking that request created, as it is now (also when it has been cancelled since)",
      headers: { "Idempotent-Replayed": "Always `true` on a replay" },
    },
    errors: withWrite,
  },
  {
    method: "GET",
    path: "/v4/booking",
    access: { scope: "read", roles: "any" },
    tag: "Bookings",
    summary: "Bookings filtered by host, queue, status and date range",
    query: bookingListQuery,
    success: { status: 200, schema: bookingListResponse, description: "A page of bookings" },
    errors: [400, ...withRead],
  },
  {
    method: "GET",
    path: "/v4/booking/[id]",
    access: { scope: "read", roles: "any" },
    tag: "Bookings",
    summary: "A booking with its routing reason and history",
    params: idParams,
    success: { status: 200, schema: bookingDetailResponse, description: "The booking" },
    errors: withRead,
  },
  {
    method: "DELETE",
    path: "/v4/booking/[id]",
    access: { scope: "bookings", roles: "managers" },
    tag: "Bookings",
    summary: "Cancel a booking (gives its fairness count back)",
    params: idParams,
    success: { status: 200, schema: bookingResponse, description: "The cancelled booking" },
    errors: [...withRead, 409],
  },
  {
    method: "POST",
    path: "/v4/booking/[id]/cancel",
    access: { scope: "bookings", roles: "managers" },
    tag: "Bookings",
    summary: "Cancel a booking (gives its fairness count back)",
    params: idParams,
    success: { status: 200, schema: bookingResponse, description: "The cancelled booking" },
    errors: [...withRead, 409],
  },
  {
    method: "POST",
    path: "/v4/handoff/appointment",
    access: { scope: "admin", roles: "managers" },
    tag: "Handoffs",
    summary: "Move one appointment to targetUserId, or to the host targetQueueId picks",
    body: handoffAppointmentBody,
    success: { status: 200, schema: handoffAppointmentResponse, description: "The moved booking" },
    errors: withWrite,
  },
  {
    method: "GET",
    path: "/v4/handoff/available-handoffs",
    access: { scope: "read", roles: "managers" },
    tag: "Handoffs",
    summary: "Users free for an appointment's time (and why others are not) and queues that could take it",
    query: availableHandoffsQuery,
    success: { status: 200, schema: availableHandoffsResponse, description: "Options" },
    errors: [400, ...withRead],
  },
  {
    method: "POST",
    path: "/v4/handoff/bulk",
    access: { scope: "admin", roles: "managers" },
    tag: "Handoffs",
    summary: "Hand off every appointment of fromUserIds in a date range; each appointment is its own step",
    body: bulkHandoffBody,
    success: { status: 200, schema: bulkHandoffResponse, description: "{handedOff, failed}" },
    errors: withWrite,
  },
  {
    method: "POST",
    path: "/v4/handoff/coverage",
    access: { scope: "admin", roles: "managers" },
    tag: "Handoffs",
    summary: "Coverage during absence: availability exception plus bulk handoff in one call (dryRun previews)",
    body: coverageBody,
    success: { status: 200, schema: coverageResponse, description: "Preview or result" },
    errors: withWrite,
  },
  {
    method: "GET",
    path: "/v4/meeting-type",
    access: { scope: "read", roles: "any" },
    tag: "Directory",
    summary: "Meeting types of the workspace",
    success: { status: 200, schema: z.array(meetingTypeResponse), description: "Meeting types" },
    errors: withRead,
  },
  {
    method: "POST",
    path: "/v4/meeting-type",
    access: { scope: "admin", roles: "managers" },
    tag: "Directory",
    summary: "Create a meeting type with its (empty) routing queue",
    description:
      "Add members afterwards with PATCH /v4/queue/meeting-type/{meetingTypeId}. A slug already used in the workspace answers 409.",
    body: meetingTypeCreateBody,
    success: { status: 201, schema: meetingTypeCreatedResponse, description: "The meeting type and its queue" },
    errors: withWrite,
  },
  {
    method: "GET",
    path: "/v4/user",
    access: { scope: "read", roles: "managers" },
    tag: "Directory",
    summary: "Users of the workspace",
    success: { status: 200, schema: z.array(userResponse), description: "Users" },
    errors: withRead,
  },
  {
    method: "POST",
    path: "/v4/user",
    access: { scope: "admin", roles: "managers" },
    tag: "Directory",
    summary: "Add a person (name, email, role, time zone); they start with the workspace's default hours",
    description:
      "The person has no password: they sign in once an admin sets one (CLI `user add --password`). An email already used answers 409.",
    body: userCreateBody,
    success: { status: 201, schema: userResponse, description: "The person" },
    errors: withWrite,
  },
  {
    method: "GET",
    path: "/v4/user/[userId]",
    access: { scope: "read", roles: "any" },
    tag: "Directory",
    summary: "One person (a rep: only themselves)",
    params: userParams,
    success: { status: 200, schema: userResponse, description: "The person" },
    errors: withRead,
  },
  {
    method: "PATCH",
    path: "/v4/user/[userId]",
    access: { scope: "admin", roles: "managers" },
    tag: "Directory",
    summary: "Change a person's name, email, role or time zone, or deactivate / reactivate them",
    description:
      "A deactivated person is never routed to and cannot sign in or act through the API. Nobody can deactivate themselves or change their own role (400).",
    params: userParams,
    body: userUpdateBody,
    success: { status: 200, schema: userResponse, description: "The person" },
    errors: withWrite,
  },
  {
    method: "GET",
    path: "/v4/user/[userId]/working-hours",
    access: { scope: "read", roles: "any" },
    tag: "Availability",
    summary: "A person's weekly working hours and date overrides, in their own time zone (a rep: only their own)",
    params: userParams,
    success: { status: 200, schema: scheduleResponse, description: "The schedule" },
    errors: withRead,
  },
  {
    method: "PUT",
    path: "/v4/user/[userId]/working-hours",
    access: { scope: "admin", roles: "any" },
    tag: "Availability",
    summary: "Replace a person's weekly working hours (and, when sent, all date overrides); a rep: only their own",
    description:
      "Slots and routing use the new hours at once, day by day in the person's zone (across DST changes). A rep naming someone else gets 403.",
    params: userParams,
    body: scheduleReplaceBody,
    success: { status: 200, schema: scheduleResponse, description: "The schedule as stored" },
    errors: withWrite,
  },
  {
    method: "GET",
    path: "/v4/webhook",
    access: { scope: "read", roles: "managers" },
    tag: "Webhooks",
    summary: "Webhook subscriptions of the workspace (managers only; secrets are never returned)",
    success: { status: 200, schema: webhookListResponse, description: "Subscriptions" },
    errors: withRead,
  },
  {
    method: "POST",
    path: "/v4/webhook",
    access: { scope: "admin", roles: "managers" },
    tag: "Webhooks",
    summary: "Subscribe a URL to event types; the signing secret is in this response only",
    body: webhookCreateBody,
    success: { status: 201, schema: webhookWithSecretResponse, description: "Created, with its secret" },
    errors: withWrite,
  },
  {
    method: "GET",
    path: "/v4/webhook/[id]",
    access: { scope: "read", roles: "managers" },
    tag: "Webhooks",
    summary: "One subscription, with why it was disabled if it was",
    params: idParams,
    success: { status: 200, schema: webhookResponse, description: "The subscription" },
    errors: withRead,
  },
  {
    method: "PATCH",
    path: "/v4/webhook/[id]",
    access: { scope: "admin", roles: "managers" },
    tag: "Webhooks",
    summary: "Change URL, event types or description; enable or disable",
    params: idParams,
    body: webhookUpdateBody,
    success: { status: 200, schema: webhookResponse, description: "The subscription" },
    errors: withWrite,
  },
  {
    method: "DELETE",
    path: "/v4/webhook/[id]",
    access: { scope: "admin", roles: "managers" },
    tag: "Webhooks",
    summary: "Delete a subscription and its delivery log",
    params: idParams,
    success: { status: 200, schema: deletedResponse, description: "Deleted" },
    errors: withRead,
  },
  {
    method: "POST",
    path: "/v4/webhook/[id]/rotate-secret",
    access: { scope: "admin", roles: "managers" },
    tag: "Webhooks",
    summary: "A new signing secret (shown once); the previous one also signs during the overlap",
    params: idParams,
    body: webhookRotateBody,
    success: { status: 200, schema: webhookWithSecretResponse, description: "The subscription with its new secret" },
    errors: withWrite,
  },
  {
    method: "POST",
    path: "/v4/webhook/[id]/ping",
    access: { scope: "admin", roles: "managers" },
    tag: "Webhooks",
    summary: "Send a test `ping` event to this subscription",
    params: idParams,
    success: { status: 201, schema: webhookDeliveryResponse, description: "The queued delivery" },
    errors: withRead,
  },
  {
    method: "GET",
    path: "/v4/webhook/[id]/deliveries",
    access: { scope: "read", roles: "managers" },
    tag: "Webhooks",
    summary: "Delivery log, newest first, with each delivery's attempts (status, latency, first 4 KB of the response)",
    params: idParams,
    query: webhookDeliveryListQuery,
    success: { status: 200, schema: webhookDeliveryListResponse, description: "Deliveries" },
    errors: [400, ...withRead],
  },
  {
    method: "GET",
    path: "/v4/webhook/[id]/deliveries/[deliveryId]",
    access: { scope: "read", roles: "managers" },
    tag: "Webhooks",
    summary: "One delivery with its attempts",
    params: webhookDeliveryParams,
    success: { status: 200, schema: webhookDeliveryResponse, description: "The delivery" },
    errors: withRead,
  },
  {
    method: "POST",
    path: "/v4/webhook/[id]/deliveries/[deliveryId]/resend",
    access: { scope: "admin", roles: "managers" },
    tag: "Webhooks",
    summary: "Send a delivery again with the same webhook-id",
    params: webhookDeliveryParams,
    success: { status: 200, schema: webhookDeliveryResponse, description: "The delivery, queued again" },
    errors: withRead,
  },
  {
    method: "GET",
    path: "/v4/calendar",
    access: { scope: "read", roles: "any" },
    tag: "Calendars",
    summary: "Connected calendars of the acting user (or ?userId=; reps only their own), with sync status",
    description:
      "Credentials are never returned: a feed shows only its host. `lastError` says in plain words why the last sync failed; `stale` means no successful sync for over an hour (routing keeps using the last known busy times).",
    query: calendarListQuery,
    success: { status: 200, schema: calendarListResponse, description: "Calendars" },
    errors: [400, ...withRead],
  },
  {
    method: "POST",
    path: "/v4/calendar",
    access: { scope: "admin", roles: "any" },
    tag: "Calendars",
    summary: "Connect a CalDAV calendar or a read-only ICS feed (checked against the server first)",
    description:
      "For the acting user, or `userId` (managers). A wrong password or address is a 422 with the reason in plain words and `details.field`. The secret is stored encrypted; busy time is synced in the background.",
    body: calendarConnectBody,
    success: {
      status: 201,
      schema: calendarConnectionResponse,
      description: "Connected; the first sync is due at once",
    },
    errors: withWrite,
  },
  {
    method: "DELETE",
    path: "/v4/calendar/[id]",
    access: { scope: "admin", roles: "any" },
    tag: "Calendars",
    summary: "Disconnect a calendar and drop its cached busy time (events already written stay)",
    params: idParams,
    success: { status: 200, schema: deletedResponse, description: "Disconnected" },
    errors: withRead,
  },
  {
    method: "POST",
    path: "/v4/calendar/[id]/refresh",
    access: { scope: "admin", roles: "any" },
    tag: "Calendars",
    summary: "Sync a calendar now; answers with the outcome and the sync status",
    params: idParams,
    success: { status: 200, schema: calendarRefreshResponse, description: "The outcome and the calendar" },
    errors: withRead,
  },
];

export { errorEnvelopeSchema };

export type OperationKey = `${Method} ${string}`;
/** The operation a route handler serves, by "METHOD /path" as in the app folder. */
export function operationFor(key: OperationKey): Operation {
  const op = operations.find((o) => `${o.method} ${o.path}` === key);
  if (!op) throw new Error(`No operation ${key} in lib/api/operations.ts`);
  return op;
}
