"use client";
import Link from "next/link";
import { useMutation } from "@tanstack/react-query";
import { useRouter } from "next/navigation";
import { useState } from "react";
import type { TeamMember } from "@/lib/dashboard/get-team-overview";
import { addExceptionAction, deleteExceptionAction } from "@/lib/actions/people";
import { ActionError, errorMessage, unwrap } from "@/components/ui/action-result";
import { formatDate, formatDateTime } from "@/components/ui/format";
import { Field } from "@/components/ui/field";

interface Props {
  userId: string;
  name: string;
  timeZone: string;
  exceptions: TeamMember["exceptions"];
  /** Managers: after adding an absence, offer the coverage wizard for the bookings it leaves behind. */
  offerCoverage?: boolean;
}

/** The absence just added and the bookings it leaves with the person, until dismissed. */
interface LeftBehind {
  count: number;
  name: string;
  startDate: string;
  endDate: string;
}

/** Upcoming absences of one person, with add (whole days in their zone) and delete. */
export function ExceptionList({ userId, name, timeZone, exceptions, offerCoverage = false }: Props) {
  const router = useRouter();
  const [open, setOpen] = useState(false);
  const [form, setForm] = useState({ name: "Vacation", startDate: "", endDate: "" });
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [leftBehind, setLeftBehind] = useState<LeftBehind | null>(null);
  const add = useMutation({
    mutationFn: () => unwrap(addExceptionAction({ userId, ...form, isAvailable: false })),
    onMutate: () => {
      setErrors({});
      setLeftBehind(null);
    },
    onError: (e) => setErrors(e instanceof ActionError ? e.fields : {}),
    onSuccess: (r) => {
      if (r.leftBehind > 0) setLeftBehind({ count: r.leftBehind, ...form });
      setOpen(false);
      setForm({ name: "Vacation", startDate: "", endDate: "" });
      router.refresh();
    },
  });
  const remove = useMutation({
    mutationFn: (id: string) => unwrap(deleteExceptionAction({ id })),
    onSuccess: () => router.refresh(),
  });
  const fid = (k: string) => `${k}-${userId}`;
  // A whole-day absence ends at midnight: show its last day, not the next one.
  const lastDay = (iso: string) => formatDate(new Date(new Date(iso).getTime() - 1), timeZone);
  const isWholeDays = (s: string, e: string) =>
    formatDateTime(s, timeZone).endsWith("00:00") && formatDateTime(e, timeZone).endsWith("00:00");

  return (
    <div className="mt-3 border-t border-slate-100 pt-3">
      <div className="flex items-center justify-between gap-2">
        <h3 className="text-sm font-medium">Absences</h3>
        <button
          type="button"
          className="text-sm text-brand-700 hover:underline"
          aria-expanded={open}
          onClick={() => setOpen((o) => !o)}
        >
          {open ? "Close" : "Add absence"}
        </button>
      </div>
      {exceptions.length === 0 ? (
        <p className="mt-1 text-sm text-slate-500">None planned.</p>
      ) : (
        <ul className="mt-1 space-y-1">
          {exceptions.map((e) => (
            <li key={e.id} className="flex items-center justify-between gap-2 text-sm">
              <span>
                <span className="font-medium">{e.name}</span>{" "}
                <span className="text-slate-600">
                  {isWholeDays(e.startsAt, e.endsAt)
                    ? `${formatDate(e.startsAt, timeZone)} – ${lastDay(e.endsAt)}`
                    : `${formatDateTime(e.startsAt, timeZone)} – ${formatDateTime(e.endsAt, timeZone)}`}
                </span>
                {e.isAvailable && <span className="badge ml-1 bg-emerald-50 text-emerald-700">extra availability</span>}
              </span>
              <button
                type="button"
                className="text-xs text-red-600 hover:underline"
                disabled={remove.isPending}
                aria-label={`Delete ${e.name} of ${name}`}
                onClick={() => {
                  if (window.confirm(`Delete "${e.name}" of ${name}?`)) remove.mutate(e.id);
                }}
              >
                Delete
              </button>
            </li>
          ))}
        </ul>
      )}
      {leftBehind && (
        <div role="status" data-testid="absence-left-behind" className="mt-2 rounded-lg bg-amber-50 px-3 py-2 text-sm">
          <p className="text-amber-900">
            {leftBehind.count === 1
              ? `1 booking of ${name} falls in this absence and still has ${name} as host.`
              : `${leftBehind.count} bookings of ${name} fall in this absence and still have ${name} as host.`}
          </p>
          {offerCoverage && (
            <Link
              className="font-medium text-brand-700 underline"
              href={`/coverage?${new URLSearchParams({
                userId,
                startDate: leftBehind.startDate,
                endDate: leftBehind.endDate,
                name: leftBehind.name,
              })}`}
            >
              Hand them off with the coverage wizard
            </Link>
          )}
        </div>
      )}
      {remove.isError && (
        <p role="alert" className="field-error">
          {errorMessage(remove.error)}
        </p>
      )}
      {open && (
        <form
          className="mt-3 grid gap-2 sm:grid-cols-3"
          noValidate
          onSubmit={(e) => {
            e.preventDefault();
            add.mutate();
          }}
        >
          <Field id={fid("ex-name")} label="Label" error={errors.name}>
            <input className="input" value={form.name} onChange={(e) => setForm({ ...form, name: e.target.value })} />
          </Field>
          <Field id={fid("ex-start")} label="First day" error={errors.startDate}>
            <input
              type="date"
              className="input"
              value={form.startDate}
              onChange={(e) => setForm({ ...form, startDate: e.target.value })}
            />
          </Field>
          <Field id={fid("ex-end")} label="Last day" error={errors.endDate}>
            <input
              type="date"
              className="input"
              value={form.endDate}
              onChange={(e) => setForm({ ...form, endDate: e.target.value })}
            />
          </Field>
          {add.isError && !Object.keys(errors).length && (
            <p role="alert" className="field-error sm:col-span-3">
              {errorMessage(add.error)}
            </p>
          )}
          <div className="sm:col-span-3">
            <button className="btn-primary" disabled={add.isPending}>
              {add.isPending ? "Adding…" : "Add absence"}
            </button>
          </div>
        </form>
      )}
    </div>
  );
}
