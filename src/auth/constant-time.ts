// Compares a presented secret with every configured one in constant time: both sides are hashed
// first, so neither the secret's length nor the position of the first wrong byte shows in timing,
// and every configured secret is compared (no early exit reveals which one came close).
import { createHash, timingSafeEqual } from 'node:crypto';
import { CxhookError } from '../errors/index.ts';

const digest = (value: string): Buffer => createHash('sha256').update(value, 'utf8').digest();

/** Secrets as users configure them: a list (named `<prefix>-<index>`) or a record name → secret. */
export type NamedSecrets = readonly string[] | Readonly<Record<string, string>>;

export interface SecretMatcher {
  /** The name of the configured secret equal to `presented`, or undefined. */
  match(presented: string): string | undefined;
}

/** Validates the option (throws CXH_ERR_INVALID_OPTION) and returns a constant-time matcher. */
export function secretMatcher(option: string, secrets: NamedSecrets | undefined, prefix: string): SecretMatcher {
  const entries = normalize(option, secrets, prefix);
  const digests = entries.map(([name, secret]) => ({ name, digest: digest(secret) }));
  return {
    match(presented) {
      const candidate = digest(presented);
      let found: string | undefined;
      for (const entry of digests) {
        if (timingSafeEqual(candidate, entry.digest) && found === undefined) found = entry.name;
      }
      return found;
    },
  };
}

function normalize(option: string, secrets: NamedSecrets | undefined, prefix: string): [string, string][] {
  if (secrets === null || typeof secrets !== 'object') {
    throw new CxhookError('CXH_ERR_INVALID_OPTION', [option, 'must be a list of secrets or a record name → secret']);
  }
  const entries: [string, unknown][] = Array.isArray(secrets)
    ? secrets.map((secret, index) => [`${prefix}-${index}`, secret])
    : Object.entries(secrets);
  if (entries.length === 0) throw new CxhookError('CXH_ERR_INVALID_OPTION', [option, 'must hold at least one secret']);
  for (const [name, secret] of entries) {
    // The name is safe to show; the secret never is.
    if (typeof secret !== 'string' || secret === '') {
      throw new CxhookError('CXH_ERR_INVALID_OPTION', [option, `the secret named "${name}" is empty or not a string`]);
    }
  }
  return entries as [string, string][];
}

/** Both strings equal, in time independent of their content (for pairs such as user + password). */
export function sameSecret(a: string, b: string): boolean {
  return timingSafeEqual(digest(a), digest(b));
}
