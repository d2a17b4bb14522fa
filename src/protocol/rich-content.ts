// Dialogflow Messenger rich content (spec section 13): `payload.richContent` is a list of cards, each
// a list of elements. Builders emit the current schema; checks accept it and the legacy df-messenger one.
import * as z from 'zod';
import { builtOnFirstUse } from './on-first-use.ts';

function defineRichContent() {
  const rawImage = z.strictObject({ rawUrl: z.string().min(1) });
  const anchor = z.strictObject({ href: z.string().min(1), target: z.string().optional() });
  const clickEvent = z.strictObject({ event: z.string().min(1) });
  const icon = z.strictObject({ type: z.string().min(1), color: z.string().optional() });
  /** The current CX Messenger element types, each a strict schema. */
  const elements = {
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

  // Legacy df-messenger shapes (image.src.rawUrl, actionLink/link, event{name,…}), checked loosely.
  const legacyImage = z.object({ src: z.object({ rawUrl: z.string() }) });
  const legacyEvent = z.object({ name: z.string(), languageCode: z.string().optional(), parameters: z.record(z.string(), z.unknown()).optional() });
  const legacy: Partial<Record<string, z.ZodType>> = {
    info: z.object({ type: z.literal('info'), title: z.string().optional(), subtitle: z.string().optional(), actionLink: z.string().optional(), image: legacyImage.optional() }),
    button: z.object({ type: z.literal('button'), icon: icon.optional(), text: z.string().optional(), link: z.string().optional(), event: legacyEvent.optional() }),
    chips: z.object({ type: z.literal('chips'), options: z.array(z.object({ text: z.string(), link: z.string().optional(), image: legacyImage.optional() })).min(1) }),
    accordion: z.object({ type: z.literal('accordion'), title: z.string().optional(), subtitle: z.string().optional(), image: legacyImage.optional(), text: z.string().optional() }),
    list: z.object({ type: z.literal('list'), title: z.string().optional(), subtitle: z.string().optional(), event: legacyEvent.optional() }),
  };
  const union = z.discriminatedUnion('type', Object.values(elements) as unknown as [(typeof elements)['info'], ...(typeof elements)[keyof typeof elements][]]);
  return { elements, legacy, union };
}

type RichContentSchemas = ReturnType<typeof defineRichContent>;
const schemas = builtOnFirstUse(defineRichContent);

/** The current CX Messenger element types, each a strict schema (built on first use). */
export const richElementSchemas: RichContentSchemas['elements'] = builtOnFirstUse(() => schemas.elements);
export type RichElementType = keyof RichContentSchemas['elements'];
export type RichElement = { [K in RichElementType]: z.infer<RichContentSchemas['elements'][K]> }[RichElementType];

/** Checks one element against the current Messenger schemas, by its `type`. */
export function parseRichElement(element: unknown): ReturnType<RichContentSchemas['union']['safeParse']> {
  return schemas.union.safeParse(element);
}

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
      // Own keys only: a `type` of "toString" must not find Object.prototype's.
      const current = Object.hasOwn(schemas.elements, type) ? schemas.elements[type as RichElementType] : undefined;
      if (!current) return;
      const result = current.safeParse(element);
      if (result.success || (Object.hasOwn(schemas.legacy, type) ? schemas.legacy[type] : undefined)?.safeParse(element).success) return;
      for (const issue of result.error.issues) {
        issues.push({ path: [...path, ...(issue.path as (string | number)[])], message: `${type}: ${issue.message}` });
      }
    });
  });
  return issues;
}
