// Builds entity types (spec cx-agent-export §5.6) with the entities and excluded phrases of every language.
import type { Entity, EntityType } from '../model.ts';
import type { ParsedEntityType } from './read-resources.ts';
import type { EntityShape, ExcludedPhraseShape } from './shapes.ts';

const KINDS = new Set<string>(['KIND_MAP', 'KIND_LIST', 'KIND_REGEXP']);

/** An item's own languageCode, else the language its file is named after. */
function languageOf(raw: { languageCode?: string }, fileLanguage: string | undefined): { languageCode?: string } {
  const languageCode = raw.languageCode || fileLanguage;
  return languageCode ? { languageCode } : {};
}

function entityOf(raw: EntityShape, fileLanguage?: string): Entity {
  // CX matches an entity by its synonyms; with none listed, the value is the only synonym.
  return { value: raw.value, synonyms: raw.synonyms ?? [raw.value], ...languageOf(raw, fileLanguage) };
}

function excludedPhraseOf(raw: ExcludedPhraseShape, fileLanguage?: string): EntityType['excludedPhrases'][number] {
  return { value: raw.value, ...languageOf(raw, fileLanguage) };
}

/**
 * The model of a parsed entity type; an unset or unknown `kind` is read as `KIND_MAP`, the proto's
 * first real kind.
 * @example entityTypeOf(parsed).excludedPhrases // [{ value: 'Europe', languageCode: 'en' }]
 */
export function entityTypeOf(parsed: ParsedEntityType): EntityType {
  const { data } = parsed;
  return {
    id: parsed.id,
    displayName: parsed.displayName,
    kind: data.kind && KINDS.has(data.kind) ? (data.kind as EntityType['kind']) : 'KIND_MAP',
    autoExpansion: data.autoExpansionMode === 'AUTO_EXPANSION_MODE_DEFAULT',
    fuzzyExtraction: data.enableFuzzyExtraction ?? false,
    redact: data.redact ?? false,
    entities: [
      ...(data.entities ?? []).map((raw) => entityOf(raw)),
      ...parsed.entities.flatMap((file) => file.entities.map((raw) => entityOf(raw, file.language))),
    ],
    excludedPhrases: [
      ...(data.excludedPhrases ?? []).map((raw) => excludedPhraseOf(raw)),
      ...parsed.excludedPhrases.flatMap((file) => file.phrases.map((raw) => excludedPhraseOf(raw, file.language))),
    ],
    source: { file: parsed.file, path: '$' },
  };
}
