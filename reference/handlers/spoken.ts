// Values as the user reads or hears them. One place, so every handler says money and dates alike.
import type { CalendarDate, TimeOfDay } from 'cxhook';

const money = new Map<string, Intl.NumberFormat>();

/** 125075 cents → "$1,250.75"; -475 → "-$4.75". Always two decimals. */
export function spokenMoney(cents: number, currency = 'USD'): string {
  let format = money.get(currency);
  if (!format) {
    format = new Intl.NumberFormat('en-US', { style: 'currency', currency, minimumFractionDigits: 2, maximumFractionDigits: 2 });
    money.set(currency, format);
  }
  return format.format(cents / 100);
}

// Made on first use: building it loads ICU's calendar data (several ms), which a cold start that
// never speaks a date (most calls) should not pay.
let dates: Intl.DateTimeFormat | undefined;

/** 2031-06-13 → "Friday, June 13, 2031" */
export function spokenDate(date: CalendarDate): string {
  dates ??= new Intl.DateTimeFormat('en-US', { weekday: 'long', month: 'long', day: 'numeric', year: 'numeric', timeZone: 'UTC' });
  return dates.format(new Date(Date.UTC(date.year, date.month - 1, date.day)));
}

/** 15:00 → "3:00 PM" */
export function spokenTime(time: TimeOfDay): string {
  const hour = time.hours % 12 === 0 ? 12 : time.hours % 12;
  return `${hour}:${String(time.minutes).padStart(2, '0')} ${time.hours < 12 ? 'AM' : 'PM'}`;
}
