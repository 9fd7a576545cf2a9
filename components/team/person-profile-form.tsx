"use client";
import Link from "next/link";
import { useMutation } from "@tanstack/react-query";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { updatePersonAction } from "@/lib/actions/people";
import { ActionError, errorMessage, unwrap } from "@/components/ui/action-result";
import { formatDate } from "@/components/ui/format";
import { TimeZoneInput } from "./time-zone-input";
import { Field } from "@/components/ui/field";

interface Person {
  id: string;
  name: string;
  role: "admin" | "manager" | "rep";
  timeZone: string;
  active: boolean;
}
interface Props {
  person: Person;
  /** The signed-in manager: nobody changes their own role or deactivates themselves. */
  isSelf: boolean;
  workspaceTimeZone: string;
  today: string;
  /** Confirmed bookings from now on (for a person who is already deactivated). */
  upcoming: { count: number; lastStartsAt: string | null };
}

/**
 * Role and zone, and deactivation. A deactivated person is never routed to and cannot sign in;
 * bookings they still have are offered to the coverage wizard, prefilled with them and the dates.
 */
export function PersonProfileForm({ person, isSelf, workspaceTimeZone, today, upcoming: initialUpcoming }: Props) {
  const router = useRouter();
  const [form, setForm] = useState({ role: person.role, timeZone: person.timeZone });
  const [errors, setErrors] = useState<Record<string, string>>({});
  const onError = (e: Error) => setErrors(e instanceof ActionError ? e.fields : {});
  const save = useMutation({
    mutationFn: () => unwrap(updatePersonAction({ userId: person.id, ...form })),
    onMutate: () => setErrors({}),
    onError,
    onSuccess: () => router.refresh(),
  });
  const toggle = useMutation({
    mutationFn: (active: boolean) => unwrap(updatePersonAction({ userId: person.id, active })),
    onError,
    onSuccess: () => router.refresh(),
  });
  const upcoming = toggle.data
    ? toggle.data.user.active
      ? null
      : toggle.data.upcoming
    : person.active
      ? null
      : initialUpcoming;
  const lastDay = (iso: string) =>
    new Intl.DateTimeFormat("en-CA", { timeZone: workspaceTimeZone }).format(new Date(iso));
  const coverageHref = upcoming?.lastStartsAt
    ? `/coverage?${new URLSearchParams({ userId: person.id, startDate: today, endDate: lastDay(upcoming.lastStartsAt), name: "Deactivated" })}`
    : null;

  return (
    <section className="card" aria-labelledby="profile-title">
      <div className="flex flex-wrap items-center justify-between gap-2 border-b border-slate-200 px-4 py-3">
        <h2 id="profile-title" className="font-semibold">
          Role and time zone
        </h2>
        {!person.active && <span className="badge bg-red-50 text-red-700">Deactivated</span>}
      </div>
      <form
        noValidate
        className="grid gap-3 p-4 sm:grid-cols-2"
        onSubmit={(e) => {
          e.preventDefault();
          save.mutate();
        }}
      >
        <Field
          id="profile-role"
          label="Role"
          error={errors.role}
          hint={
            isSelf
              ? "You cannot change your own role."
              : "Managers and admins manage people and queues; reps see their own."
          }
        >
          <select
            className="input"
            value={form.role}
            disabled={isSelf}
            onChange={(e) => setForm({ ...form, role: e.target.value as Person["role"] })}
          >
            <option value="rep">Rep</option>
            <option value="manager">Manager</option>
            <option value="admin">Admin</option>
          </select>
        </Field>
        <Field
          id="profile-zone"
          label="Time zone"
          error={errors.timeZone}
          hint="Their working hours stay the same local times in the new zone."
        >
          <TimeZoneInput value={form.timeZone} onChange={(timeZone) => setForm({ ...form, timeZone })} />
        </Field>
        <div className="flex flex-wrap items-center gap-3 sm:col-span-2">
          <button className="btn-primary" disabled={save.isPending}>
            {save.isPending ? "Saving…" : "Save role and zone"}
          </button>
          {save.isSuccess && (
            <p role="status" className="text-sm text-emerald-700">
              Saved.
            </p>
          )}
          {(save.isError || toggle.isError) && !Object.keys(errors).length && (
            <p role="alert" className="text-sm text-red-700">
              {errorMessage(save.error ?? toggle.error)}
            </p>
          )}
        </div>
      </form>
      <div className="space-y-2 border-t border-slate-200 px-4 py-3">
        {person.active ? (
          <>
            <p className="text-sm text-slate-600">
              Deactivating takes {person.name} out of every queue&apos;s routing and stops them signing in. Their
              upcoming bookings stay until you hand them off.
            </p>
            <button
              type="button"
              className="btn-danger"
              disabled={isSelf || toggle.isPending}
              onClick={() => {
                if (window.confirm(`Deactivate ${person.name}? They get no more bookings and cannot sign in.`))
                  toggle.mutate(false);
              }}
            >
              Deactivate {person.name}
            </button>
            {isSelf && <p className="text-xs text-slate-500">You cannot deactivate yourself.</p>}
          </>
        ) : (
          <>
            {upcoming && (
              <div role="status" className="rounded-lg bg-amber-50 px-3 py-2 text-sm text-amber-800">
                {upcoming.count === 0 ? (
                  <>{person.name} has no upcoming bookings.</>
                ) : (
                  <>
                    {person.name} still has {upcoming.count} upcoming booking{upcoming.count === 1 ? "" : "s"} (the last
                    on {formatDate(upcoming.lastStartsAt!, workspaceTimeZone)}).{" "}
                    {coverageHref && (
                      <Link className="font-medium underline" href={coverageHref}>
                        Hand them off with the coverage wizard
                      </Link>
                    )}
                  </>
                )}
              </div>
            )}
            <button
              type="button"
              className="btn-secondary"
              disabled={toggle.isPending}
              onClick={() => toggle.mutate(true)}
            >
              Reactivate {person.name}
            </button>
          </>
        )}
      </div>
    </section>
  );
}
