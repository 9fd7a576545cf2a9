CREATE TYPE "public"."calendar_kind" AS ENUM('caldav', 'ics');--> statement-breakpoint
CREATE TABLE "calendar_busy_intervals" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"connection_id" uuid NOT NULL,
	"user_id" uuid NOT NULL,
	"calendar_url" text NOT NULL,
	"resource_url" text NOT NULL,
	"uid" text NOT NULL,
	"booking_id" uuid,
	"starts_at" timestamp with time zone NOT NULL,
	"ends_at" timestamp with time zone NOT NULL,
	"all_day" boolean DEFAULT false NOT NULL,
	CONSTRAINT "calendar_busy_intervals_range_check" CHECK ("calendar_busy_intervals"."starts_at" < "calendar_busy_intervals"."ends_at")
);
--> statement-breakpoint
CREATE TABLE "calendar_connections" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"workspace_id" uuid NOT NULL,
	"user_id" uuid NOT NULL,
	"kind" "calendar_kind" NOT NULL,
	"url" text NOT NULL,
	"username" text,
	"secret_sealed" text NOT NULL,
	"calendar_urls" text[] DEFAULT '{}'::text[] NOT NULL,
	"write_calendar_url" text,
	"sync_state" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"enabled" boolean DEFAULT true NOT NULL,
	"cached_from" timestamp with time zone,
	"cached_until" timestamp with time zone,
	"last_synced_at" timestamp with time zone,
	"last_attempt_at" timestamp with time zone,
	"last_error_code" text,
	"last_error" text,
	"failures" integer DEFAULT 0 NOT NULL,
	"next_sync_at" timestamp with time zone DEFAULT now() NOT NULL,
	"lease_owner" text,
	"lease_until" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "calendar_connections_failures_check" CHECK ("calendar_connections"."failures" >= 0)
);
--> statement-breakpoint
ALTER TABLE "calendar_busy_intervals" ADD CONSTRAINT "calendar_busy_intervals_connection_id_calendar_connections_id_fk" FOREIGN KEY ("connection_id") REFERENCES "public"."calendar_connections"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "calendar_busy_intervals" ADD CONSTRAINT "calendar_busy_intervals_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "calendar_connections" ADD CONSTRAINT "calendar_connections_workspace_id_workspaces_id_fk" FOREIGN KEY ("workspace_id") REFERENCES "public"."workspaces"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "calendar_connections" ADD CONSTRAINT "calendar_connections_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "calendar_busy_intervals_resource_idx" ON "calendar_busy_intervals" USING btree ("connection_id","resource_url");--> statement-breakpoint
CREATE INDEX "calendar_connections_user_idx" ON "calendar_connections" USING btree ("user_id");--> statement-breakpoint
CREATE INDEX "calendar_connections_due_idx" ON "calendar_connections" USING btree ("next_sync_at") WHERE "calendar_connections"."enabled";--> statement-breakpoint
-- Hand-written (drizzle cannot express it): routing asks "is this person busy in [a, b)?", a range overlap
-- per user, which a GiST index on (user_id, tstzrange) answers directly. btree_gist comes from 0001.
CREATE INDEX "calendar_busy_intervals_user_range_idx" ON "calendar_busy_intervals"
  USING gist ("user_id", tstzrange("starts_at", "ends_at", '[)'));
