/**
 * iCalendar (RFC 5545) text → busy intervals inside a window. Pure: no I/O, no global state.
 *
 * Decisions, so routing and the cache can rely on them:
 * - Time zones come from the file's own VTIMEZONEs (ical.js 2 resolves a TZID against the
 *   VCALENDAR it belongs to, so one calendar's definitions never leak into another's through
 *   the process-wide TimezoneService). A TZID without a VTIMEZONE that names an IANA zone
 *   ("Europe/Berlin") is read in that zone; floating times and unknown TZIDs are read in the
 *   person's zone (RFC 5545: floating means "wherever the attendee is").
 * - All-day events (DATE values) block whole days in the person's zone: from local midnight of
 *   DTSTART to local midnight of DTEND (exclusive; one day when there is no DTEND). Calendars
 *   that mean "all-day but free" (Google's default for all-day events) say so with
 *   TRANSP:TRANSPARENT, which is honoured like everywhere else.
 * - TRANSP:TRANSPARENT and STATUS:CANCELLED (on the series or on one overridden occurrence) never
 *   block. Zero-length events never block.
 * - Recurrences: RRULE, RDATE and EXDATE through ical.js, RECURRENCE-ID overrides (also ones moved
 *   into or out of the window, and RANGE=THISANDFUTURE). Expansion is bounded: at most
 *   `maxOccurrencesPerEvent` in the window and `maxIterationsPerEvent` steps from DTSTART, and
 *   sub-daily rules (SECONDLY, MINUTELY, HOURLY) are not expanded (only their first occurrence
 *   counts) because a pathological one can take billions of steps. Every cut is reported.
 * - Broken components (unparseable dates, invalid rules) are skipped and reported, never thrown:
 *   one bad event must not hide the rest of a person's calendar.
 */
import ICAL from "ical.js";
import { TZDate } from "@date-fns/tz";

export interface BusyInterval {
  /** UID of the event; several intervals share one UID when it recurs. */
  uid: string;
  start: Date;
  end: Date;
  allDay: boolean;
}

export interface SkippedEvent {
  uid: string;
  reason: string;
}

export interface BusyTimes {
  /** Sorted by start, then end; intervals are not merged (each keeps its UID). */
  intervals: BusyInterval[];
  /** Events that were dropped or only partly expanded, with the reason in plain words. */
  skipped: SkippedEvent[];
}

export interface ParseBusyTimesOptions {
  ics: string;
  /** Window start (inclusive); an interval is returned when it overlaps [from, to). */
  from: Date;
  to: Date;
  /** IANA zone of the person whose calendar this is: all-day events and floating times. */
  timeZone: string;
  maxOccurrencesPerEvent?: number;
  maxIterationsPerEvent?: number;
}

export const DEFAULT_MAX_OCCURRENCES_PER_EVENT = 2_000;
/** Fifty years of a daily event; weekly and coarser rules never get near it. */
export const DEFAULT_MAX_ITERATIONS_PER_EVENT = 20_000;

const SUB_DAILY = new Set(["SECONDLY", "MINUTELY", "HOURLY"]);
const DAY_MS = 86_400_000;

export class IcsParseError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "IcsParseError";
  }
}

/** Parses the text as one VCALENDAR (several concatenated ones are merged) and returns its root. */
function parseCalendar(ics: string): ICAL.Component {
  const jcal: unknown = ICAL.parse(ics);
  // One VCALENDAR parses to ["vcalendar", …]; several to an array of those.
  const roots = (Array.isArray(jcal) && typeof jcal[0] === "string" ? [jcal] : (jcal as unknown[])) as unknown[];
  const calendars = roots.map((j) => new ICAL.Component(j as unknown[]));
  if (calendars.length === 0 || calendars.some((c) => c.name !== "vcalendar"))
    throw new IcsParseError("This is not an iCalendar file: it has no VCALENDAR");
  const [first, ...rest] = calendars;
  for (const c of rest) for (const sub of c.getAllSubcomponents()) first.addSubcomponent(sub);
  return first;
}

/**
 * ical.js rejects a whole file for one bad value (an RRULE with BYMONTH=0, a broken date). Then each
 * top-level component is parsed on its own, so one bad event is skipped and reported, not the calendar.
 */
function parseComponentByComponent(ics: string, skipped: SkippedEvent[]): ICAL.Component {
  const lines = ics.replace(/\r?\n[ \t]/g, "").split(/\r?\n/);
  if (!lines.some((l) => /^BEGIN:VCALENDAR$/i.test(l.trim())))
    throw new IcsParseError("This is not an iCalendar file: it has no VCALENDAR");
  const root = new ICAL.Component(["vcalendar", [], []]);
  let depth = 0;
  let block: string[] = [];
  for (const raw of lines) {
    const line = raw.trim();
    if (/^BEGIN:/i.test(line)) depth++;
    if (depth >= 2) block.push(line);
    if (/^END:/i.test(line)) {
      depth--;
      if (depth === 1 && block.length) {
        try {
          const one = parseCalendar(["BEGIN:VCALENDAR", "VERSION:2.0", ...block, "END:VCALENDAR"].join("\r\n"));
          for (const sub of one.getAllSubcomponents()) root.addSubcomponent(sub);
        } catch (e) {
          const uid = block.find((l) => /^UID[:;]/i.test(l))?.replace(/^UID[^:]*:/i, "") ?? "unknown";
          skipped.push({ uid, reason: `Could not be read: ${(e as Error).message}` });
        }
        block = [];
      }
    }
  }
  return root;
}

function readCalendar(ics: string, skipped: SkippedEvent[]): ICAL.Component {
  try {
    return parseCalendar(ics);
  } catch (e) {
    if (e instanceof IcsParseError) throw e;
    return parseComponentByComponent(ics, skipped);
  }
}

function isIanaZone(zone: string): boolean {
  try {
    new Intl.DateTimeFormat("en-US", { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}

/** The absolute instant of an ical.js time; `fallbackZone` is used for dates and floating times. */
function toInstant(time: ICAL.Time, fallbackZone: string): number {
  if (time.isDate) return new TZDate(time.year, time.month - 1, time.day, fallbackZone).getTime();
  if (time.zone === ICAL.Timezone.localTimezone) {
    return new TZDate(time.year, time.month - 1, time.day, time.hour, time.minute, time.second, fallbackZone).getTime();
  }
  return time.toUnixTime() * 1000;
}

/** Zone for floating readings of one property: its TZID when that is an IANA zone, else the person's. */
function zoneFor(prop: ICAL.Property | null, personZone: string): string {
  const tzid = prop?.getParameter("tzid");
  return typeof tzid === "string" && isIanaZone(tzid) ? tzid : personZone;
}

function isBlocking(component: ICAL.Component): boolean {
  const transp = String(component.getFirstPropertyValue("transp") ?? "").toUpperCase();
  const status = String(component.getFirstPropertyValue("status") ?? "").toUpperCase();
  return transp !== "TRANSPARENT" && status !== "CANCELLED";
}

interface Context {
  from: number;
  to: number;
  personZone: string;
  out: BusyInterval[];
  skipped: SkippedEvent[];
}

function push(ctx: Context, uid: string, start: number, end: number, allDay: boolean) {
  if (end > start && start < ctx.to && end > ctx.from)
    ctx.out.push({ uid, start: new Date(start), end: new Date(end), allDay });
}

/** One concrete occurrence (a non-recurring event, or an override) taken from its own DTSTART/DTEND. */
function addSingle(ctx: Context, uid: string, event: ICAL.Event) {
  if (!isBlocking(event.component)) return;
  const startZone = zoneFor(event.component.getFirstProperty("dtstart"), ctx.personZone);
  const endZone = zoneFor(event.component.getFirstProperty("dtend"), startZone);
  const start = event.startDate;
  push(ctx, uid, toInstant(start, startZone), toInstant(event.endDate, endZone), start.isDate);
}

function addRecurring(
  ctx: Context,
  uid: string,
  master: ICAL.Event,
  limits: { maxOccurrences: number; maxIterations: number },
) {
  const seriesBlocks = isBlocking(master.component);
  const rrule = master.component.getFirstPropertyValue("rrule") as ICAL.Recur | null;
  if (rrule && SUB_DAILY.has(rrule.freq)) {
    ctx.skipped.push({ uid, reason: `Repeats ${rrule.freq.toLowerCase()}: only the first occurrence counts` });
    if (seriesBlocks) addSingle(ctx, uid, master);
    return;
  }
  // Nothing after the window matters: an UNTIL at its end (a day later, for floating times) also stops
  // rules that can never match again within microseconds instead of the 400 years ical.js searches.
  const horizon = ICAL.Time.fromJSDate(new Date(ctx.to + DAY_MS), true);
  for (const prop of master.component.getAllProperties("rrule")) {
    const rule = prop.getFirstValue() as ICAL.Recur;
    if (!rule.until || rule.until.compare(horizon) > 0) rule.until = horizon;
  }
  const startZone = zoneFor(master.component.getFirstProperty("dtstart"), ctx.personZone);
  const endZone = zoneFor(master.component.getFirstProperty("dtend"), startZone);
  const iterator = master.iterator();
  let iterations = 0;
  let inWindow = 0;
  for (let next = iterator.next(); next; next = iterator.next()) {
    if (++iterations > limits.maxIterations) {
      ctx.skipped.push({ uid, reason: `Stopped after ${limits.maxIterations} repetitions from its first date` });
      return;
    }
    const details = master.getOccurrenceDetails(next);
    const exception = details.item !== master ? details.item : null;
    // An override of this very occurrence is added on its own (it may have moved into or out of the window).
    if (exception && exception.recurrenceId.compare(next) === 0) {
      if (toInstant(next, startZone) >= ctx.to) break;
      continue;
    }
    const start = toInstant(details.startDate, startZone);
    if (start >= ctx.to) break;
    if (!(exception ? isBlocking(exception.component) : seriesBlocks)) continue;
    const end = toInstant(details.endDate, endZone);
    if (end <= ctx.from) continue;
    if (++inWindow > limits.maxOccurrences) {
      ctx.skipped.push({
        uid,
        reason: `More than ${limits.maxOccurrences} occurrences in the window; the rest are ignored`,
      });
      return;
    }
    push(ctx, uid, start, end, details.startDate.isDate);
  }
}

export function parseBusyTimes(options: ParseBusyTimesOptions): BusyTimes {
  const { from, to, timeZone } = options;
  if (!isIanaZone(timeZone)) throw new RangeError(`Unknown time zone: ${timeZone}`);
  const limits = {
    maxOccurrences: options.maxOccurrencesPerEvent ?? DEFAULT_MAX_OCCURRENCES_PER_EVENT,
    maxIterations: options.maxIterationsPerEvent ?? DEFAULT_MAX_ITERATIONS_PER_EVENT,
  };
  const ctx: Context = { from: from.getTime(), to: to.getTime(), personZone: timeZone, out: [], skipped: [] };
  if (!(ctx.from < ctx.to)) return { intervals: [], skipped: [] };

  const calendar = readCalendar(options.ics, ctx.skipped);
  const byUid = new Map<string, { master?: ICAL.Component; overrides: ICAL.Component[] }>();
  for (const [index, vevent] of calendar.getAllSubcomponents("vevent").entries()) {
    const uid = String(vevent.getFirstPropertyValue("uid") ?? `no-uid-${index}`);
    const group = byUid.get(uid) ?? { overrides: [] };
    if (vevent.hasProperty("recurrence-id")) group.overrides.push(vevent);
    else group.master ??= vevent;
    byUid.set(uid, group);
  }

  for (const [uid, group] of byUid) {
    try {
      if (group.master?.hasProperty("dtstart")) {
        const master = new ICAL.Event(group.master, { exceptions: group.overrides, strictExceptions: false });
        if (master.isRecurring()) addRecurring(ctx, uid, master, limits);
        else addSingle(ctx, uid, master);
      }
      // Overrides stand on their own: with a master they replace its occurrence (skipped above); without one
      // (a CalDAV server sharing a single moved occurrence) they are still real busy time.
      for (const override of group.overrides) {
        if (override.hasProperty("dtstart")) addSingle(ctx, uid, new ICAL.Event(override));
      }
    } catch (e) {
      ctx.skipped.push({ uid, reason: `Could not be read: ${(e as Error).message}` });
    }
  }

  ctx.out.sort((a, b) => a.start.getTime() - b.start.getTime() || a.end.getTime() - b.end.getTime());
  return { intervals: ctx.out, skipped: ctx.skipped };
}
