// Service URLs (DATABASE_URL, REDIS_URL) may hold a password; this is how they appear in logs.

/** The URL as it may be logged: the password replaced by `[redacted]`, as in every other log line. */
export function redactUrlPassword(url: string): string {
  try {
    const parsed = new URL(url);
    const text = parsed.toString();
    return parsed.password ? text.replace(`:${parsed.password}@`, ':[redacted]@') : text;
  } catch {
    return '[unparseable URL]';
  }
}
