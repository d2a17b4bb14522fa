// What an entity finder returns: a span of the user's text, what it said and what it resolves to.

/** One entity found in a text: `original` is `text.slice(start, end)`. */
export interface EntityMatch {
  start: number;
  end: number;
  original: string;
  resolved: unknown;
}

/**
 * The matches that do not overlap, the longest winning (then the one earlier in the list, then the
 * leftmost), returned in text order: "Sea of Cortez" wins over "Cortez".
 * @example longestFirst([{ start: 0, end: 3, … }, { start: 0, end: 13, … }]) // [the 13-character one]
 */
export function longestFirst(matches: readonly EntityMatch[]): EntityMatch[] {
  const ranked = matches
    .map((match, order) => ({ match, order }))
    .sort((a, b) => b.match.end - b.match.start - (a.match.end - a.match.start) || a.order - b.order || a.match.start - b.match.start);
  const kept: EntityMatch[] = [];
  for (const { match } of ranked) {
    if (match.end > match.start && !kept.some((k) => match.start < k.end && k.start < match.end)) kept.push(match);
  }
  return kept.sort((a, b) => a.start - b.start);
}

/** A match for `text.slice(start, end)`. */
export function span(text: string, start: number, end: number, resolved: unknown): EntityMatch {
  return { start, end, original: text.slice(start, end), resolved };
}
