import { tzOffset } from "@date-fns/tz";

const HOUR_MS = 3_600_000;
const DAY_MS = 24 * HOUR_MS;
/** Per zone, by UTC day and (only for days with an offset change) by UTC hour: the offset, or NaN when it changes inside. */
const offsetsByZone = new Map<string, { days: Map<number, number>; hours: Map<number, number> }>();
/** Entries kept per zone and kind; a long-running process starts over beyond that. */
const MAX_CACHED = 100_000;

/** The zone's offset at `at` as TZDate's getTimezoneOffset reads it (minutes, UTC minus local): one Intl call. */
function exactOffset(at: number, timeZone: string): number {
  const offset = -tzOffset(timeZone, new Date(at));
  return offset > 0 ? Math.floor(offset) : Math.ceil(offset);
}

/** The offset of `[from, from + length)` if the same at its first and last millisecond, else NaN. */
function cached(map: Map<number, number>, key: number, length: number, timeZone: string): number {
  let offset = map.get(key);
  if (offset === undefined) {
    const first = exactOffset(key * length, timeZone);
    offset = first === exactOffset(key * length + length - 1, timeZone) ? first : NaN;
    if (map.size >= MAX_CACHED) map.clear();
    map.set(key, offset);
  }
  return offset;
}

/**
 * The zone's offset at `at`, cached per zone and UTC day, and per hour on the few days with a change:
 * asking Intl for every instant was most of the CPU of expanding working hours. Offsets change a few times
 * a year at whole minutes and never twice in a day, so a day (or hour) whose first and last millisecond
 * share an offset has it throughout; inside the hour of a change each instant asks Intl.
 */
export function zoneOffset(at: number, timeZone: string): number {
  let zone = offsetsByZone.get(timeZone);
  if (!zone) offsetsByZone.set(timeZone, (zone = { days: new Map(), hours: new Map() }));
  const daily = cached(zone.days, Math.floor(at / DAY_MS), DAY_MS, timeZone);
  if (!Number.isNaN(daily)) return daily;
  const hourly = cached(zone.hours, Math.floor(at / HOUR_MS), HOUR_MS, timeZone);
  return Number.isNaN(hourly) ? exactOffset(at, timeZone) : hourly;
}
