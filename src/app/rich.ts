// Element builders for Dialogflow Messenger rich content, typed after the Messenger schema.
import type { RichElement } from '../protocol/rich-content.ts';

type Of<T extends RichElement['type']> = Omit<Extract<RichElement, { type: T }>, 'type'>;

/**
 * Messenger rich content elements; pass cards of them to `ctx.reply.richContent(...)`.
 * @example ctx.reply.richContent([rich.info({ title: 'Order 42', subtitle: 'Shipped' }), rich.divider()])
 */
export const rich = {
  info: (fields: Of<'info'>): RichElement => ({ type: 'info', ...fields }),
  description: (title: string, ...lines: string[]): RichElement => ({ type: 'description', title, text: lines }),
  image: (rawUrl: string, accessibilityText?: string): RichElement => ({
    type: 'image',
    rawUrl,
    ...(accessibilityText === undefined ? {} : { accessibilityText }),
  }),
  button: (fields: Of<'button'>): RichElement => ({ type: 'button', ...fields }),
  list: (fields: Of<'list'>): RichElement => ({ type: 'list', ...fields }),
  accordion: (fields: Of<'accordion'>): RichElement => ({ type: 'accordion', ...fields }),
  /** Suggestion chips; plain strings become `{ text }` options. */
  chips: (options: (string | Of<'chips'>['options'][number])[]): RichElement => ({
    type: 'chips',
    options: options.map((option) => (typeof option === 'string' ? { text: option } : option)),
  }),
  divider: (): RichElement => ({ type: 'divider' }),
  citations: (citations: Of<'match_citations'>['citations']): RichElement => ({ type: 'match_citations', citations }),
  html: (html: string): RichElement => ({ type: 'html', html }),
};
