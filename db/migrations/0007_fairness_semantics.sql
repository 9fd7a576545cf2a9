CREATE TYPE "public"."handoff_fairness" AS ENUM('keep_routed_credit', 'move_count');--> statement-breakpoint
ALTER TABLE "bookings" ADD COLUMN "credited_user_id" uuid;--> statement-breakpoint
ALTER TABLE "bookings" ADD COLUMN "counted_user_id" uuid;--> statement-breakpoint
ALTER TABLE "queue_member_stats" ADD COLUMN "covered" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "queues" ADD COLUMN "handoff_fairness" "handoff_fairness" DEFAULT 'keep_routed_credit' NOT NULL;--> statement-breakpoint
ALTER TABLE "bookings" ADD CONSTRAINT "bookings_credited_user_id_users_id_fk" FOREIGN KEY ("credited_user_id") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "bookings" ADD CONSTRAINT "bookings_counted_user_id_users_id_fk" FOREIGN KEY ("counted_user_id") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
-- Bookings counted before this migration were attributed to their host (counts followed the host).
UPDATE "bookings" SET "credited_user_id" = "host_id", "counted_user_id" = "host_id" WHERE "queue_id" IS NOT NULL AND "window_key" IS NOT NULL;
