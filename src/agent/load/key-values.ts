// Proto maps as exports write them: a list of `{key, value}` (the API's plain-object form also accepted).

/**
 * The entries of an exported map as a plain object (later keys win).
 * @example recordOf([{ key: 'sys-head', value: '' }]) // { 'sys-head': '' }
 */
export function recordOf(raw: readonly { key: string; value: unknown }[] | Record<string, unknown> | undefined): Record<string, unknown> {
  if (raw === undefined) return {};
  if (!Array.isArray(raw)) return { ...raw };
  const record: Record<string, unknown> = {};
  for (const { key, value } of raw) record[key] = value;
  return record;
}
