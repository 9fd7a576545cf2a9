/**
 * Baton's data model. Every id is a uuid, every instant a timestamptz.
 * Types for the rest of the app are inferred from these tables (InferSelectModel),
 * never re-declared by hand.
 */
import {
  pgTable,
  uuid,
  text,
  integer,
  boolean,
  timestamp,
  doublePrecision,
  jsonb,
  primaryKey,
  uniqueIndex,
  index,
  check,
  pgEnum,
  smallint,
  bigserial,
  date,
} from "drizzle-orm/pg-core";
import { API_KEY_SCOPE_NAMES } from "./api-key-scopes";
import { sql, type InferSelectModel, type InferInsertModel } from "drizzle-orm";
import { DEFAULT_HANDOFF_FAIRNESS, DEFAULT_STRATEGY, HANDOFF_FAIRNESS_NAMES, STRATEGY_NAMES } from "./strategies";
import { OFFICE_HOURS, type DayRange, type WeeklyHours } from "./office-hours";

const ts = (name: string) => timestamp(name, { withTimezone: true, mode: "date" });
const createdAt = () => ts("created_at").notNull().defaultNow();

export const roleEnum = pgEnum("user_role", ["admin", "manager", "rep"]);
export const strategyEnum = pgEnum("queue_strategy", STRATEGY_NAMES);
export const fairnessWindowEnum = pgEnum("fairness_window", ["none", "day", "week", "month"]);
export const returnPolicyEnum = pgEnum("return_policy", ["keep_position", "catch_up"]);
export const handoffFairnessEnum = pgEnum("handoff_fairness", HANDOFF_FAIRNESS_NAMES);
export const apiKeyScopeEnum = pgEnum("api_key_scope", API_KEY_SCOPE_NAMES);
export const bookingStatusEnum = pgEnum("booking_status", ["confirmed", "cancelled"]);

export const workspaces = pgTable("workspaces", {
  id: uuid("id").primaryKey().defaultRandom(),
  name: text("name").notNull(),
  timeZone: text("time_zone").notNull().default("UTC"),
  /** Weekly hours new people start with, in their own zone (never around the clock unless set so). */
  defaultWorkingHours: jsonb("default_working_hours")
    .$type<WeeklyHours[]>()
    .notNull()
    .default([...OFFICE_HOURS]),
  createdAt: createdAt(),
});

export const users = pgTable(
  "users",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    workspaceId: uuid("workspace_id")
      .notNull()
      .references(() => workspaces.id, { onDelete: "cascade" }),
    name: text("name").notNull(),
    email: text("email").notNull(),
    role: roleEnum("role").notNull().default("rep"),
    timeZone: text("time_zone").notNull().default("UTC"),
    passwordHash: text("password_hash"),
    /** Set when a manager deactivates the person: never routed to, cannot sign in or act through the API. */
    deactivatedAt: ts("deactivated_at"),
    createdAt: createdAt(),
  },
  (t) => [
    // Sign-in is by email alone, so an email belongs to one workspace.
    uniqueIndex("users_email_key").on(sql`lower(${t.email})`),
    index("users_workspace_idx").on(t.workspaceId),
  ],
);

export const apiKeys = pgTable(
  "api_keys",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    workspaceId: uuid("workspace_id")
      .notNull()
      .references(() => workspaces.id, { onDelete: "cascade" }),
    name: text("name").notNull(),
    /** First characters of the key, shown in lists so people can tell keys apart. */
    prefix: text("prefix").notNull(),
    /** sha256 of the whole key; the key itself is shown once and never stored. */
    secretHash: text("secret_hash").notNull(),
    createdById: uuid("created_by_id").references(() => users.id, { onDelete: "set null" }),
    createdAt: createdAt(),
    lastUsedAt: ts("last_used_at"),
    revokedAt: ts("revoked_at"),
    /** What the key may do (db/api-key-scopes.ts); keys made before scopes existed keep all. */
    scopes: apiKeyScopeEnum("scopes")
      .array()
      .notNull()
      .default(sql`ARRAY['read', 'bookings', 'admin']::api_key_scope[]`),
  },
  (t) => [uniqueIndex("api_keys_prefix_key").on(t.prefix)],
);

/**
 * Sign-in attempts in fixed windows, per sha256 of the email and of the client address (never
 * the values themselves). In the database so every app instance sees the same counts.
 */
export const signInThrottle = pgTable("sign_in_throttle", {
  key: text("key").primaryKey(),
  attempts: integer("attempts").notNull(),
  windowStart: ts("window_start").notNull(),
});

export const meetingTypes = pgTable(
  "meeting_types",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    workspaceId: uuid("workspace_id")
      .notNull()
      .references(() => workspaces.id, { onDelete: "cascade" }),
    name: text("name").notNull(),
    slug: text("slug").notNull(),
    durationMinutes: integer("duration_minutes").notNull(),
    slotIntervalMinutes: integer("slot_interval_minutes").notNull().default(30),
    bufferBeforeMinutes: integer("buffer_before_minutes").notNull().default(0),
    bufferAfterMinutes: integer("buffer_after_minutes").notNull().default(0),
    minimumNoticeMinutes: integer("minimum_notice_minutes").notNull().default(0),
    createdAt: createdAt(),
  },
  (t) => [
    uniqueIndex("meeting_types_slug_key").on(t.workspaceId, t.slug),
    check("meeting_types_duration_check", sql`${t.durationMinutes} > 0 and ${t.slotIntervalMinutes} > 0`),
  ],
);

/** Weekly working hours in the user's own time zone (weekday 1 = Monday … 7 = Sunday, ISO). */
export const workingHours = pgTable(
  "working_hours",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    userId: uuid("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    weekday: smallint("weekday").notNull(),
    startMinute: integer("start_minute").notNull(),
    endMinute: integer("end_minute").notNull(),
  },
  (t) => [
    index("working_hours_user_idx").on(t.userId),
    check(
      "working_hours_range_check",
      sql`${t.weekday} between 1 and 7 and ${t.startMinute} >= 0 and ${t.endMinute} <= 1440 and ${t.startMinute} < ${t.endMinute}`,
    ),
  ],
);

/**
 * Date overrides of the weekly hours: on `day` (a calendar date in the person's own zone) the person
 * works exactly `ranges` instead of their weekly hours; an empty list is a day off.
 */
export const workingHourOverrides = pgTable(
  "working_hour_overrides",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    workspaceId: uuid("workspace_id")
      .notNull()
      .references(() => workspaces.id, { onDelete: "cascade" }),
    userId: uuid("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    day: date("day", { mode: "string" }).notNull(),
    ranges: jsonb("ranges").$type<DayRange[]>().notNull().default([]),
    createdAt: createdAt(),
  },
  (t) => [
    uniqueIndex("working_hour_overrides_user_day_key").on(t.userId, t.day),
    check("working_hour_overrides_ranges_check", sql`jsonb_typeof(${t.ranges}) = 'array'`),
  ],
);

export const availabilityExceptions = pgTable(
  "availability_exceptions",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    workspaceId: uuid("workspace_id")
      .notNull()
      .references(() => workspaces.id, { onDelete: "cascade" }),
    userId: uuid("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    name: text("name").notNull().default("Unavailable"),
    startsAt: ts("starts_at").notNull(),
    endsAt: ts("ends_at").notNull(),
    isAvailable: boolean("is_available").notNull().default(false),
    createdAt: createdAt(),
  },
  (t) => [
    index("availability_exceptions_user_idx").on(t.userId, t.startsAt),
    check("availability_exceptions_range_check", sql`${t.startsAt} < ${t.endsAt}`),
  ],
);

export const queues = pgTable(
  "queues",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    workspaceId: uuid("workspace_id")
      .notNull()
      .references(() => workspaces.id, { onDelete: "cascade" }),
    meetingTypeId: uuid("meeting_type_id")
      .notNull()
      .references(() => meetingTypes.id, { onDelete: "cascade" }),
    name: text("name").notNull(),
    strategy: strategyEnum("strategy").notNull().default(DEFAULT_STRATEGY),
    fairnessWindow: fairnessWindowEnum("fairness_window").notNull().default("month"),
    returnPolicy: returnPolicyEnum("return_policy").notNull().default("keep_position"),
    handoffFairness: handoffFairnessEnum("handoff_fairness").notNull().default(DEFAULT_HANDOFF_FAIRNESS),
    /** Archived queues take no bookings and are hidden from the dashboard's lists. */
    archivedAt: ts("archived_at"),
    /**
     * Goes up by one with every change to settings, members or groups (lib/queues/queue-version.ts):
     * the API's ETag / If-Match, so a second editor cannot silently overwrite the first.
     */
    version: integer("version").notNull().default(1),
    createdAt: createdAt(),
    updatedAt: ts("updated_at").notNull().defaultNow(),
  },
  (t) => [uniqueIndex("queues_meeting_type_key").on(t.meetingTypeId), index("queues_workspace_idx").on(t.workspaceId)],
);

export const queueMembers = pgTable(
  "queue_members",
  {
    queueId: uuid("queue_id")
      .notNull()
      .references(() => queues.id, { onDelete: "cascade" }),
    userId: uuid("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    weight: integer("weight").notNull().default(1),
    capPerDay: integer("cap_per_day"),
    capPerWeek: integer("cap_per_week"),
    position: integer("position").notNull().default(0),
    lastAssignedAt: ts("last_assigned_at"),
    createdAt: createdAt(),
  },
  (t) => [
    primaryKey({ columns: [t.queueId, t.userId] }),
    index("queue_members_user_idx").on(t.userId),
    check(
      "queue_members_weight_check",
      sql`${t.weight} >= 0 and coalesce(${t.capPerDay}, 0) >= 0 and coalesce(${t.capPerWeek}, 0) >= 0`,
    ),
  ],
);

export const queueGroups = pgTable(
  "queue_groups",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    queueId: uuid("queue_id")
      .notNull()
      .references(() => queues.id, { onDelete: "cascade" }),
    name: text("name").notNull(),
    priority: integer("priority").notNull().default(1),
    createdAt: createdAt(),
  },
  (t) => [index("queue_groups_queue_idx").on(t.queueId)],
);

export const queueGroupMembers = pgTable(
  "queue_group_members",
  {
    groupId: uuid("group_id")
      .notNull()
      .references(() => queueGroups.id, { onDelete: "cascade" }),
    userId: uuid("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
  },
  (t) => [primaryKey({ columns: [t.groupId, t.userId] })],
);

/**
 * Fairness counters, kept incrementally per queue, member and window
 * (windowKey 'all' | '2026-11-25' | '2026-W48' | '2026-11') so routing never rescans bookings.
 * `credit` holds virtual bookings (absence credit, par calibration, handoff compensation; may be
 * negative); `covered` counts bookings the member hosts for a routed host that keeps the credit.
 */
export const queueMemberStats = pgTable(
  "queue_member_stats",
  {
    queueId: uuid("queue_id")
      .notNull()
      .references(() => queues.id, { onDelete: "cascade" }),
    userId: uuid("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    windowKey: text("window_key").notNull(),
    count: integer("count").notNull().default(0),
    credit: doublePrecision("credit").notNull().default(0),
    covered: integer("covered").notNull().default(0),
  },
  (t) => [primaryKey({ columns: [t.queueId, t.windowKey, t.userId] })],
);

export const bookings = pgTable(
  "bookings",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    workspaceId: uuid("workspace_id")
      .notNull()
      .references(() => workspaces.id, { onDelete: "cascade" }),
    meetingTypeId: uuid("meeting_type_id")
      .notNull()
      .references(() => meetingTypes.id, { onDelete: "cascade" }),
    hostId: uuid("host_id")
      .notNull()
      .references(() => users.id, { onDelete: "restrict" }),
    queueId: uuid("queue_id").references(() => queues.id, { onDelete: "set null" }),
    /** Fairness window the booking was counted in, so a cancel or handoff moves the right counter. */
    windowKey: text("window_key"),
    /** The routed host: its fairness standing in queueId/windowKey holds this booking, whoever hosts it now. */
    creditedUserId: uuid("credited_user_id").references(() => users.id, { onDelete: "set null" }),
    /** Whose `count` in queueId/windowKey holds it (the credited user, or the host under move_count). */
    countedUserId: uuid("counted_user_id").references(() => users.id, { onDelete: "set null" }),
    startsAt: ts("starts_at").notNull(),
    endsAt: ts("ends_at").notNull(),
    attendeeEmail: text("attendee_email").notNull(),
    attendeeName: text("attendee_name").notNull(),
    /**
     * The meeting type's buffers when the booking was made, copied by the bookings_buffers trigger
     * (whatever the insert says): bookings_no_overlap keeps [start - before, end + after) of one
     * host's confirmed bookings apart, and availability widens bookings by these same values.
     */
    bufferBeforeMinutes: integer("buffer_before_minutes").notNull().default(0),
    bufferAfterMinutes: integer("buffer_after_minutes").notNull().default(0),
    status: bookingStatusEnum("status").notNull().default("confirmed"),
    routingReason: text("routing_reason"),
    idempotencyKey: text("idempotency_key"),
    /** sha256 of the request that used idempotencyKey (method, path, canonical body): another request under the key is refused. */
    idempotencyFingerprint: text("idempotency_fingerprint"),
    createdAt: createdAt(),
    updatedAt: ts("updated_at").notNull().defaultNow(),
    cancelledAt: ts("cancelled_at"),
  },
  (t) => [
    index("bookings_host_time_idx").on(t.hostId, t.startsAt),
    index("bookings_workspace_time_idx").on(t.workspaceId, t.startsAt),
    index("bookings_queue_time_idx").on(t.queueId, t.startsAt),
    uniqueIndex("bookings_idempotency_key").on(t.workspaceId, t.idempotencyKey),
    check("bookings_range_check", sql`${t.startsAt} < ${t.endsAt}`),
    // bookings_no_overlap (EXCLUDE USING gist on the buffered range) and the bookings_buffers
    // trigger live in hand-written migrations (0001, 0002): drizzle cannot express them.
  ],
);

/** Audit trail of routing decisions, handoffs and configuration changes. */
export const events = pgTable(
  "events",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    workspaceId: uuid("workspace_id")
      .notNull()
      .references(() => workspaces.id, { onDelete: "cascade" }),
    type: text("type").notNull(),
    bookingId: uuid("booking_id").references(() => bookings.id, { onDelete: "cascade" }),
    queueId: uuid("queue_id").references(() => queues.id, { onDelete: "set null" }),
    actorUserId: uuid("actor_user_id").references(() => users.id, { onDelete: "set null" }),
    fromUserId: uuid("from_user_id").references(() => users.id, { onDelete: "set null" }),
    toUserId: uuid("to_user_id").references(() => users.id, { onDelete: "set null" }),
    reason: text("reason"),
    data: jsonb("data").$type<Record<string, unknown>>(),
    createdAt: createdAt(),
  },
  (t) => [
    index("events_booking_idx").on(t.bookingId, t.createdAt),
    index("events_workspace_idx").on(t.workspaceId, t.createdAt),
  ],
);

export const calendarKindEnum = pgEnum("calendar_kind", ["caldav", "ics"]);

/** Per-calendar change markers kept between syncs (CalDAV: per calendar URL; ICS: the feed's validators). */
export interface CalendarSyncState {
  ctag?: string | null;
  syncToken?: string | null;
  etag?: string | null;
  lastModified?: string | null;
  /** Last full (windowed) fetch of this calendar; incremental syncs happen in between. */
  fullSyncAt?: string | null;
}

/**
 * A person's connected calendar. The secret (CalDAV app password, or the whole ICS feed URL, which is
 * itself the credential) is sealed with lib/crypto and never leaves the server; `url` is what can be
 * shown (the CalDAV server, or the feed's host only). Sync bookkeeping lives here too: `next_sync_at`
 * is when it is due, `lease_*` which app instance is syncing it right now.
 */
export const calendarConnections = pgTable(
  "calendar_connections",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    workspaceId: uuid("workspace_id")
      .notNull()
      .references(() => workspaces.id, { onDelete: "cascade" }),
    userId: uuid("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    kind: calendarKindEnum("kind").notNull(),
    url: text("url").notNull(),
    username: text("username"),
    secretSealed: text("secret_sealed").notNull(),
    /** Calendars on the server whose events count as busy (CalDAV); empty for a feed. */
    calendarUrls: text("calendar_urls")
      .array()
      .notNull()
      .default(sql`'{}'::text[]`),
    /** Where Baton writes its bookings (CalDAV only; null = read-only). */
    writeCalendarUrl: text("write_calendar_url"),
    syncState: jsonb("sync_state").$type<Record<string, CalendarSyncState>>().notNull().default({}),
    enabled: boolean("enabled").notNull().default(true),
    /** The busy cache covers [cached_from, cached_until) as of the last successful sync. */
    cachedFrom: ts("cached_from"),
    cachedUntil: ts("cached_until"),
    lastSyncedAt: ts("last_synced_at"),
    lastAttemptAt: ts("last_attempt_at"),
    lastErrorCode: text("last_error_code"),
    /** Plain words, shown to the person and managers; never credentials or event contents. */
    lastError: text("last_error"),
    failures: integer("failures").notNull().default(0),
    nextSyncAt: ts("next_sync_at").notNull().defaultNow(),
    leaseOwner: text("lease_owner"),
    leaseUntil: ts("lease_until"),
    createdAt: createdAt(),
    updatedAt: ts("updated_at").notNull().defaultNow(),
  },
  (t) => [
    index("calendar_connections_user_idx").on(t.userId),
    index("calendar_connections_due_idx")
      .on(t.nextSyncAt)
      .where(sql`${t.enabled}`),
    check("calendar_connections_failures_check", sql`${t.failures} >= 0`),
  ],
);

/**
 * Busy time imported from connected calendars: what routing reads instead of calling a calendar
 * server. One row per occurrence; `resource_url` is the CalDAV object (or the feed) it came from, so an
 * incremental sync can replace exactly that object's rows. `booking_id` is set when the event is one
 * Baton wrote itself (UID = booking id): the booking already blocks that time.
 */
export const calendarBusyIntervals = pgTable(
  "calendar_busy_intervals",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    connectionId: uuid("connection_id")
      .notNull()
      .references(() => calendarConnections.id, { onDelete: "cascade" }),
    userId: uuid("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    calendarUrl: text("calendar_url").notNull(),
    resourceUrl: text("resource_url").notNull(),
    uid: text("uid").notNull(),
    bookingId: uuid("booking_id"),
    startsAt: ts("starts_at").notNull(),
    endsAt: ts("ends_at").notNull(),
    allDay: boolean("all_day").notNull().default(false),
  },
  (t) => [
    index("calendar_busy_intervals_resource_idx").on(t.connectionId, t.resourceUrl),
    check("calendar_busy_intervals_range_check", sql`${t.startsAt} < ${t.endsAt}`),
    // calendar_busy_intervals_user_range_idx (GiST on user_id + tstzrange) is hand-written in the migration.
  ],
);

/**
 * Write-back state of one booking's event in its host's CalDAV calendar (sync state per booking).
 * `connection_id` / `calendar_url` say where the event is now (null: nowhere), so a handoff deletes
 * it there and writes it to the new host's calendar; `state` is what the dashboard shows:
 * pending (a job is queued), synced, removed (cancelled or no writable calendar), failed (retrying;
 * `last_error` in plain words). Written in the booking's transaction as `pending` together with the
 * outbox job; updated by the job (lib/calendars/write-booking-event.ts).
 */
export const bookingCalendarEvents = pgTable(
  "booking_calendar_events",
  {
    bookingId: uuid("booking_id")
      .primaryKey()
      .references(() => bookings.id, { onDelete: "cascade" }),
    workspaceId: uuid("workspace_id")
      .notNull()
      .references(() => workspaces.id, { onDelete: "cascade" }),
    state: text("state", { enum: ["pending", "synced", "removed", "failed"] })
      .notNull()
      .default("pending"),
    connectionId: uuid("connection_id").references(() => calendarConnections.id, { onDelete: "set null" }),
    calendarUrl: text("calendar_url"),
    /** The host whose calendar holds the event. */
    userId: uuid("user_id"),
    etag: text("etag"),
    sequence: integer("sequence").notNull().default(0),
    attempts: integer("attempts").notNull().default(0),
    lastError: text("last_error"),
    syncedAt: ts("synced_at"),
    updatedAt: ts("updated_at").notNull().defaultNow(),
  },
  (t) => [index("booking_calendar_events_connection_idx").on(t.connectionId)],
);

export type Workspace = InferSelectModel<typeof workspaces>;
export type User = InferSelectModel<typeof users>;
export type ApiKey = InferSelectModel<typeof apiKeys>;
export type MeetingType = InferSelectModel<typeof meetingTypes>;
export type WorkingHours = InferSelectModel<typeof workingHours>;
export type AvailabilityException = InferSelectModel<typeof availabilityExceptions>;
export type WorkingHourOverride = InferSelectModel<typeof workingHourOverrides>;
export type Queue = InferSelectModel<typeof queues>;
export type QueueMember = InferSelectModel<typeof queueMembers>;
export type QueueGroup = InferSelectModel<typeof queueGroups>;
export type QueueMemberStats = InferSelectModel<typeof queueMemberStats>;
export type Booking = InferSelectModel<typeof bookings>;
export type NewBooking = InferInsertModel<typeof bookings>;
export type Event = InferSelectModel<typeof events>;
export type Role = User["role"];
export type CalendarConnection = InferSelectModel<typeof calendarConnections>;
export type CalendarBusyInterval = InferSelectModel<typeof calendarBusyIntervals>;
export type BookingCalendarEvent = InferSelectModel<typeof bookingCalendarEvents>;

/**
 * The durable outbox (lib/outbox): jobs written in the same transaction as the change they describe,
 * claimed by every app instance with FOR UPDATE SKIP LOCKED plus a lease (locked_until).
 * `id` orders jobs that share an `ordering_key`: a later one waits until the earlier ones are finished.
 */
export const outboxJobs = pgTable(
  "outbox_jobs",
  {
    id: bigserial("id", { mode: "number" }).primaryKey(),
    kind: text("kind").notNull(),
    orderingKey: text("ordering_key"),
    payload: jsonb("payload").$type<Record<string, unknown>>().notNull(),
    /** pending (waiting or leased), done, or dead (gave up after max age). */
    state: text("state", { enum: ["pending", "done", "dead"] })
      .notNull()
      .default("pending"),
    attempts: integer("attempts").notNull().default(0),
    runAt: ts("run_at").notNull().defaultNow(),
    lockedUntil: ts("locked_until"),
    /** Random token of the current claim, so a worker that lost its lease cannot finish someone else's run. */
    lockToken: uuid("lock_token"),
    lockedBy: text("locked_by"),
    lastError: text("last_error"),
    createdAt: createdAt(),
    finishedAt: ts("finished_at"),
  },
  (t) => [
    index("outbox_jobs_due_idx")
      .on(t.runAt, t.id)
      .where(sql`${t.state} = 'pending'`),
    index("outbox_jobs_ordering_idx")
      .on(t.orderingKey, t.id)
      .where(sql`${t.state} = 'pending'`),
    index("outbox_jobs_finished_idx")
      .on(t.finishedAt)
      .where(sql`${t.state} <> 'pending'`),
    check("outbox_jobs_state_check", sql`${t.state} in ('pending', 'done', 'dead')`),
  ],
);

export const webhookSubscriptions = pgTable(
  "webhook_subscriptions",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    workspaceId: uuid("workspace_id")
      .notNull()
      .references(() => workspaces.id, { onDelete: "cascade" }),
    url: text("url").notNull(),
    description: text("description").notNull().default(""),
    eventTypes: text("event_types").array().notNull(),
    /** Signing secret (whsec_…), sealed with AES-256-GCM (lib/crypto/secret-box); shown once, never returned. */
    secretSealed: text("secret_sealed").notNull(),
    /** The secret before the last rotation, still signed with until `previous_secret_expires_at`. */
    previousSecretSealed: text("previous_secret_sealed"),
    previousSecretExpiresAt: ts("previous_secret_expires_at"),
    enabled: boolean("enabled").notNull().default(true),
    disabledReason: text("disabled_reason"),
    disabledAt: ts("disabled_at"),
    /** Start of the current run of failed attempts (null after a success). */
    failingSince: ts("failing_since"),
    consecutiveFailures: integer("consecutive_failures").notNull().default(0),
    createdById: uuid("created_by_id").references(() => users.id, { onDelete: "set null" }),
    createdAt: createdAt(),
    updatedAt: ts("updated_at").notNull().defaultNow(),
  },
  (t) => [index("webhook_subscriptions_workspace_idx").on(t.workspaceId)],
);

/** One row per event, written in the transaction of the change; its id is the `webhook-id` on every attempt. */
export const webhookEvents = pgTable(
  "webhook_events",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    workspaceId: uuid("workspace_id")
      .notNull()
      .references(() => workspaces.id, { onDelete: "cascade" }),
    type: text("type").notNull(),
    /** The exact JSON body sent, { type, timestamp, data }, kept as text so every retry sends the same bytes. */
    body: text("body").notNull(),
    orderingKey: text("ordering_key"),
    createdAt: createdAt(),
  },
  (t) => [index("webhook_events_workspace_idx").on(t.workspaceId, t.createdAt)],
);

export const webhookDeliveries = pgTable(
  "webhook_deliveries",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    workspaceId: uuid("workspace_id")
      .notNull()
      .references(() => workspaces.id, { onDelete: "cascade" }),
    eventId: uuid("event_id")
      .notNull()
      .references(() => webhookEvents.id, { onDelete: "cascade" }),
    subscriptionId: uuid("subscription_id")
      .notNull()
      .references(() => webhookSubscriptions.id, { onDelete: "cascade" }),
    status: text("status", { enum: ["pending", "succeeded", "failed"] })
      .notNull()
      .default("pending"),
    attempts: integer("attempts").notNull().default(0),
    lastAttemptAt: ts("last_attempt_at"),
    lastStatusCode: integer("last_status_code"),
    lastError: text("last_error"),
    createdAt: createdAt(),
    updatedAt: ts("updated_at").notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex("webhook_deliveries_event_subscription_key").on(t.eventId, t.subscriptionId),
    index("webhook_deliveries_subscription_idx").on(t.subscriptionId, t.createdAt),
    check("webhook_deliveries_status_check", sql`${t.status} in ('pending', 'succeeded', 'failed')`),
  ],
);

/** Every HTTP attempt of a delivery, for the manager's delivery log. */
export const webhookAttempts = pgTable(
  "webhook_attempts",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    deliveryId: uuid("delivery_id")
      .notNull()
      .references(() => webhookDeliveries.id, { onDelete: "cascade" }),
    attemptedAt: ts("attempted_at").notNull().defaultNow(),
    statusCode: integer("status_code"),
    latencyMs: integer("latency_ms").notNull(),
    /** First 4 KB of the response body. */
    responseBody: text("response_body"),
    error: text("error"),
  },
  (t) => [index("webhook_attempts_delivery_idx").on(t.deliveryId, t.attemptedAt)],
);

export type OutboxJob = InferSelectModel<typeof outboxJobs>;
export type WebhookSubscription = InferSelectModel<typeof webhookSubscriptions>;
export type WebhookEvent = InferSelectModel<typeof webhookEvents>;
export type WebhookDelivery = InferSelectModel<typeof webhookDeliveries>;
export type WebhookAttempt = InferSelectModel<typeof webhookAttempts>;
