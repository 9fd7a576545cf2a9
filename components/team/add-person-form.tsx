"use client";
import Link from "next/link";
import { useMutation } from "@tanstack/react-query";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { addPersonAction } from "@/lib/actions/people";
import { ActionError, errorMessage, unwrap } from "@/components/ui/action-result";
import { TimeZoneInput } from "./time-zone-input";
import { Field } from "@/components/ui/field";

/** Add a person: name, email, role and zone. They start with the workspace's default hours. */
export function AddPersonForm({
  workspaceTimeZone,
  defaultHours,
}: {
  workspaceTimeZone: string;
  defaultHours: string;
}) {
  const router = useRouter();
  const blank = { name: "", email: "", role: "rep" as "rep" | "manager" | "admin", timeZone: workspaceTimeZone };
  const [open, setOpen] = useState(false);
  const [form, setForm] = useState(blank);
  const [errors, setErrors] = useState<Record<string, string>>({});
  const add = useMutation({
    mutationFn: () => unwrap(addPersonAction(form)),
    onMutate: () => setErrors({}),
    onError: (e) => setErrors(e instanceof ActionError ? e.fields : {}),
    onSuccess: () => {
      setForm(blank);
      router.refresh();
    },
  });
  return (
    <section className="card" aria-labelledby="add-person-title">
      <div className="flex flex-wrap items-center justify-between gap-2 px-4 py-3">
        <h2 id="add-person-title" className="font-semibold">
          Add a person
        </h2>
        <button type="button" className="btn-secondary" aria-expanded={open} onClick={() => setOpen((o) => !o)}>
          {open ? "Close" : "Add person"}
        </button>
      </div>
      {open && (
        <form
          noValidate
          className="grid gap-3 border-t border-slate-200 p-4 sm:grid-cols-2"
          onSubmit={(e) => {
            e.preventDefault();
            add.mutate();
          }}
        >
          <Field id="person-name" label="Name" error={errors.name}>
            <input className="input" value={form.name} onChange={(e) => setForm({ ...form, name: e.target.value })} />
          </Field>
          <Field
            id="person-email"
            label="Email"
            hint="They sign in with it; each email belongs to one person."
            error={errors.email}
          >
            <input
              type="email"
              className="input"
              value={form.email}
              onChange={(e) => setForm({ ...form, email: e.target.value })}
            />
          </Field>
          <Field id="person-role" label="Role" error={errors.role}>
            <select
              className="input"
              value={form.role}
              onChange={(e) => setForm({ ...form, role: e.target.value as typeof form.role })}
            >
              <option value="rep">Rep: takes bookings, sees their own</option>
              <option value="manager">Manager: manages people and queues</option>
              <option value="admin">Admin: everything, including API keys</option>
            </select>
          </Field>
          <Field
            id="person-zone"
            label="Time zone"
            hint="Where they work; their hours are in this zone."
            error={errors.timeZone}
          >
            <TimeZoneInput value={form.timeZone} onChange={(timeZone) => setForm({ ...form, timeZone })} />
          </Field>
          <p className="text-sm text-slate-600 sm:col-span-2">
            New people start with the workspace&apos;s default hours ({defaultHours}, in their own zone); change them on
            their page.
          </p>
          {add.isError && !Object.keys(errors).length && (
            <p role="alert" className="field-error sm:col-span-2">
              {errorMessage(add.error)}
            </p>
          )}
          {add.isSuccess && (
            <p role="status" className="text-sm text-emerald-700 sm:col-span-2">
              Added {add.data.name}.{" "}
              <Link className="underline" href={`/team/${add.data.id}`}>
                Set their hours
              </Link>
            </p>
          )}
          <div className="sm:col-span-2">
            <button className="btn-primary" disabled={add.isPending}>
              {add.isPending ? "Adding…" : "Add to the team"}
            </button>
          </div>
        </form>
      )}
    </section>
  );
}
