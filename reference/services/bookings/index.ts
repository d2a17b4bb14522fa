// Where bookings go: the BookingSystem interface, and the external scheduling API when configured
// (the database engine lives in reference/storage).
import type { Config } from '../../config.ts';
import type { BookingSystem } from './booking-system.ts';
import { httpBookingSystem, type HttpBookingOptions } from './http.ts';

export * from './booking-system.ts';
export { httpBookingSystem, idempotencyKey, MAX_REASON_LENGTH, type HttpBookingOptions } from './http.ts';

/**
 * The scheduling-API client the configuration asks for, or undefined when BOOKING_API_URL is unset
 * (then the database books).
 * @example const external = bookingApiFromConfig(config.bookingApi, { log: logger }) ?? databaseBookings;
 */
export function bookingApiFromConfig(config: Config['bookingApi'], extra: Omit<HttpBookingOptions, 'url' | 'apiKey' | 'timeoutMs'> = {}): BookingSystem | undefined {
  return config && httpBookingSystem({ ...extra, url: config.url, apiKey: config.apiKey, timeoutMs: config.timeoutMs });
}
