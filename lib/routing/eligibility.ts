import type { ExclusionCode, Interval, MemberInput, RoutingRequest } from "./types";

export interface Exclusion {
  code: ExclusionCode;
  reason: string;
}

/** Absence reasons earn keep_position credit; 'busy' / 'outside_working_hours' are momentary. */
export function isAbsence(code: ExclusionCode): boolean {
  return code === "paused" || code === "on_exception" || code === "daily_cap" || code === "weekly_cap";
}

const pad2 = (n: number) => (n < 10 ? "0" + n : String(n));

/**
 * UTC 'YYYY-MM-DDTHH:MMZ'. Hand-rolled (Hinnant's civil-from-days) because Date#toISOString
 * cost ~1 µs per excluded member in bench/engine.ts; reasons are built for every exclusion.
 */
export function isoMinute(t: number): string {
  const minutes = Math.floor(t / 60_000);
  const days = Math.floor(minutes / 1440);
  const mod = minutes - days * 1440;
  const z = days + 719468;
  const era = Math.floor(z / 146097);
  const doe = z - era * 146097;
  const yoe = Math.floor((doe - Math.floor(doe / 1460) + Math.floor(doe / 36524) - Math.floor(doe / 146096)) / 365);
  const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100));
  const mp = Math.floor((5 * doy + 2) / 153);
  const d = doy - Math.floor((153 * mp + 2) / 5) + 1;
  const m = mp < 10 ? mp + 3 : mp - 9;
  const y = yoe + era * 400 + (m <= 2 ? 1 : 0);
  return y + "-" + pad2(m) + "-" + pad2(d) + "T" + pad2(Math.floor(mod / 60)) + ":" + pad2(mod % 60) + "Z";
}
const iso = isoMinute;

/**
 * Numeric exclusion codes for the hot path (0 = eligible). `EXCLUSION_CODES[c]` is the public
 * code; the order is the check order, except C_CALENDAR (checked right after C_BUSY, public code
 * `busy` too, with its own reason).
 */
export const ELIGIBLE = 0;
export const EXCLUSION_CODES: readonly ExclusionCode[] = [
  undefined as never, // 0 is "eligible": never read
  "paused",
  "on_exception",
  "busy",
  "outside_working_hours",
  "daily_cap",
  "weekly_cap",
  "busy", // C_CALENDAR
];
const C_PAUSED = 1;
const C_EXCEPTION = 2;
const C_BUSY = 3;
const C_OUTSIDE = 4;
const C_DAILY = 5;
const C_WEEKLY = 6;
const C_CALENDAR = 7;

/**
 * The interval that caused the last `eligibilityCode` result of on_exception / busy (the
 * exception, booking or calendar event), for `exclusionReason`. A mutable holder instead of a returned object so
 * the per-member check allocates nothing.
 */
export const HIT: { iv: Interval | null } = { iv: null };

/**
 * checkEligibilityAt without allocation: 0 if eligible, else the 1-based index into
 * EXCLUSION_CODES (first failing check wins); sets HIT.iv for on_exception / busy.
 */
export function eligibilityCode(m: MemberInput, hasSlot: boolean, start: number, end: number): number {
  if (!(m.weight > 0)) return C_PAUSED;
  const exs = m.exceptions;
  for (let i = 0; i < exs.length; i++) {
    const iv = exs[i];
    if (iv.start < end && iv.end > start) {
      HIT.iv = iv;
      return C_EXCEPTION;
    }
  }
  if (hasSlot) {
    const busy = m.busy;
    for (let i = 0; i < busy.length; i++) {
      const iv = busy[i];
      if (iv.start < end && iv.end > start) {
        HIT.iv = iv;
        return C_BUSY;
      }
    }
    const cal = m.calendarBusy;
    if (cal !== undefined) {
      for (let i = 0; i < cal.length; i++) {
        const iv = cal[i];
        if (iv.start < end && iv.end > start) {
          HIT.iv = iv;
          return C_CALENDAR;
        }
      }
    }
    const wh = m.workingHours;
    if (wh !== null) {
      let inside = false;
      for (let i = 0; i < wh.length; i++) {
        const iv = wh[i];
        if (iv.start <= start && end <= iv.end) {
          inside = true;
          break;
        }
      }
      if (!inside) return C_OUTSIDE;
    }
  }
  if (m.capPerDay !== null && m.dayCount >= m.capPerDay) return C_DAILY;
  if (m.capPerWeek !== null && m.weekCount >= m.capPerWeek) return C_WEEKLY;
  return ELIGIBLE;
}

// Reason strings are built for every excluded member (the list is always complete), so they are
// cheap: static text per code, memoized timestamps and cap pairs, `+` (rope) concatenation.
const ISO_CACHE = new Map<number, string>();
function isoCached(t: number): string {
  const minute = Math.floor(t / 60_000); // isoMinute depends on nothing else; a Smi until 3991
  let s = ISO_CACHE.get(minute);
  if (s === undefined) {
    if (ISO_CACHE.size >= 10_000) ISO_CACHE.clear(); // bounded; timestamps repeat within a queue
    s = iso(t);
    ISO_CACHE.set(minute, s);
  }
  return s;
}
const DAILY_CACHE = new Map<number, string>();
const WEEKLY_CACHE = new Map<number, string>();
function capReason(cache: Map<number, string>, label: string, count: number, cap: number): string {
  // small non-negative integer pairs key into one Smi
  const key =
    count >= 0 && count < 16_384 && cap >= 0 && cap < 65_536 && Number.isInteger(count) && Number.isInteger(cap)
      ? count * 65_536 + cap
      : -1;
  if (key >= 0) {
    const hit = cache.get(key);
    if (hit !== undefined) return hit;
  }
  const s = label + count + "/" + cap + ")";
  if (key >= 0) {
    if (cache.size >= 10_000) cache.clear();
    cache.set(key, s);
  }
  return s;
}

/** Human-readable reason for an exclusion code; `iv` = HIT.iv as left by eligibilityCode. */
export function exclusionReason(code: number, m: MemberInput, iv: Interval | null): string {
  switch (code) {
    case C_PAUSED:
      return "paused (weight 0)";
    case C_EXCEPTION:
      return "unavailable (exception) until " + isoCached((iv as Interval).end);
    case C_BUSY:
      return "busy: existing booking " + isoCached((iv as Interval).start) + " - " + isoCached((iv as Interval).end);
    case C_CALENDAR:
      return "busy in calendar " + isoCached((iv as Interval).start) + " - " + isoCached((iv as Interval).end);
    case C_OUTSIDE:
      return "requested time is outside working hours";
    case C_DAILY:
      return capReason(DAILY_CACHE, "daily cap reached (", m.dayCount, m.capPerDay as number);
    default:
      return capReason(WEEKLY_CACHE, "weekly cap reached (", m.weekCount, m.capPerWeek as number);
  }
}

/**
 * Returns why a member cannot take the request, or null if eligible.
 * Order matters (first failing check wins): paused, on_exception, busy,
 * outside_working_hours, daily_cap, weekly_cap.
 */
export function checkEligibility(m: MemberInput, req: RoutingRequest): Exclusion | null {
  const hasSlot = req.start !== undefined;
  const start = hasSlot ? (req.start as number) : req.now;
  // A start without end is treated as an instant.
  const end = hasSlot ? (req.end !== undefined ? req.end : start + 1) : req.now + 1;
  return checkEligibilityAt(m, hasSlot, start, end);
}

/** checkEligibility with the request window resolved once (see eligibilityCode for the hot path). */
export function checkEligibilityAt(m: MemberInput, hasSlot: boolean, start: number, end: number): Exclusion | null {
  const c = eligibilityCode(m, hasSlot, start, end);
  if (c === ELIGIBLE) return null;
  const iv = c === C_EXCEPTION || c === C_BUSY || c === C_CALENDAR ? HIT.iv : null;
  HIT.iv = null;
  return { code: EXCLUSION_CODES[c], reason: exclusionReason(c, m, iv) };
}
