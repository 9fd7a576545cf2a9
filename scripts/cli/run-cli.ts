/**
 * The operator CLI's commands (`npm run baton -- <command> [options]`, entry scripts/cli.ts): parses
 * the arguments, runs the use case, and answers what to print and the exit code, so tests can run a
 * command in-process on their own database as well as in a child process.
 */
import { parseArgs } from "node:util";
import { z } from "zod";
import { eq } from "drizzle-orm";
import { getDbHandle, type DbHandle } from "@/db/client";
import { workspaces } from "@/db/schema";
import { AppError } from "@/lib/errors";
import { createWorkspace } from "@/lib/workspaces/create-workspace";
import { addUser, updateUser, updateUserInput, weeklyHoursInput } from "@/lib/people/manage-users";
import { overridesInput, replaceSchedule, setDefaultWorkingHours } from "@/lib/people/manage-schedules";
import { HoursSpecError, parseOverrideSpec, parseWeeklySpec } from "@/lib/people/hours-spec";
import { addMeetingType } from "@/lib/meeting-types/manage-meeting-types";
import { createApiKey, revokeApiKey } from "@/lib/workspaces/manage-api-keys";
import * as v from "@/lib/validation";
import { log } from "@/lib/log";
import { API_KEY_SCOPE_NAMES } from "@/db/api-key-scopes";

const USAGE = `Usage: npm run baton -- <command> [options]

  workspace create --name N --admin-email E --admin-password P [--admin-name N] [--time-zone TZ] [--json]
  workspace hours set --workspace ID --hours "mon-fri 09:00-17:00"   default weekly hours of people added from now on
  user add --workspace ID --name N --email E [--role admin|manager|rep] [--time-zone TZ] [--password P] [--json]
  user update --workspace ID --id USER_ID [--name N] [--email E] [--role R] [--time-zone TZ] [--active yes|no] [--json]
  user hours set --workspace ID --id USER_ID --hours "mon-fri 09:00-12:00,13:00-17:00; sat 10:00-14:00"
                 [--override "2026-12-24 off"] [--override "2026-12-31 10:00-12:00"] ... [--json]
                 (times in the person's own zone; "none" = no weekly hours; --override replaces all overrides)
  meeting-type add --workspace ID --name N --slug S --duration MIN [--interval MIN] [--buffer-before MIN]
                   [--buffer-after MIN] [--notice MIN] [--strategy round_robin|weighted|availability] [--json]
  api-key create --workspace ID --name N [--scopes read,bookings,admin] [--json]
  api-key revoke --workspace ID --id KEY_ID [--json]
  demo seed                      seed the demo workspace into an empty database`;

const int = (flag: string, s: string | undefined) => {
  if (s === undefined) return undefined;
  if (!/^\d+$/.test(s)) throw new CliError(`--${flag} must be a whole number of minutes, got "${s}"`);
  return Number(s);
};

class CliError extends Error {}

function required(values: Record<string, unknown>, ...names: string[]) {
  const missing = names.filter((n) => values[n] === undefined || values[n] === "");
  if (missing.length) throw new CliError(`Missing ${missing.map((m) => `--${m}`).join(", ")}`);
}

export interface CliOutcome {
  /** 0 done, 1 refused or failed. */
  code: number;
  stdout: string;
  stderr: string;
}

/** `open`: the database to use (default: the app's, DATABASE_URL else the embedded PGlite). */
export async function runCli(argv: string[], opts: { open?: () => Promise<DbHandle> } = {}): Promise<CliOutcome> {
  try {
    const out = await run(argv, opts.open ?? getDbHandle);
    const json = argv.includes("--json");
    return {
      code: 0,
      stdout: (json && "json" in out ? JSON.stringify(out.json, null, 2) : out.text) + "\n",
      stderr: "",
    };
  } catch (e) {
    if (e instanceof z.ZodError)
      return failed(
        "Invalid input:\n" + e.issues.map((i) => `  ${i.path.join(".") || "value"}: ${i.message}`).join("\n"),
      );
    if (e instanceof AppError || e instanceof CliError || e instanceof HoursSpecError)
      return failed(`Error: ${e.message}`);
    if (e instanceof TypeError && "code" in e && String(e.code).startsWith("ERR_PARSE_ARGS"))
      return failed(`Error: ${e.message}\n\n${USAGE}`);
    log.error("command failed", e);
    return failed("Error: the command failed; the log line above says why");
  }
}

const failed = (message: string): CliOutcome => ({ code: 1, stdout: "", stderr: message + "\n" });

async function run(argv: string[], open: () => Promise<DbHandle>) {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    strict: true,
    options: {
      name: { type: "string" },
      scopes: { type: "string" },
      "admin-email": { type: "string" },
      "admin-password": { type: "string" },
      "admin-name": { type: "string" },
      "time-zone": { type: "string" },
      workspace: { type: "string" },
      email: { type: "string" },
      role: { type: "string" },
      password: { type: "string" },
      slug: { type: "string" },
      duration: { type: "string" },
      interval: { type: "string" },
      "buffer-before": { type: "string" },
      "buffer-after": { type: "string" },
      notice: { type: "string" },
      strategy: { type: "string" },
      id: { type: "string" },
      active: { type: "string" },
      hours: { type: "string" },
      override: { type: "string", multiple: true },
      json: { type: "boolean" },
      help: { type: "boolean", short: "h" },
    },
  });
  const command = positionals.slice(0, positionals[1] === "hours" ? 3 : 2).join(" ");
  if (values.help || !command) return { text: USAGE };
  if (values.workspace !== undefined && !v.uuid.safeParse(values.workspace).success)
    throw new CliError("--workspace must be a workspace id (UUID)");

  if (command !== "demo seed") process.env.BATON_SEED ??= "0";
  const { db, close } = await open();
  try {
    // Every command but `workspace create` acts in a workspace that must exist: a clear refusal here
    // instead of a foreign-key failure from the insert.
    if (values.workspace !== undefined) {
      const [ws] = await db.select({ id: workspaces.id }).from(workspaces).where(eq(workspaces.id, values.workspace));
      if (!ws) throw new CliError(`No workspace with id ${values.workspace}`);
    }
    switch (command) {
      case "workspace create": {
        required(values, "name", "admin-email", "admin-password");
        const r = await createWorkspace(db, {
          name: values.name!,
          adminEmail: values["admin-email"]!,
          adminPassword: values["admin-password"]!,
          adminName: values["admin-name"],
          timeZone: values["time-zone"],
        });
        return {
          json: { workspaceId: r.workspace.id, adminUserId: r.admin.id, apiKeyId: r.apiKey.id, apiKey: r.key },
          text: `Workspace ${r.workspace.name} (${r.workspace.id})\nAdmin ${r.admin.email} (${r.admin.id})\nAPI key (shown once, store it now): ${r.key}`,
        };
      }
      case "workspace hours set": {
        required(values, "workspace", "hours");
        const weekly = weeklyHoursInput.parse(parseWeeklySpec(values.hours!));
        const hours = await setDefaultWorkingHours(db, values.workspace!, weekly);
        return { json: hours, text: `Default hours for new people: ${values.hours}` };
      }
      case "user add": {
        required(values, "workspace", "name", "email");
        const u = await addUser(db, {
          workspaceId: values.workspace!,
          name: values.name!,
          email: values.email!,
          role: values.role as never,
          timeZone: values["time-zone"],
          password: values.password,
        });
        return { json: u, text: `User ${u.name} <${u.email}> (${u.id}), role ${u.role}` };
      }
      case "user update": {
        required(values, "workspace", "id");
        if (!v.uuid.safeParse(values.id).success) throw new CliError("--id must be a user id (UUID)");
        if (values.active !== undefined && !["yes", "no"].includes(values.active))
          throw new CliError(`--active must be yes or no, got "${values.active}"`);
        const patch = updateUserInput.parse({
          name: values.name,
          email: values.email,
          role: values.role,
          timeZone: values["time-zone"],
          active: values.active === undefined ? undefined : values.active === "yes",
        });
        if (Object.values(patch).every((x) => x === undefined))
          throw new CliError("Nothing to change: give --name, --email, --role, --time-zone or --active");
        const u = await updateUser(db, values.workspace!, values.id!, patch);
        return {
          json: u,
          text: `User ${u.name} <${u.email}> (${u.id}), role ${u.role}, ${u.timeZone}, ${u.active ? "active" : "deactivated"}`,
        };
      }
      case "user hours set": {
        required(values, "workspace", "id", "hours");
        if (!v.uuid.safeParse(values.id).success) throw new CliError("--id must be a user id (UUID)");
        const weekly = weeklyHoursInput.parse(parseWeeklySpec(values.hours!));
        const overrides = values.override ? overridesInput.parse(values.override.map(parseOverrideSpec)) : undefined;
        const s = await replaceSchedule(db, values.workspace!, values.id!, { weekly, overrides });
        const hm = (m: number) => `${String(Math.floor(m / 60)).padStart(2, "0")}:${String(m % 60).padStart(2, "0")}`;
        const days = ["", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"];
        return {
          json: s,
          text:
            `Working hours of ${s.userId} (${s.timeZone}):\n` +
            (s.weekly.map((h) => `  ${days[h.weekday]} ${hm(h.startMinute)}-${hm(h.endMinute)}`).join("\n") ||
              "  no weekly hours") +
            (s.overrides.length
              ? "\nOverrides:\n" +
                s.overrides
                  .map(
                    (o) =>
                      `  ${o.day} ${o.ranges.map((r) => `${hm(r.startMinute)}-${hm(r.endMinute)}`).join(",") || "off"}`,
                  )
                  .join("\n")
              : ""),
        };
      }
      case "meeting-type add": {
        required(values, "workspace", "name", "slug", "duration");
        const r = await addMeetingType(db, {
          workspaceId: values.workspace!,
          name: values.name!,
          slug: values.slug!,
          durationMinutes: int("duration", values.duration)!,
          slotIntervalMinutes: int("interval", values.interval),
          bufferBeforeMinutes: int("buffer-before", values["buffer-before"]),
          bufferAfterMinutes: int("buffer-after", values["buffer-after"]),
          minimumNoticeMinutes: int("notice", values.notice),
          strategy: values.strategy as never,
        });
        return { json: r, text: `Meeting type ${r.meetingType.name} (${r.meetingType.id}) with queue ${r.queue.id}` };
      }
      case "api-key create": {
        required(values, "workspace", "name");
        const scopes = v.apiKeyScopes.parse((values.scopes ?? API_KEY_SCOPE_NAMES.join(",")).split(","));
        const r = await createApiKey(db, { workspaceId: values.workspace!, name: v.name.parse(values.name), scopes });
        return {
          json: { ...r.apiKey, key: r.key },
          text: `API key ${r.apiKey.name} (${r.apiKey.id}), scopes ${r.apiKey.scopes.join(", ")}\nKey (shown once, store it now): ${r.key}`,
        };
      }
      case "api-key revoke": {
        required(values, "workspace", "id");
        if (!v.uuid.safeParse(values.id).success) throw new CliError("--id must be an API key id (UUID)");
        const k = await revokeApiKey(db, values.workspace!, values.id!);
        return { json: k, text: `Revoked API key ${k.name} (${k.id})` };
      }
      case "demo seed": {
        const { seedDemoIfEmpty } = await import("@/lib/demo/seed-demo");
        const seeded = await seedDemoIfEmpty(db);
        return {
          json: { seeded },
          text: seeded ? "Demo workspace seeded." : "The database is not empty; nothing seeded.",
        };
      }
      default:
        throw new CliError(`Unknown command "${command}"\n\n${USAGE}`);
    }
  } finally {
    await close();
  }
}
