// File names and references in an export: percent-decoding display names out of file names, and
// reading the bare id out of a full resource name (`projects/…/intents/<id>`).

/**
 * The display name a file or folder name stands for. Exports percent-encode unsafe characters with
 * lowercase hex (`%3e` for `>`), UTF-8 sequences included (`%e2%80%9c` for `“`); a `%` that does not
 * start a valid sequence is kept as it is, so a name like `100% sure` survives.
 * @example decodeName('%3e collect address') // '> collect address'
 */
export function decodeName(encoded: string): string {
  return encoded.replace(/(?:%[0-9a-fA-F]{2})+/g, (run) => {
    try {
      return decodeURIComponent(run);
    } catch {
      // An invalid UTF-8 run: decode what can be decoded one byte at a time, keep the rest.
      return run.replace(/%([0-9a-fA-F]{2})/g, (escape, hex: string) => (Number.parseInt(hex, 16) < 0x80 ? String.fromCharCode(Number.parseInt(hex, 16)) : escape));
    }
  });
}

/** True for a full resource name such as `projects/p/locations/l/agents/a/flows/<id>`. */
export function isResourceName(reference: string): boolean {
  return reference.startsWith('projects/');
}

/**
 * The last segment of a resource name (its bare id); any other string is returned as it is.
 * @example idOf('projects/p/locations/global/agents/a/intents/1234') // '1234'
 */
export function idOf(name: string): string {
  const slash = name.lastIndexOf('/');
  return slash === -1 ? name : name.slice(slash + 1);
}

/** The file name without its `.json` extension, decoded. */
export function displayNameOfFile(path: string): string {
  const base = path.slice(path.lastIndexOf('/') + 1);
  return decodeName(base.endsWith('.json') ? base.slice(0, -'.json'.length) : base);
}
