// Builds the simulator's NLU for one agent and language: the intent classifier trained on the
// agent's phrases, plus entity extraction for intent parameters and form filling.
import type { Agent, Intent, IntentParameter, TrainingPhrase } from '../../agent/model.ts';
import { invalidOption } from '../../errors/invalid-option.ts';
import { findByContext, learnContexts, type AnnotationContext } from './annotations.ts';
import { trainClassifier, type IntentClassifier } from './classifier.ts';
import { compileEntityType, type EntityFinder } from './entities/custom.ts';
import { offsetMinutes, type Clock } from './entities/dates.ts';
import { longestFirst, type EntityMatch } from './entities/match.ts';
import { findSystemEntity, isKnownSystemEntity } from './entities/system.ts';

/** A parameter value as CX keeps it: what the user said and what it resolves to. */
export interface ParameterValue {
  original: string;
  resolved: unknown;
}

export interface NluOptions {
  /** Whose training phrases and entity entries to use (default: the agent's default language). */
  languageCode?: string;
  /** Zone for relative dates (default: the agent's time zone, else UTC). */
  timeZone?: string;
}

export interface ExtractOptions {
  /** The instant relative dates count from (default: now). */
  now?: Date;
  /** Default: the NLU's time zone. */
  timeZone?: string;
}

export interface MatchOptions extends ExtractOptions {
  /** Confidence below which the text is a no-match (the flow's classification threshold). */
  threshold: number;
  /** Display names of the intents in scope (default: all). */
  candidates?: Iterable<string>;
}

export interface IntentMatch {
  intent?: string;
  confidence: number;
  parameters: Record<string, ParameterValue>;
}

export interface Nlu {
  /** Best intent among `candidates` (display names; default all) with its confidence and the parameters found in the text; no `intent` when below `threshold`. */
  matchIntent(text: string, options: MatchOptions): IntentMatch;
  /** Fills one parameter of a given entity type (`@sys.date`, `@my-entity`) from the text, for form filling; undefined when absent. */
  extract(text: string, entityType: string, options?: ExtractOptions): ParameterValue | undefined;
  /** The classifier, absent when no intent has a training phrase in the language. */
  readonly classifier?: IntentClassifier;
  /** What was simplified or skipped while building (composite entries, bad regexes, unknown entity types…). */
  readonly notes: readonly string[];
}

/** How an entity type is written for the classifier: `@` and its display name, as one term. */
const referenceOf = (name: string) => `@${name.replace(/[^\p{L}\p{N}_.-]+/gu, '_')}`;

function checkText(text: unknown): asserts text is string {
  if (typeof text !== 'string') throw invalidOption('text', `must be a string, got ${typeof text}`);
}

/**
 * The NLU for `agent`: its intents (negative priority ones left out, the Default Negative Intent as
 * negative examples) and its entity types, in one language.
 * @example buildNlu(agent).matchIntent('I want to dive in Mexico', { threshold: 0.3 }) // { intent: 'head.send.group.request', confidence: 0.99…, parameters: { destination: { original: 'Mexico', resolved: 'Mexico' } } }
 */
export function buildNlu(agent: Agent, options: NluOptions = {}): Nlu {
  const languageCode = (options.languageCode ?? agent.defaultLanguageCode).toLowerCase();
  const defaultZone = options.timeZone ?? agent.timeZone ?? 'UTC';
  offsetMinutes(new Date(), defaultZone); // refuses a zone name Intl does not know, now rather than mid-conversation
  const notes: string[] = [];
  const inLanguage = (intent: Intent) => intent.trainingPhrases.filter((p) => (p.languageCode ?? agent.defaultLanguageCode).toLowerCase() === languageCode);

  const finders = new Map<string, EntityFinder>();
  const customFinder = (name: string): EntityFinder | undefined => {
    if (!finders.has(name)) {
      const entityType = agent.entityTypes.get(name);
      if (entityType) finders.set(name, compileEntityType(entityType, languageCode, notes));
    }
    return finders.get(name);
  };

  // The classifier sees each value of the agent's entity types as the type's reference
  // ("a trip to @destination"), in training and in use alike: a phrase about Mexico then also
  // teaches it about Cocos Island, as CX's entity-aware training does.
  const entityNames = [...agent.entityTypes.keys()];
  const modelText = (text: string): string => {
    const found = longestFirst(entityNames.flatMap((name) => customFinder(name)!.find(text).map((m) => ({ ...m, resolved: name }))));
    let result = text;
    for (const m of found.reverse()) {
      if (text[m.start - 1] !== '@') result = `${result.slice(0, m.start)} ${referenceOf(m.resolved as string)} ${result.slice(m.end)}`;
    }
    return result;
  };
  const trainingText = (intent: Intent, phrase: TrainingPhrase): string => {
    const text = phrase.parts
      .map((part) => {
        const entityType = intent.parameters.find((p) => p.id === part.parameterId)?.entityType.replace(/^@/, '');
        return entityType !== undefined && agent.entityTypes.has(entityType) ? ` ${referenceOf(entityType)} ` : part.text;
      })
      .join('');
    return modelText(text);
  };

  const examples: { label: string; text: string }[] = [];
  const negatives: string[] = [];
  for (const intent of agent.intents.values()) {
    const phrases = inLanguage(intent);
    if (intent.isFallback) negatives.push(...phrases.map((phrase) => trainingText(intent, phrase)));
    else if (intent.priority < 0) notes.push(`intent ${intent.displayName} has a negative priority and is never matched`);
    else {
      // repeatCount weighs a phrase as CX does, by counting it that many times.
      for (const phrase of phrases) for (let n = 0; n < Math.max(1, phrase.repeatCount); n++) examples.push({ label: intent.displayName, text: trainingText(intent, phrase) });
    }
  }
  const classifier = examples.length > 0 ? trainClassifier(examples, { negatives, stem: languageCode === 'en' || languageCode.startsWith('en-') }) : undefined;
  if (!classifier) notes.push(`no intent has a training phrase in language ${languageCode}: every text is a no-match`);
  const contexts = new Map<string, AnnotationContext[]>();
  const contextsOf = (intent: Intent, parameter: IntentParameter) => {
    const key = `${intent.displayName}\u0000${parameter.id}`;
    if (!contexts.has(key)) contexts.set(key, learnContexts(inLanguage(intent), parameter.id));
    return contexts.get(key)!;
  };
  const noted = new Set<string>();
  const noteOnce = (note: string) => {
    if (!noted.has(note)) notes.push(note);
    noted.add(note);
  };

  const clockOf = (given: ExtractOptions = {}): Clock => ({ now: given.now ?? new Date(), timeZone: given.timeZone ?? defaultZone });

  /** Every match of `entityType`, or undefined when the type reads like @sys.any. */
  const findAll = (text: string, entityType: string, clock: Clock): EntityMatch[] | undefined => {
    const name = entityType.replace(/^@/, '');
    if (name === 'sys.any') return undefined;
    if (name.startsWith('sys.')) {
      if (!isKnownSystemEntity(name)) noteOnce(`@${name} has no finder of its own and is read like @sys.any`);
      return findSystemEntity(name, text, clock);
    }
    const finder = customFinder(name);
    if (!finder) throw invalidOption('entityType', `the agent has no entity type ${JSON.stringify(entityType)}`);
    return finder.find(text);
  };

  const valueOf = (matches: readonly EntityMatch[], isList: boolean): ParameterValue =>
    isList ? { original: matches.map((m) => m.original).join(', '), resolved: matches.map((m) => m.resolved) } : { original: matches[0]!.original, resolved: matches[0]!.resolved };

  function intentParameters(intent: Intent, text: string, clock: Clock): Record<string, ParameterValue> {
    const parameters: Record<string, ParameterValue> = {};
    const taken: EntityMatch[] = [];
    const free = (m: EntityMatch) => !taken.some((t) => m.start < t.end && t.start < m.end);
    for (const parameter of intent.parameters) {
      const name = parameter.entityType.replace(/^@/, '');
      if (!name.startsWith('sys.') && !agent.entityTypes.has(name)) {
        noteOnce(`intent ${intent.displayName}: parameter ${parameter.id} has entity type ${parameter.entityType}, which the agent lacks; it is never filled`);
        continue;
      }
      const matches = findAll(text, parameter.entityType, clock);
      const around = findByContext(text, contextsOf(intent, parameter));
      let chosen: EntityMatch[];
      if (matches === undefined) chosen = around ? [around] : [];
      else {
        const open = matches.filter(free);
        // The annotated phrases say where this parameter sits, which tells two dates (or two numbers) apart.
        const placed = around ? open.filter((m) => m.start < around.end && around.start < m.end) : [];
        chosen = parameter.isList ? open : (placed.length > 0 ? placed : open).slice(0, 1);
      }
      if (chosen.length === 0) continue;
      taken.push(...chosen);
      parameters[parameter.id] = valueOf(chosen, parameter.isList);
    }
    return parameters;
  }

  return {
    classifier,
    notes,
    matchIntent(text, matchOptions) {
      checkText(text);
      const { threshold } = matchOptions ?? {};
      if (typeof threshold !== 'number' || !(threshold >= 0 && threshold <= 1)) throw invalidOption('threshold', `must be a number from 0 to 1, got ${String(threshold)}`);
      if (!classifier) return { confidence: 0, parameters: {} };
      const result = classifier.classify(modelText(text), matchOptions.candidates);
      const intent = result.label === undefined ? undefined : agent.intents.get(result.label);
      if (!intent || result.confidence < threshold) return { confidence: result.confidence, parameters: {} };
      return { intent: intent.displayName, confidence: result.confidence, parameters: intentParameters(intent, text, clockOf(matchOptions)) };
    },
    extract(text, entityType, extractOptions) {
      checkText(text);
      if (typeof entityType !== 'string' || entityType.replace(/^@/, '') === '') throw invalidOption('entityType', `must be an entity type name such as "@sys.date", got ${JSON.stringify(entityType)}`);
      const matches = findAll(text, entityType, clockOf(extractOptions));
      if (matches === undefined) {
        // Form filling with @sys.any takes the whole answer.
        const whole = text.trim();
        return whole === '' ? undefined : { original: whole, resolved: whole };
      }
      return matches.length > 0 ? valueOf(matches, false) : undefined;
    },
  };
}
