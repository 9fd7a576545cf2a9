/** Pure slot math (no I/O, no clock): calendar days in a zone, working hours, interval algebra, grids. */
export {
  mergeIntervals,
  subtractIntervals,
  covers,
  widen,
  bufferedBusy,
  NO_BUFFERS,
  type BufferedInterval,
  type Buffers,
} from "./intervals";
export {
  parseDay,
  dayOf,
  addCalendarDays,
  isoWeekday,
  wallClock,
  dayRange,
  resolveRange,
  type CalendarDay,
} from "./calendar";
export {
  expandWorkingHours,
  ALL_DAY,
  OFFICE_HOURS,
  dayKey,
  type WeeklyRule,
  type DayRangeRule,
  type DateOverrides,
} from "./working-hours";
export { gridStarts, unionStarts, type GridOptions } from "./grid";
