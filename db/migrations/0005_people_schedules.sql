CREATE TABLE "working_hour_overrides" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"workspace_id" uuid NOT NULL,
	"user_id" uuid NOT NULL,
	"day" date NOT NULL,
	"ranges" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "working_hour_overrides_ranges_check" CHECK (jsonb_typeof("working_hour_overrides"."ranges") = 'array')
);
--> statement-breakpoint
ALTER TABLE "queues" ADD COLUMN "archived_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "users" ADD COLUMN "deactivated_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "workspaces" ADD COLUMN "default_working_hours" jsonb DEFAULT '[{"weekday":1,"startMinute":540,"endMinute":1020},{"weekday":2,"startMinute":540,"endMinute":1020},{"weekday":3,"startMinute":540,"endMinute":1020},{"weekday":4,"startMinute":540,"endMinute":1020},{"weekday":5,"startMinute":540,"endMinute":1020}]'::jsonb NOT NULL;--> statement-breakpoint
ALTER TABLE "working_hour_overrides" ADD CONSTRAINT "working_hour_overrides_workspace_id_workspaces_id_fk" FOREIGN KEY ("workspace_id") REFERENCES "public"."workspaces"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "working_hour_overrides" ADD CONSTRAINT "working_hour_overrides_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "working_hour_overrides_user_day_key" ON "working_hour_overrides" USING btree ("user_id","day");--> statement-breakpoint
-- Hand-written: a person without any weekly hours used to be bookable around the clock. From now on no rows
-- means no weekly hours, so everyone who had none gets their workspace's default hours (Mon–Fri 09:00–17:00).
INSERT INTO "working_hours" ("user_id", "weekday", "start_minute", "end_minute")
SELECT u."id", (h->>'weekday')::smallint, (h->>'startMinute')::integer, (h->>'endMinute')::integer
  FROM "users" u
  JOIN "workspaces" w ON w."id" = u."workspace_id"
  CROSS JOIN LATERAL jsonb_array_elements(w."default_working_hours") h
 WHERE NOT EXISTS (SELECT 1 FROM "working_hours" wh WHERE wh."user_id" = u."id");
