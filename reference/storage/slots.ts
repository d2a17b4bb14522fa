// The slot grid of the reference booking store: which times can be booked, and the next free ones
// to offer when a slot is taken. One grid for every service and every day, to keep it readable.

export interface SlotGrid {
  /** HH:MM, the first slot of the day */
  opensAt: string;
  /** HH:MM, when the last slot ends (no slot starts here) */
  closesAt: string;
  stepMinutes: number;
}

/** Every half hour from 9:00; the last slot starts at 16:30. */
export const DEFAULT_SLOT_GRID: SlotGrid = { opensAt: '09:00', closesAt: '17:00', stepMinutes: 30 };

const minutesOf = (time: string) => Number(time.slice(0, 2)) * 60 + Number(time.slice(3, 5));
const hhmm = (minutes: number) => `${String(Math.floor(minutes / 60)).padStart(2, '0')}:${String(minutes % 60).padStart(2, '0')}`;

/**
 * The start times of a day's slots, in order.
 * @example slotTimes(DEFAULT_SLOT_GRID) // ['09:00', '09:30', …, '16:30']
 */
export function slotTimes(grid: SlotGrid = DEFAULT_SLOT_GRID): string[] {
  const times: string[] = [];
  for (let minutes = minutesOf(grid.opensAt); minutes + grid.stepMinutes <= minutesOf(grid.closesAt); minutes += grid.stepMinutes) times.push(hhmm(minutes));
  return times;
}

/**
 * The slot a time names (HH:MM or HH:MM:SS), or undefined when it is not a slot start.
 * @example onGrid('15:00:00') // '15:00'; onGrid('15:10') // undefined
 */
export function onGrid(time: string, grid: SlotGrid = DEFAULT_SLOT_GRID): string | undefined {
  const match = /^(\d{2}):(\d{2})(?::(\d{2}))?$/.exec(time);
  if (!match || Number(match[3] ?? 0) !== 0) return undefined;
  const slot = `${match[1]}:${match[2]}`;
  return slotTimes(grid).includes(slot) ? slot : undefined;
}

/**
 * A calendar date `days` later (YYYY-MM-DD in, YYYY-MM-DD out; no time zone involved).
 * @example addDays('2026-02-28', 1) // '2026-03-01'
 */
export function addDays(date: string, days: number): string {
  const next = new Date(`${date}T00:00:00Z`);
  next.setUTCDate(next.getUTCDate() + days);
  return next.toISOString().slice(0, 10);
}

/**
 * The grid in words, for the caller.
 * @example describeGrid(DEFAULT_SLOT_GRID) // 'every 30 minutes from 09:00 to 17:00'
 */
export function describeGrid(grid: SlotGrid = DEFAULT_SLOT_GRID): string {
  return `every ${grid.stepMinutes} minutes from ${grid.opensAt} to ${grid.closesAt}`;
}
