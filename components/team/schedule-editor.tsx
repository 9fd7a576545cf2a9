"use client";
import { useMutation } from "@tanstack/react-query";
import { useRouter } from "next/navigation";
import { useMemo, useState } from "react";
import { saveScheduleAction } from "@/lib/actions/people";
import { ActionError, errorMessage, unwrap } from "@/components/ui/action-result";
import { WEEKDAY_SHORT, minuteLabel } from "@/components/ui/format";
import { addCalendarDays, dayOf, isoWeekday, parseDay, wallClock } from "@/lib/slots";
import { Field } from "@/components/ui/field";

export interface ScheduleData {
  weekly: { weekday: number; startMinute: number; endMinute: number }[];
  overrides: { day: string; ranges: { startMinute: number; endMinute: number }[] }[];
}
interface Range {
  start: string;
  end: string;
}
interface Override {
  day: string;
  off: boolean;
  ranges: Range[];
}
interface Props {
  userId: string;
  name: string;
  /** The person's zone: every time here is in it. */
  timeZone: string;
  workspaceTimeZone: string;
  initial: ScheduleData;
  /** Today in the person's zone (YYYY-MM-DD), for the workspace-time hints and the override date picker. */
  today: string;
}

const WEEKDAY_LONG = ["", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"];
const toRange = (r: { startMinute: number; endMinute: number }): Range => ({
  start: minuteLabel(r.startMinute),
  end: r.endMinute === 1440 ? "00:00" : minuteLabel(r.endMinute),
});
/** "HH:MM" → minutes; an end of 00:00 means midnight at the end of the day. */
const minutes = (s: string, end = false) => {
  const m = /^(\d{2}):(\d{2})$/.exec(s);
  if (!m) return NaN;
  const v = Number(m[1]) * 60 + Number(m[2]);
  return end && v === 0 ? 1440 : v;
};

function draftFrom(s: ScheduleData) {
  const days: Range[][] = [[], [], [], [], [], [], [], []];
  for (const h of s.weekly) days[h.weekday].push(toRange(h));
  const overrides: Override[] = s.overrides.map((o) => ({
    day: o.day,
    off: o.ranges.length === 0,
    ranges: o.ranges.length ? o.ranges.map(toRange) : [{ start: "09:00", end: "17:00" }],
  }));
  return { days, overrides };
}

/**
 * Weekly hours (several ranges a day, "copy Monday to all weekdays") and date overrides (a day off or
 * special hours on one date) of one person, in their own zone with the workspace's time beside each
 * range. Saved together in one action; the server refuses what is wrong and says so next to the field.
 */
export function ScheduleEditor({ userId, name, timeZone, workspaceTimeZone, initial, today }: Props) {
  const router = useRouter();
  const [draft, setDraft] = useState(() => draftFrom(initial));
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [saved, setSaved] = useState(false);
  const sameZone = timeZone === workspaceTimeZone;

  // Flatten for the server, remembering where each entry came from to put its error back next to it.
  const flat = useMemo(() => {
    const weekly: { weekday: number; startMinute: number; endMinute: number }[] = [];
    const weeklyAt: string[] = [];
    draft.days.forEach((ranges, weekday) =>
      ranges.forEach((r, i) => {
        weekly.push({ weekday, startMinute: minutes(r.start), endMinute: minutes(r.end, true) });
        weeklyAt.push(`${weekday}.${i}`);
      }),
    );
    const overrides = draft.overrides.map((o) => ({
      day: o.day,
      ranges: o.off ? [] : o.ranges.map((r) => ({ startMinute: minutes(r.start), endMinute: minutes(r.end, true) })),
    }));
    return { weekly, weeklyAt, overrides };
  }, [draft]);

  const save = useMutation({
    mutationFn: () => unwrap(saveScheduleAction({ userId, weekly: flat.weekly, overrides: flat.overrides as never })),
    onMutate: () => {
      setErrors({});
      setSaved(false);
    },
    onError: (e) => {
      if (!(e instanceof ActionError)) return;
      const out: Record<string, string> = {};
      for (const [path, msg] of Object.entries(e.fields)) {
        const m = /^weekly\.(\d+)/.exec(path);
        if (m) out[`day.${flat.weeklyAt[Number(m[1])]}`] ??= msg;
        const o = /^overrides\.(\d+)/.exec(path);
        if (o) out[`override.${o[1]}`] ??= msg;
      }
      setErrors(out);
    },
    onSuccess: (s) => {
      setDraft(draftFrom(s));
      setSaved(true);
      router.refresh();
    },
  });

  const setDay = (weekday: number, ranges: Range[]) => {
    setSaved(false);
    setDraft((d) => ({ ...d, days: d.days.map((r, i) => (i === weekday ? ranges : r)) }));
  };
  const setOverride = (i: number, o: Override | null) => {
    setSaved(false);
    setDraft((d) => ({
      ...d,
      overrides: o === null ? d.overrides.filter((_, j) => j !== i) : d.overrides.map((x, j) => (j === i ? o : x)),
    }));
  };

  // The next date of each weekday (from today, in the person's zone): where the workspace-time hint is computed.
  const nextDate = (weekday: number) => {
    const t = parseDay(today);
    return addCalendarDays(t, (weekday - isoWeekday(t) + 7) % 7);
  };
  const inWorkspace = (date: ReturnType<typeof parseDay>, r: Range) => {
    const s = minutes(r.start);
    const e = minutes(r.end, true);
    if (!Number.isFinite(s) || !Number.isFinite(e) || s >= e) return null;
    const fmt = new Intl.DateTimeFormat("en-GB", { timeZone: workspaceTimeZone, hour: "2-digit", minute: "2-digit" });
    const a = wallClock(date, s, timeZone);
    const b = wallClock(date, e, timeZone, { last: true });
    const shift = (at: number) => {
      const d = dayOf(at, workspaceTimeZone);
      const diff = Math.round(
        (Date.UTC(d.year, d.month - 1, d.day) - Date.UTC(date.year, date.month - 1, date.day)) / 86_400_000,
      );
      return diff === 0 ? "" : diff > 0 ? ` (+${diff}d)` : ` (${diff}d)`;
    };
    return `${fmt.format(a)}${shift(a)}–${fmt.format(b)}${shift(b - 1)}`;
  };
  const wsCity = workspaceTimeZone.split("/").pop()?.replace(/_/g, " ");

  return (
    <form
      noValidate
      className="space-y-6"
      onSubmit={(e) => {
        e.preventDefault();
        save.mutate();
      }}
    >
      <section className="card" aria-labelledby={`weekly-${userId}`}>
        <div className="border-b border-slate-200 px-4 py-3">
          <h2 id={`weekly-${userId}`} className="font-semibold">
            Weekly working hours
          </h2>
          <p className="text-sm text-slate-500">
            In {name === "your" ? "your" : `${name}’s`} time zone, {timeZone}
            {sameZone
              ? "."
              : `, with the workspace time (${workspaceTimeZone}) beside each range for the coming week.`}{" "}
            Bookings are only offered inside these hours. A day without ranges is a day off.
          </p>
        </div>
        <ul className="divide-y divide-slate-100">
          {[1, 2, 3, 4, 5, 6, 7].map((weekday) => {
            const ranges = draft.days[weekday];
            return (
              <li key={weekday} className="px-4 py-3" data-testid={`hours-${WEEKDAY_SHORT[weekday]}`}>
                <div className="flex flex-col gap-2 sm:flex-row sm:items-start sm:gap-4">
                  <p className="w-full text-sm font-medium sm:w-24 sm:pt-2">{WEEKDAY_LONG[weekday]}</p>
                  <div className="min-w-0 flex-1 space-y-2">
                    {ranges.length === 0 && <p className="text-sm text-slate-500 sm:pt-2">Not working</p>}
                    {ranges.map((r, i) => {
                      const id = `${userId}-${weekday}-${i}`;
                      const hint = sameZone ? null : inWorkspace(nextDate(weekday), r);
                      const error = errors[`day.${weekday}.${i}`];
                      return (
                        <div key={i}>
                          <div className="flex flex-wrap items-center gap-x-1.5 gap-y-1 sm:gap-x-2">
                            <label className="sr-only" htmlFor={`from-${id}`}>
                              {WEEKDAY_LONG[weekday]} range {i + 1} from
                            </label>
                            <input
                              id={`from-${id}`}
                              type="time"
                              step={300}
                              className="input w-[7.5rem] px-2 sm:w-32 sm:px-3"
                              value={r.start}
                              aria-invalid={!!error}
                              onChange={(e) =>
                                setDay(
                                  weekday,
                                  ranges.map((x, j) => (j === i ? { ...x, start: e.target.value } : x)),
                                )
                              }
                            />
                            <span aria-hidden>–</span>
                            <label className="sr-only" htmlFor={`to-${id}`}>
                              {WEEKDAY_LONG[weekday]} range {i + 1} until
                            </label>
                            <input
                              id={`to-${id}`}
                              type="time"
                              step={300}
                              className="input w-[7.5rem] px-2 sm:w-32 sm:px-3"
                              value={r.end}
                              aria-invalid={!!error}
                              onChange={(e) =>
                                setDay(
                                  weekday,
                                  ranges.map((x, j) => (j === i ? { ...x, end: e.target.value } : x)),
                                )
                              }
                            />
                            <button
                              type="button"
                              className="text-sm text-red-700 hover:underline"
                              aria-label={`Remove ${WEEKDAY_LONG[weekday]} range ${i + 1}`}
                              onClick={() =>
                                setDay(
                                  weekday,
                                  ranges.filter((_, j) => j !== i),
                                )
                              }
                            >
                              Remove
                            </button>
                            {hint && (
                              <span className="text-xs text-slate-500" data-testid="workspace-time">
                                {hint} {wsCity}
                              </span>
                            )}
                          </div>
                          {error && <p className="field-error">{error}</p>}
                        </div>
                      );
                    })}
                  </div>
                  <div className="flex flex-wrap gap-3 sm:pt-2">
                    <button
                      type="button"
                      className="text-sm text-brand-700 hover:underline"
                      aria-label={`Add a range on ${WEEKDAY_LONG[weekday]}`}
                      onClick={() => {
                        const last = ranges[ranges.length - 1];
                        setDay(weekday, [
                          ...ranges,
                          last ? { start: last.end, end: last.end } : { start: "09:00", end: "17:00" },
                        ]);
                      }}
                    >
                      Add range
                    </button>
                    {weekday === 1 && (
                      <button
                        type="button"
                        className="text-sm text-brand-700 hover:underline"
                        onClick={() => {
                          setSaved(false);
                          setDraft((d) => ({
                            ...d,
                            days: d.days.map((r, i) => (i >= 2 && i <= 5 ? d.days[1].map((x) => ({ ...x })) : r)),
                          }));
                        }}
                      >
                        Copy to all weekdays
                      </button>
                    )}
                  </div>
                </div>
              </li>
            );
          })}
        </ul>
      </section>

      <section className="card" aria-labelledby={`overrides-${userId}`}>
        <div className="flex flex-wrap items-center justify-between gap-2 border-b border-slate-200 px-4 py-3">
          <div>
            <h2 id={`overrides-${userId}`} className="font-semibold">
              Date overrides
            </h2>
            <p className="text-sm text-slate-500">
              One date that differs from the weekly hours: a day off, or special hours on that day only.
            </p>
          </div>
          <button
            type="button"
            className="btn-secondary"
            onClick={() =>
              setDraft((d) => ({
                ...d,
                overrides: [...d.overrides, { day: today, off: true, ranges: [{ start: "09:00", end: "17:00" }] }],
              }))
            }
          >
            Add override
          </button>
        </div>
        {draft.overrides.length === 0 ? (
          <p className="px-4 py-3 text-sm text-slate-500">None: every date follows the weekly hours.</p>
        ) : (
          <ul className="divide-y divide-slate-100">
            {draft.overrides.map((o, i) => {
              const id = `${userId}-o-${i}`;
              return (
                <li key={i} className="space-y-2 px-4 py-3" data-testid="override-row">
                  <div className="flex flex-wrap items-end gap-3">
                    <Field id={`day-${id}`} label="Date">
                      <input
                        type="date"
                        className="input"
                        value={o.day}
                        onChange={(e) => setOverride(i, { ...o, day: e.target.value })}
                      />
                    </Field>
                    <fieldset className="flex gap-3 pb-2 text-sm">
                      <legend className="sr-only">What happens on {o.day}</legend>
                      <label className="flex items-center gap-1">
                        <input
                          type="radio"
                          name={`kind-${id}`}
                          checked={o.off}
                          onChange={() => setOverride(i, { ...o, off: true })}
                        />
                        Day off
                      </label>
                      <label className="flex items-center gap-1">
                        <input
                          type="radio"
                          name={`kind-${id}`}
                          checked={!o.off}
                          onChange={() => setOverride(i, { ...o, off: false })}
                        />
                        Special hours
                      </label>
                    </fieldset>
                    {!o.off &&
                      o.ranges.map((r, j) => (
                        <div key={j} className="flex items-center gap-2 pb-0.5">
                          <label className="sr-only" htmlFor={`ofrom-${id}-${j}`}>
                            Special hours on {o.day} from
                          </label>
                          <input
                            id={`ofrom-${id}-${j}`}
                            type="time"
                            step={300}
                            className="input w-[7.5rem] px-2 sm:w-32 sm:px-3"
                            value={r.start}
                            onChange={(e) =>
                              setOverride(i, {
                                ...o,
                                ranges: o.ranges.map((x, k) => (k === j ? { ...x, start: e.target.value } : x)),
                              })
                            }
                          />
                          <span aria-hidden>–</span>
                          <label className="sr-only" htmlFor={`oto-${id}-${j}`}>
                            Special hours on {o.day} until
                          </label>
                          <input
                            id={`oto-${id}-${j}`}
                            type="time"
                            step={300}
                            className="input w-[7.5rem] px-2 sm:w-32 sm:px-3"
                            value={r.end}
                            onChange={(e) =>
                              setOverride(i, {
                                ...o,
                                ranges: o.ranges.map((x, k) => (k === j ? { ...x, end: e.target.value } : x)),
                              })
                            }
                          />
                        </div>
                      ))}
                    <button
                      type="button"
                      className="pb-2 text-sm text-red-700 hover:underline"
                      aria-label={`Remove the override on ${o.day}`}
                      onClick={() => setOverride(i, null)}
                    >
                      Remove
                    </button>
                  </div>
                  {errors[`override.${i}`] && <p className="field-error">{errors[`override.${i}`]}</p>}
                </li>
              );
            })}
          </ul>
        )}
      </section>

      <div className="flex flex-wrap items-center gap-3">
        <button type="submit" className="btn-primary" disabled={save.isPending}>
          {save.isPending ? "Saving…" : "Save hours"}
        </button>
        {saved && (
          <p role="status" className="text-sm text-emerald-700">
            Saved. New bookings follow these hours from now on.
          </p>
        )}
        {save.isError && (
          <p role="alert" className="text-sm text-red-700">
            {errorMessage(save.error)}
          </p>
        )}
      </div>
    </form>
  );
}
