// Golden conversations: the user's own test conversations, written in YAML. Parses a file into
// runnable cases; every problem names the file, the line and the YAML path.
import { LineCounter, parseAllDocuments, type Document } from 'yaml';
import * as z from 'zod';
import { CxhookError } from '../../errors/index.ts';
import { WEBHOOK_OUTCOMES, type UserTurn, type WebhookStub } from '../engine/types.ts';
import type { CaseTurn, ConversationCase, TextExpectation, TurnExpectation } from './case.ts';
import { patternOf } from './compare.ts';
import { stubIssues } from './stubs.ts';


const name = z.string().trim().min(1, 'must not be empty');
const parameters = z.record(z.string(), z.unknown());
// YAML reads `dtmf: 12` and `user: 42` as numbers; both are text to the agent.
const text = z.union([z.string(), z.number()]).transform(String);

/** A list, or one item standing for a list of one (`says: Hello`). */
function oneOrMany<T extends z.ZodType>(item: T) {
  return z.preprocess((value) => (Array.isArray(value) ? value : [value]), z.array(item));
}

const textExpectation = z.union([z.string(), z.strictObject({ text: z.string() })], { error: 'expected a text, a /pattern/ or { text: … }' }).transform((value, ctx): TextExpectation => {
  if (typeof value !== 'string') return { text: value.text };
  try {
    const pattern = patternOf(value);
    return pattern ? { pattern } : { text: value };
  } catch (error) {
    ctx.issues.push({ code: 'custom', message: `not a valid regular expression: ${(error as Error).message}`, input: value });
    return z.NEVER;
  }
});

const expectSchema = z.strictObject({
  intent: name.optional(),
  flow: name.optional(),
  page: name.optional(),
  says: oneOrMany(textExpectation).optional(),
  params: parameters.optional(),
  webhook: z
    .union([z.literal(false), z.strictObject({ tag: name.optional(), webhook: name.optional(), outcome: z.enum(WEBHOOK_OUTCOMES).optional() })], {
      error: 'expected false (no call) or { tag, webhook, outcome }',
    })
    .optional(),
  events: oneOrMany(name).optional(),
  ended: z.boolean().optional(),
});

const INPUTS = ['user', 'intent', 'event', 'dtmf'] as const;

const turnSchema = z
  .strictObject({
    user: text.optional(),
    intent: z.union([name, z.strictObject({ name, parameters: parameters.optional() })], { error: 'expected an intent name or { name, parameters }' }).optional(),
    event: name.optional(),
    dtmf: text.optional(),
    parameters: parameters.optional(),
    webhooks: z.boolean().optional(),
    expect: expectSchema.optional(),
  })
  .superRefine((turn, ctx) => {
    const given = INPUTS.filter((key) => turn[key] !== undefined);
    if (given.length !== 1) {
      ctx.addIssue({ code: 'custom', message: `a turn has exactly one of user, intent, event or dtmf; found ${given.length ? given.join(', ') : 'none'}` });
    }
  });

const stubsSchema = z.record(z.string(), z.unknown()).superRefine((stubs, ctx) => {
  for (const issue of stubIssues(stubs)) ctx.addIssue({ code: 'custom', message: issue.message, path: issue.path.split('.').map((key) => (/^\d+$/.test(key) ? Number(key) : key)) });
});

const conversationSchema = z.strictObject({
  name: name.optional(),
  tags: z.array(name).optional(),
  start: z.strictObject({ flow: name.optional(), page: name.optional(), parameters: parameters.optional() }).optional(),
  language: name.optional(),
  stubs: stubsSchema.optional(),
  generators: z.record(z.string(), z.string()).optional(),
  webhooks: z.boolean().optional(),
  turns: z.array(turnSchema).min(1, 'a conversation needs at least one turn'),
});

const listSchema = z.strictObject({
  stubs: stubsSchema.optional(),
  generators: z.record(z.string(), z.string()).optional(),
  conversations: z.array(conversationSchema).min(1, 'list at least one conversation'),
});

type TurnSource = z.infer<typeof turnSchema>;
type ConversationSource = z.infer<typeof conversationSchema>;

export interface GoldenIssue {
  /** YAML path, e.g. `conversations[0].turns[2].expect.says[1]`. */
  path: string;
  /** 1-based line in the file, when known. */
  line?: number;
  message: string;
}

function yamlPath(path: readonly PropertyKey[]): string {
  return path.map((key, index) => (typeof key === 'number' ? `[${key}]` : index === 0 ? String(key) : `.${String(key)}`)).join('') || '(top)';
}

type ZodIssue = z.core.$ZodIssue;

/**
 * Issues as a reader wants them: an unknown key at the key itself, and a union (`intent: name` or
 * `intent: { name, parameters }`) reported through the branch the input was meant for, not as
 * zod's bare "Invalid input".
 */
function flatten(issues: readonly ZodIssue[], prefix: readonly PropertyKey[] = []): { path: PropertyKey[]; message: string }[] {
  return issues.flatMap((issue) => {
    const path = [...prefix, ...issue.path];
    if (issue.code === 'unrecognized_keys') return issue.keys.map((key) => ({ path: [...path, key], message: `unknown key "${key}"` }));
    if (issue.code === 'invalid_union') {
      // A branch that failed only on the type of the value itself was not the one meant.
      const meant = issue.errors.filter((branch) => !branch.every((inner) => inner.path.length === 0 && (inner.code === 'invalid_type' || inner.code === 'invalid_value')));
      if (meant.length === 1 && meant[0]) return flatten(meant[0], path);
    }
    return [{ path, message: issue.message }];
  });
}

function invalid(file: string, issues: GoldenIssue[]): CxhookError {
  const shown = issues.slice(0, 3).map((issue) => `${issue.line === undefined ? '' : `line ${issue.line}, `}${issue.path}: ${issue.message}`);
  if (issues.length > 3) shown.push(`and ${issues.length - 3} more`);
  return new CxhookError('CXH_ERR_INVALID_GOLDEN', [file, shown.join('; ')], { details: issues });
}

/** The line of the deepest node of `path` that exists in the document. */
function lineOf(document: Document, lines: LineCounter, path: readonly PropertyKey[]): number | undefined {
  for (let depth = path.length; depth >= 0; depth--) {
    const keys = path.slice(0, depth);
    const node = (keys.length ? document.getIn(keys as unknown[], true) : document.contents) as { range?: [number, number, number] } | null | undefined;
    if (node?.range) return lines.linePos(node.range[0]).line;
  }
  return undefined;
}

function expectationOf(source: TurnSource['expect']): TurnExpectation {
  if (!source) return {};
  // `says` and `events` are lists already (oneOrMany); each expected text becomes its message's one accepted text.
  const { says, ...rest } = source;
  return { ...rest, ...(says === undefined ? {} : { says: says.map((one) => [one]) }) };
}

function inputOf(turn: TurnSource): UserTurn {
  if (turn.user !== undefined) return { text: turn.user };
  if (turn.event !== undefined) return { event: turn.event };
  if (turn.dtmf !== undefined) return { dtmf: turn.dtmf };
  const intent = turn.intent!;
  if (typeof intent === 'string') return { intent };
  return intent.parameters ? { intent: intent.name, parameters: intent.parameters } : { intent: intent.name };
}

interface Located {
  conversation: ConversationSource;
  /** Its path inside its document (`[]` or `['conversations', 2]`). */
  path: PropertyKey[];
  document: Document;
  shared: Record<string, WebhookStub>;
  sharedGenerators: Record<string, string>;
}

function caseOf(file: string, located: Located, number: number, lines: LineCounter): ConversationCase {
  const { conversation, path, document, shared, sharedGenerators } = located;
  const turns: CaseTurn[] = conversation.turns.map((turn, index) => {
    const line = lineOf(document, lines, [...path, 'turns', index]);
    return {
      input: inputOf(turn),
      ...(turn.parameters === undefined ? {} : { parameters: turn.parameters }),
      webhooks: turn.webhooks ?? conversation.webhooks ?? true,
      expect: expectationOf(turn.expect),
      at: `${file}${line === undefined ? '' : `:${line}`}`,
    };
  });
  const start = conversation.start ?? {};
  return {
    name: conversation.name ?? `conversation ${number}`,
    suite: file,
    file,
    start: {
      ...(start.flow === undefined ? {} : { flow: start.flow }),
      ...(start.page === undefined ? {} : { page: start.page }),
      ...(start.parameters === undefined ? {} : { parameters: start.parameters }),
    },
    stubs: { ...shared, ...((conversation.stubs ?? {}) as Record<string, WebhookStub>) },
    generators: { ...sharedGenerators, ...(conversation.generators ?? {}) },
    ...(conversation.language === undefined ? {} : { languageCode: conversation.language }),
    tags: conversation.tags ?? [],
    turns,
  };
}

/**
 * Parses a golden YAML file: one conversation per document (`---` between them), or a list under
 * `conversations:` with shared `stubs:`. Throws `CXH_ERR_INVALID_GOLDEN` naming the line and path.
 * @example parseGolden('name: hello\nturns:\n  - user: hi\n    expect: { intent: Default Welcome Intent }\n', 'hello.yaml')
 */
export function parseGolden(text: string, file: string): ConversationCase[] {
  const lines = new LineCounter();
  const documents = parseAllDocuments(text, { lineCounter: lines, uniqueKeys: true });
  // `parseAllDocuments` returns an EmptyStream (no documents) for a file with only comments.
  const list = Array.isArray(documents) ? documents : [];
  const syntax = list.flatMap((document) => document.errors);
  if (syntax.length) {
    throw invalid(
      file,
      syntax.map((error) => ({ path: 'YAML', ...(error.linePos ? { line: error.linePos[0].line } : {}), message: (error.message.split('\n')[0] ?? '').replace(/ at line \d+, column \d+:?$/, '') })),
    );
  }
  const located: Located[] = [];
  const issues: GoldenIssue[] = [];
  for (const [index, document] of list.entries()) {
    const value: unknown = document.toJS();
    if (value === null || value === undefined) continue;
    const where = list.length > 1 ? `document ${index + 1}, ` : '';
    const isList = typeof value === 'object' && !Array.isArray(value) && 'conversations' in value;
    const parsed = (isList ? listSchema : conversationSchema).safeParse(value);
    if (!parsed.success) {
      for (const issue of flatten(parsed.error.issues)) {
        const line = lineOf(document, lines, issue.path);
        issues.push({ path: `${where}${yamlPath(issue.path)}`, ...(line === undefined ? {} : { line }), message: issue.message });
      }
      continue;
    }
    if ('conversations' in parsed.data) {
      const shared = (parsed.data.stubs ?? {}) as Record<string, WebhookStub>;
      const sharedGenerators = parsed.data.generators ?? {};
      parsed.data.conversations.forEach((conversation, at) => located.push({ conversation, path: ['conversations', at], document, shared, sharedGenerators }));
    } else {
      located.push({ conversation: parsed.data, path: [], document, shared: {}, sharedGenerators: {} });
    }
  }
  if (issues.length) throw invalid(file, issues.sort((a, b) => (a.line ?? 0) - (b.line ?? 0)));
  if (located.length === 0) throw invalid(file, [{ path: '(top)', message: 'the file holds no conversation' }]);
  return located.map((one, index) => caseOf(file, one, index + 1, lines));
}
