import Link from "next/link";

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
  const e = (k: string) => errors[k] && <p className="field-error">{errors[k]}</p>;
  return (
    <form
      method="get"
      action="/bookings"
      className="card grid gap-3 p-4 sm:grid-cols-2 lg:grid-cols-[repeat(5,minmax(0,1fr))_auto] lg:items-end"
      aria-label="Filter bookings"
    >
      <div>
        <label className="label" htmlFor="f-host">
          Host
        </label>
        <select id="f-host" name="host" className="input" defaultValue={values.host ?? ""}>
          <option value="">Anyone</option>
          {people.map((p) => (
            <option key={p.id} value={p.id}>
              {p.name}
            </option>
          ))}
        </select>
        {e("hostId")}
      </div>
      <div>
        <label className="label" htmlFor="f-queue">
          Queue
        </label>
        <select id="f-queue" name="queue" className="input" defaultValue={values.queue ?? ""}>
          <option value="">Any queue</option>
          {queues.map((q) => (
            <option key={q.id} value={q.id}>
              {q.name}
            </option>
          ))}
        </select>
        {e("queueId")}
      </div>
      <div>
        <label className="label" htmlFor="f-status">
          Status
        </label>
        <select id="f-status" name="status" className="input" defaultValue={values.status ?? ""}>
          <option value="">Any</option>
          <option value="confirmed">Confirmed</option>
          <option value="cancelled">Cancelled</option>
        </select>
        {e("status")}
      </div>
      <div>
        <label className="label" htmlFor="f-from">
          From
        </label>
        <input id="f-from" name="from" type="date" className="input" defaultValue={values.from ?? ""} />
        {e("start")}
      </div>
      <div>
        <label className="label" htmlFor="f-to">
          To (inclusive)
        </label>
        <input id="f-to" name="to" type="date" className="input" defaultValue={values.to ?? ""} />
        {e("end")}
      </div>
      <div className="flex gap-2 sm:col-span-2 lg:col-span-1">
        <button className="btn-primary">Apply</button>
        <Link href="/bookings" className="btn-secondary">
          Clear
        </Link>
      </div>
    </form>
  );
}
