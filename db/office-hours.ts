/** Shapes of working hours as stored (working_hours rows, workspace defaults, date overrides). No imports: db and lib/slots share it. */

/** One working range of a day, in minutes after local midnight (0–1440) of the person's own zone. */
export interface DayRange {
  startMinute: number;
  endMinute: number;
}

/** One weekly rule: ISO weekday (1 = Monday … 7 = Sunday) and a range in the person's zone. */
export interface WeeklyHours extends DayRange {
  weekday: number;
}

/** Mon–Fri 09:00–17:00: a new workspace's default weekly hours (in each person's own zone). */
export const OFFICE_HOURS: readonly WeeklyHours[] = [1, 2, 3, 4, 5].map((weekday) => ({
  weekday,
  startMinute: 540,
  endMinute: 1020,
}));
