export { compareDates, toCalendarDate, toTimeOfDay, today, type CalendarDate, type TimeOfDay } from './date-time.ts';
