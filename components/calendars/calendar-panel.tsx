"use client";
import { useMutation } from "@tanstack/react-query";
import { useRouter } from "next/navigation";
import { useState } from "react";
import type { CalendarConnectionView } from "@/lib/calendars/connect-calendar";
import { connectCalendarAction, disconnectCalendarAction, refreshCalendarAction } from "@/lib/actions/calendars";
import { ActionError, errorMessage, unwrap } from "@/components/ui/action-result";
import { formatDateTime } from "@/components/ui/format";
import { Field } from "@/components/ui/field";

/** The field a calendar error belongs to: zod paths, or `details.field` of a refused connection. */
function fieldOf(e: unknown): Record<string, string> {
  if (!(e instanceof ActionError)) return {};
  const d = e.details as { field?: unknown } | null;
  if (d && typeof d === "object" && typeof d.field === "string") return { [d.field]: e.message };
  return e.fields;
}

function Status({ c, timeZone }: { c: CalendarConnectionView; timeZone: string }) {
  if (!c.enabled) return <span className="badge bg-slate-100 text-slate-600">Paused</span>;
  if (c.lastError) return <span className="badge bg-red-50 text-red-700">Not syncing</span>;
  if (!c.lastSyncedAt) return <span className="badge bg-amber-50 text-amber-800">Waiting for first sync</span>;
  if (c.stale) return <span className="badge bg-amber-50 text-amber-800">Out of date</span>;
  return (
    <span className="badge bg-emerald-50 text-emerald-800" title={`${formatDateTime(c.lastSyncedAt, timeZone)}`}>
      Up to date
    </span>
  );
}

function ConnectionRow({ c, timeZone }: { c: CalendarConnectionView; timeZone: string }) {
  const router = useRouter();
  const refresh = useMutation({
    mutationFn: () => unwrap(refreshCalendarAction({ id: c.id })),
    onSettled: () => router.refresh(),
  });
  const remove = useMutation({
    mutationFn: () => unwrap(disconnectCalendarAction({ id: c.id })),
    onSuccess: () => router.refresh(),
  });
  return (
    <li className="space-y-2 px-4 py-3" data-testid="calendar-connection">
      <div className="flex flex-wrap items-start justify-between gap-2">
        <div className="min-w-0">
          <p className="font-medium">{c.kind === "caldav" ? "CalDAV calendar" : "Calendar feed (read only)"}</p>
          <p className="truncate text-sm text-slate-500">
            {c.url}
            {c.username ? ` · ${c.username}` : ""}
          </p>
        </div>
        <Status c={c} timeZone={timeZone} />
      </div>
      <dl className="grid gap-1 text-sm sm:grid-cols-[9rem_1fr]">
        <dt className="text-slate-500">Last synced</dt>
        <dd data-testid="calendar-last-sync">
          {c.lastSyncedAt ? `${formatDateTime(c.lastSyncedAt, timeZone)} (${timeZone})` : "Never"}
        </dd>
        {c.lastError && (
          <>
            <dt className="text-slate-500">Problem</dt>
            <dd className="text-red-700" data-testid="calendar-error">
              {c.lastError}
            </dd>
          </>
        )}
        <dt className="text-slate-500">Bookings written to</dt>
        <dd className="break-all">{c.writeCalendarUrl ?? "Not written back (read only)"}</dd>
      </dl>
      <div className="flex flex-wrap items-center gap-2">
        <button className="btn-secondary" disabled={refresh.isPending} onClick={() => refresh.mutate()}>
          {refresh.isPending ? "Refreshing…" : "Refresh now"}
        </button>
        <button
          className="btn-danger"
          disabled={remove.isPending}
          onClick={() => {
            if (window.confirm("Disconnect this calendar? Its busy time no longer counts for routing."))
              remove.mutate();
          }}
        >
          Disconnect
        </button>
        {refresh.data?.outcome === "already_syncing" && (
          <span className="text-sm text-slate-500">A sync is already running; check again in a moment.</span>
        )}
        {(refresh.isError || remove.isError) && (
          <span role="alert" className="field-error">
            {errorMessage(refresh.error ?? remove.error)}
          </span>
        )}
      </div>
    </li>
  );
}

function ConnectForm({ userId }: { userId: string }) {
  const router = useRouter();
  const [kind, setKind] = useState<"caldav" | "ics">("caldav");
  const [serverUrl, setServerUrl] = useState("");
  const [username, setUsername] = useState("");
  const [password, setPassword] = useState("");
  const [url, setUrl] = useState("");
  const connect = useMutation({
    mutationFn: () =>
      unwrap(
        connectCalendarAction(
          kind === "caldav" ? { kind, userId, serverUrl, username, password } : { kind, userId, url },
        ),
      ),
    onSuccess: () => {
      setServerUrl("");
      setUsername("");
      setPassword("");
      setUrl("");
      router.refresh();
    },
  });
  const fields = fieldOf(connect.error);
  const field = (name: string, label: string, input: React.ReactElement<{ id?: string }>) => (
    <Field id={`cal-${name}`} label={label} error={fields[name]}>
      {input}
    </Field>
  );
  const shown = new Set(kind === "caldav" ? ["serverUrl", "username", "password"] : ["url"]);
  const other = connect.isError && !Object.keys(fields).some((f) => shown.has(f));

  return (
    <form
      className="space-y-4 p-4"
      noValidate
      onSubmit={(e) => {
        e.preventDefault();
        connect.mutate();
      }}
    >
      <fieldset>
        <legend className="label">Kind of calendar</legend>
        <div className="flex flex-wrap gap-4 text-sm">
          <label className="flex items-center gap-2">
            <input type="radio" name="kind" checked={kind === "caldav"} onChange={() => setKind("caldav")} />
            CalDAV (Nextcloud, Fastmail, iCloud …): busy time and bookings
          </label>
          <label className="flex items-center gap-2">
            <input type="radio" name="kind" checked={kind === "ics"} onChange={() => setKind("ics")} />
            Feed address (Google, Outlook): busy time only
          </label>
        </div>
      </fieldset>
      {kind === "caldav" ? (
        <div className="grid gap-4 sm:grid-cols-3">
          {field(
            "serverUrl",
            "Server address",
            <input
              className="input"
              type="url"
              inputMode="url"
              placeholder="https://caldav.example.com/"
              value={serverUrl}
              onChange={(e) => setServerUrl(e.target.value)}
            />,
          )}
          {field(
            "username",
            "Username",
            <input
              className="input"
              autoComplete="off"
              value={username}
              onChange={(e) => setUsername(e.target.value)}
            />,
          )}
          {field(
            "password",
            "App password",
            <input
              className="input"
              type="password"
              autoComplete="new-password"
              value={password}
              onChange={(e) => setPassword(e.target.value)}
            />,
          )}
        </div>
      ) : (
        field(
          "url",
          "Secret feed address (.ics)",
          <input
            className="input"
            type="url"
            inputMode="url"
            placeholder="https://calendar.google.com/calendar/ical/…/basic.ics"
            value={url}
            onChange={(e) => setUrl(e.target.value)}
          />,
        )
      )}
      {other && (
        <p role="alert" className="field-error">
          {errorMessage(connect.error)}
        </p>
      )}
      <p className="text-xs text-slate-500">
        Passwords and feed addresses are stored encrypted and never shown again. Use an app password, not your main one.
      </p>
      <button className="btn-primary" disabled={connect.isPending}>
        {connect.isPending ? "Checking…" : "Connect calendar"}
      </button>
    </form>
  );
}

/** A person's calendars: status, refresh, disconnect, and the form to connect one. */
export function CalendarPanel(props: { userId: string; connections: CalendarConnectionView[]; timeZone: string }) {
  return (
    <div className="space-y-6">
      <section className="card" aria-labelledby="calendars-title">
        <h2 id="calendars-title" className="border-b border-slate-200 px-4 py-3 font-semibold">
          Connected calendars
        </h2>
        {props.connections.length === 0 ? (
          <p className="px-4 py-6 text-sm text-slate-500">
            No calendar connected: routing only knows Baton&apos;s own bookings.
          </p>
        ) : (
          <ul className="divide-y divide-slate-100">
            {props.connections.map((c) => (
              <ConnectionRow key={c.id} c={c} timeZone={props.timeZone} />
            ))}
          </ul>
        )}
      </section>
      <section className="card" aria-labelledby="connect-title">
        <h2 id="connect-title" className="border-b border-slate-200 px-4 py-3 font-semibold">
          Connect a calendar
        </h2>
        <ConnectForm userId={props.userId} />
      </section>
    </div>
  );
}
