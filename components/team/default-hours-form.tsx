"use client";
import { useMutation } from "@tanstack/react-query";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { saveDefaultHoursAction } from "@/lib/actions/people";
import { ActionError, errorMessage, unwrap } from "@/components/ui/action-result";
import { Field } from "@/components/ui/field";

/** The weekly hours people added from now on start with, written the way people say them. */
export function DefaultHoursForm({ initial }: { initial: string }) {
  const router = useRouter();
  const [spec, setSpec] = useState(initial);
  const [error, setError] = useState<string | null>(null);
  const save = useMutation({
    mutationFn: () => unwrap(saveDefaultHoursAction({ spec })),
    onMutate: () => setError(null),
    onError: (e) => setError(e instanceof ActionError ? (e.fields.spec ?? e.message) : errorMessage(e)),
    onSuccess: (saved) => {
      setSpec(saved);
      router.refresh();
    },
  });
  return (
    <form
      noValidate
      className="card flex flex-wrap items-end gap-3 p-4"
      onSubmit={(e) => {
        e.preventDefault();
        save.mutate();
      }}
    >
      <Field
        id="default-hours"
        label="Default hours for new people"
        className="min-w-64 flex-1"
        error={error}
        hint={
          <>
            In each new person&apos;s own zone, e.g. &quot;mon-fri 09:00-17:00&quot; or &quot;mon-thu
            08:00-12:00,13:00-17:00; fri 08:00-12:00&quot;. People already on the team keep their hours.
          </>
        }
      >
        <input className="input" value={spec} onChange={(e) => setSpec(e.target.value)} />
      </Field>
      <button className="btn-secondary mb-5" disabled={save.isPending || spec === initial}>
        {save.isPending ? "Saving…" : "Save defaults"}
      </button>
      {save.isSuccess && (
        <p role="status" className="w-full text-sm text-emerald-700">
          Saved. People added from now on start with these hours.
        </p>
      )}
    </form>
  );
}
