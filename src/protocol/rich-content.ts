// Dialogflow Messenger rich content (spec section 13): `payload.richContent` is a list of cards, each
// a list of elements. Builders emit the current schema; checks accept it and the legacy df-messenger one.
import * as z from 'zod';

const rawImage = z.strictObject({ rawUrl: z.string().min(1) });
const anchor = z.strictObject({ href: z.string().min(1), target: z.string().optional() });
const clickEvent = z.strictObject({ event: z.string().min(1) });
const icon = z.strictObject({ type: z.string().min(1), color: z.string().optional() });

/** The current CX Messenger element types, each a strict schema. */
export const richElementSchemas = {
  info: z.strictObject({
    type: z.literal('info'),
    title: z.string().optional(),
    subtitle: z.string().optional(),
    image: rawImage.optional(),
    anchor: anchor.optional(),
  }),
  description: z.strictObject({ type: z.literal('description'), title: z.string().optional(), text: z.array(z.string()).optional() }),
  image: z.strictObject({ type: z.literal('image'), rawUrl: z.string().min(1), accessibilityText: z.string().optional() }),
  button: z.strictObject({
    type: z.literal('button'),
    icon: icon.optional(),
    text: z.string().optional(),
    anchor: anchor.optional(),
    event: clickEvent.optional(),
  }),
  list: z.strictObject({
    type: z.literal('list'),
    title: z.string().optional(),
    subtitle: z.string().optional(),
    event: clickEvent.optional(),
  }),
  accordion: z.strictObject({
    type: z.literal('accordion'),
    title: z.string().optional(),
    subtitle: z.string().optional(),
    image: rawImage.optional(),
    text: z.string().optional(),
  }),
  chips: z.strictObject({
    type: z.literal('chips'),
    options: z
      .array(z.strictObject({ text: z.string().min(1), image: rawImage.optional(), anchor: anchor.optional(), mode: z.string().optional() }))
      .min(1),
    mode: z.string().optional(),
  }),
  divider: z.strictObject({ type: z.literal('divider') }),
  match_citations: z.strictObject({
    type: z.literal('match_citations'),
    citations: z.array(
      z.strictObject({ title: z.string().optional(), subtitle: z.string().optional(), anchor: anchor.optional() }),
    ),
  }),
  html: z.strictObject({ type: z.literal('html'), html: z.string() }),
} as const;

export type RichElementType = keyof typeof richElementSchemas;
export type RichElement = { [K in RichElementType]: z.infer<(typeof richElementSchemas)[K]> }[RichElementType];
export const richElement = z.discriminatedUnion('type', Object.values(richElementSchemas) as unknown as [
  (typeof richElementSchemas)['info'],
  ...(typeof richElementSchemas)[RichElementType][],
]);

// Legacy df-messenger shapes (image.src.rawUrl, actionLink/link, event{name,…}), checked loosely.
const legacyImage = z.object({ src: z.object({ rawUrl: z.string() }) });
const legacyEvent = z.object({ name: z.string(), languageCode: z.string().optional(), parameters: z.record(z.string(), z.unknown()).optional() });
const legacyElementSchemas: Partial<Record<RichElementType, z.ZodType>> = {
  info: z.object({ type: z.literal('info'), title: z.string().optional(), subtitle: z.string().optional(), actionLink: z.string().optional(), image: legacyImage.optional() }),
  button: z.object({ type: z.literal('button'), icon: icon.optional(), text: z.string().optional(), link: z.string().optional(), event: legacyEvent.optional() }),
  chips: z.object({ type: z.literal('chips'), options: z.array(z.object({ text: z.string(), link: z.string().optional(), image: legacyImage.optional() })).min(1) }),
  accordion: z.object({ type: z.literal('accordion'), title: z.string().optional(), subtitle: z.string().optional(), image: legacyImage.optional(), text: z.string().optional() }),
  list: z.object({ type: z.literal('list'), title: z.string().optional(), subtitle: z.string().optional(), event: legacyEvent.optional() }),
};

export interface RichContentIssue {
  path: (string | number)[];
  message: string;
}

/**
 * Problems in a `richContent` value. Elements of known Messenger types must match the current or the
 * legacy schema; unknown types pass (other integrations, e.g. CCAI `textBox`, use their own).
 */
export function checkRichContent(richContent: unknown): RichContentIssue[] {
  if (!Array.isArray(richContent)) return [{ path: [], message: 'richContent must be a list of cards' }];
  const issues: RichContentIssue[] = [];
  richContent.forEach((card: unknown, cardIndex) => {
    // A single-level list of elements is also seen in real agents; check its elements the same way.
    const elements = Array.isArray(card) ? card : [card];
    elements.forEach((element: unknown, elementIndex) => {
      const path = Array.isArray(card) ? [cardIndex, elementIndex] : [cardIndex];
      const type = (element as { type?: unknown } | null)?.type;
      if (typeof type !== 'string') {
        issues.push({ path, message: 'a rich content element must be an object with a string "type"' });
        return;
      }
      const current = richElementSchemas[type as RichElementType];
      if (!current) return;
      const result = current.safeParse(element);
      if (result.success || legacyElementSchemas[type as RichElementType]?.safeParse(element).success) return;
      for (const issue of result.error.issues) {
        issues.push({ path: [...path, ...(issue.path as (string | number)[])], message: `${type}: ${issue.message}` });
      }
    });
  });
  return issues;
}
