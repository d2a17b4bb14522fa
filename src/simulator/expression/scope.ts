// What an expression can see: the parameter scopes of one moment of a conversation, plus the clock
// and the random source (passed in, so a simulation repeats).

/** The values references read (`$session.params.x`, `$flow.x`, …) and the clock `NOW()` reads. */
export interface Scope {
  /** `$session.params.<name>` */
  session: Record<string, unknown>;
  /** `$flow.<name>` */
  flow: Record<string, unknown>;
  /** `$page.params.<name>`; `$page.params.status` is `status`; `$page.params.<name>.status` is `"UPDATED"` for names in `updated`. */
  page: { params: Record<string, unknown>; status?: 'FINAL'; updated?: ReadonlySet<string> };
  /** `$intent.params.<id>.original` / `.resolved` of the matched intent. */
  intent?: { displayName: string; params: Record<string, { original: string; resolved: unknown }> };
  /** `$request.<path>`: `webhook_status_code`, `generative.<name>`, `knowledge.answers`, `sentiment.score`, … */
  request: Record<string, unknown>;
  /** The clock for `NOW()`, `IS_FUTURE_DATE()` and friends. */
  now(): Date;
  /** In [0, 1): `RAND()`, `UUID()`. */
  random(): number;
  /** IANA zone for `NOW()` and date checks (default `UTC`). */
  timeZone?: string;
}
