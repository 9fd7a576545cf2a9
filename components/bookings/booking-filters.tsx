import Link from "next/link";
import { Field } from "@/components/ui/field";

export interface BookingFilterValues {
  host?: string;
  queue?: string;
  status?: string;
  from?: string;
  to?: string;
}
interface Option {
  id: string;
  name: string;
}

/** A plain GET form: the filters live in the URL, so a filtered list can be bookmarked and shared. */
export function BookingFilters({
  values,
  people,
  queues,
  errors,
}: {
  values: BookingFilterValues;
  people: Option[];
  queues: Option[];
  errors: Record<string, string>;
}) {
  return (
    <form
      method="get"
      action="/bookings"
      className="card grid gap-3 p-4 sm:grid-cols-2 lg:grid-cols-[repeat(5,minmax(0,1fr))_auto] lg:items-end"
      aria-label="Filter bookings"
    >
      <Field id="f-host" label="Host" error={errors.hostId}>
        <select name="host" className="input" defaultValue={values.host ?? ""}>
          <option value="">Anyone</option>
          {people.map((p) => (
            <option key={p.id} value={p.id}>
              {p.name}
            </option>
          ))}
        </select>
      </Field>
      <Field id="f-queue" label="Queue" error={errors.queueId}>
        <select name="queue" className="input" defaultValue={values.queue ?? ""}>
          <option value="">Any queue</option>
          {queues.map((q) => (
            <option key={q.id} value={q.id}>
              {q.name}
            </option>
          ))}
        </select>
      </Field>
      <Field id="f-status" label="Status" error={errors.status}>
        <select name="status" className="input" defaultValue={values.status ?? ""}>
          <option value="">Any</option>
          <option value="confirmed">Confirmed</option>
          <option value="cancelled">Cancelled</option>
        </select>
      </Field>
      <Field id="f-from" label="From" error={errors.start}>
        <input name="from" type="date" className="input" defaultValue={values.from ?? ""} />
      </Field>
      <Field id="f-to" label="To (inclusive)" error={errors.end}>
        <input name="to" type="date" className="input" defaultValue={values.to ?? ""} />
      </Field>
      <div className="flex gap-2 sm:col-span-2 lg:col-span-1">
        <button className="btn-primary">Apply</button>
        <Link href="/bookings" className="btn-secondary">
          Clear
        </Link>
      </div>
    </form>
  );
}
