CREATE TYPE "public"."api_key_scope" AS ENUM('read', 'bookings', 'admin');--> statement-breakpoint
CREATE TABLE "sign_in_throttle" (
	"key" text PRIMARY KEY NOT NULL,
	"attempts" integer NOT NULL,
	"window_start" timestamp with time zone NOT NULL
);
--> statement-breakpoint
ALTER TABLE "api_keys" ADD COLUMN "scopes" "api_key_scope"[] DEFAULT ARRAY['read', 'bookings', 'admin']::api_key_scope[] NOT NULL;--> statement-breakpoint
ALTER TABLE "bookings" ADD COLUMN "buffer_before_minutes" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "bookings" ADD COLUMN "buffer_after_minutes" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "bookings" ADD COLUMN "idempotency_fingerprint" text;--> statement-breakpoint
-- Buffers enforced by the database (hand-written: drizzle cannot express EXCLUDE or triggers).
-- Availability offers a slot when [start - before, end + after) of the new booking, with its meeting
-- type's buffers, overlaps no buffered range of the host's confirmed bookings; bookings_no_overlap
-- now says exactly that, for every path (routed, forced, handoff, bulk, coverage).
--
-- Adding whole minutes does not depend on the session's TimeZone (only day and month steps do), so
-- this wrapper may be IMMUTABLE, as index and constraint expressions require.
CREATE FUNCTION baton_shift_minutes(at timestamptz, minutes integer) RETURNS timestamptz
  LANGUAGE sql IMMUTABLE PARALLEL SAFE
  AS $$ SELECT at + make_interval(mins => minutes) $$;
--> statement-breakpoint
-- Existing bookings take their meeting type's buffers, except where that would collide with a
-- neighbour (possible before this constraint): those keep 0, and their bare ranges already never
-- overlapped, so the constraint below can be added to any database.
UPDATE "bookings" b
SET "buffer_before_minutes" = mt."buffer_before_minutes", "buffer_after_minutes" = mt."buffer_after_minutes"
FROM "meeting_types" mt
WHERE mt."id" = b."meeting_type_id"
  AND (mt."buffer_before_minutes" > 0 OR mt."buffer_after_minutes" > 0)
  AND NOT EXISTS (
    SELECT 1
    FROM "bookings" o
    JOIN "meeting_types" omt ON omt."id" = o."meeting_type_id"
    WHERE b."status" = 'confirmed' AND o."status" = 'confirmed' AND o."host_id" = b."host_id" AND o."id" <> b."id"
      AND tstzrange(baton_shift_minutes(b."starts_at", -mt."buffer_before_minutes"),
                    baton_shift_minutes(b."ends_at", mt."buffer_after_minutes"), '[)')
       && tstzrange(baton_shift_minutes(o."starts_at", -omt."buffer_before_minutes"),
                    baton_shift_minutes(o."ends_at", omt."buffer_after_minutes"), '[)')
  );
--> statement-breakpoint
ALTER TABLE "bookings" DROP CONSTRAINT "bookings_no_overlap";
--> statement-breakpoint
ALTER TABLE "bookings" ADD CONSTRAINT "bookings_buffers_check"
  CHECK ("buffer_before_minutes" >= 0 AND "buffer_after_minutes" >= 0);
--> statement-breakpoint
ALTER TABLE "bookings" ADD CONSTRAINT "bookings_no_overlap"
  EXCLUDE USING gist (
    "host_id" WITH =,
    tstzrange(baton_shift_minutes("starts_at", -"buffer_before_minutes"),
              baton_shift_minutes("ends_at", "buffer_after_minutes"), '[)') WITH &&
  )
  WHERE ("status" = 'confirmed');
--> statement-breakpoint
-- A booking's buffers are its meeting type's at the time it is made, whatever the insert says:
-- no code path can forget or forge them.
CREATE FUNCTION baton_booking_buffers() RETURNS trigger
  LANGUAGE plpgsql
  AS $$
BEGIN
  SELECT mt."buffer_before_minutes", mt."buffer_after_minutes"
    INTO NEW."buffer_before_minutes", NEW."buffer_after_minutes"
    FROM "meeting_types" mt WHERE mt."id" = NEW."meeting_type_id";
  RETURN NEW;
END $$;
--> statement-breakpoint
CREATE TRIGGER "bookings_buffers"
  BEFORE INSERT OR UPDATE OF "meeting_type_id", "buffer_before_minutes", "buffer_after_minutes" ON "bookings"
  FOR EACH ROW EXECUTE FUNCTION baton_booking_buffers();
