// `cxhook gen`'s core: an agent export in, a TypeScript module of its webhook tags, their pages and
// form parameters, and its session parameter names out. The module has types only; `typed()` reads it.
import type { Agent, Page } from '../model.ts';
import { placedFulfillments, type PlacedFulfillment } from './fulfillments.ts';
import { sessionParams } from './session-params.ts';
import { commentText, literalUnion, propertyKey, sortedUnique, stringLiteral, typeName } from './ts-syntax.ts';

export interface GenerateOptions {
  /**
   * Names the agent in the header and in the `<Name>Agent` interface (default: the agent's display
   * name, else its folder or zip name).
   */
  name?: string;
}

/** What the generated module says about one tag. */
export interface TagTypes {
  tag: string;
  /** `Flow/Page` of every page that calls it, sorted. */
  pages: string[];
  /** Form parameter name → entity types, over the pages that call the tag. */
  formParams: Map<string, Set<string>>;
  /** Where it is called, one line each, sorted. */
  calledFrom: string[];
}

/** The facts the generated module is printed from, so tests and other tools can read them too. */
export interface AgentDescription {
  /** The agent's name as printed in the header. */
  agentName: string;
  /** The `<Name>Agent` interface name. */
  interfaceName: string;
  /** Sorted by tag. */
  tags: TagTypes[];
  /** Sorted. */
  sessionParams: string[];
}

function agentNameOf(agent: Agent, options: GenerateOptions): string {
  if (options.name?.trim()) return options.name.trim();
  if (agent.displayName?.trim()) return agent.displayName.trim();
  // Split on both separators: an origin written on Windows names its folder the same way.
  const base = (agent.origin.split(/[\\/]+/).filter(Boolean).pop() ?? '').replace(/\.zip$/i, '');
  return base || 'agent';
}

function interfaceNameOf(agentName: string): string {
  const base = typeName(agentName, 'Cx');
  return base.endsWith('Agent') ? base : `${base}Agent`;
}

function pageLabel(flow: string, page: Page): string {
  return `${flow}/${page.displayName}`;
}

function callLine(placed: PlacedFulfillment): string {
  const where = placed.page && placed.flow ? `${pageLabel(placed.flow, placed.page)}: ` : '';
  const webhook = placed.fulfillment.webhook ? ` (webhook ${placed.fulfillment.webhook})` : '';
  return `${where}${placed.holder}${webhook}`;
}

/**
 * The facts behind the generated module: tags with their pages, form parameters and call sites,
 * and the session parameter names.
 * @example describeAgent(agent).tags.map((tag) => tag.tag) // ['geocode', 'validation']
 */
export function describeAgent(agent: Agent, options: GenerateOptions = {}): AgentDescription {
  const byTag = new Map<string, TagTypes>();
  for (const placed of placedFulfillments(agent)) {
    const tag = placed.fulfillment.tag;
    if (!tag) continue;
    let types = byTag.get(tag);
    if (!types) byTag.set(tag, (types = { tag, pages: [], formParams: new Map(), calledFrom: [] }));
    types.calledFrom.push(callLine(placed));
    if (!placed.page || !placed.flow) continue;
    types.pages.push(pageLabel(placed.flow, placed.page));
    for (const parameter of placed.page.form) {
      let entityTypes = types.formParams.get(parameter.displayName);
      if (!entityTypes) types.formParams.set(parameter.displayName, (entityTypes = new Set()));
      entityTypes.add(parameter.entityType);
    }
  }
  const tags = sortedUnique(byTag.keys()).map((tag) => {
    const types = byTag.get(tag)!;
    return { ...types, pages: sortedUnique(types.pages), calledFrom: sortedUnique(types.calledFrom) };
  });
  const agentName = agentNameOf(agent, options);
  return { agentName, interfaceName: interfaceNameOf(agentName), tags, sessionParams: sortedUnique(sessionParams(agent)) };
}

function formParamsType(formParams: Map<string, Set<string>>): string {
  const names = sortedUnique(formParams.keys());
  if (names.length === 0) return '{}';
  return `{ ${names.map((name) => `${propertyKey(name)}: ${literalUnion(formParams.get(name)!)}`).join('; ')} }`;
}

function tagMember(types: TagTypes): string[] {
  const pages = `readonly [${types.pages.map(stringLiteral).join(', ')}]`;
  return [
    `  /** Called from ${commentText(types.calledFrom.join('; '))}. */`,
    `  ${propertyKey(types.tag)}: {`,
    `    pages: ${pages};`,
    `    formParams: ${formParamsType(types.formParams)};`,
    '  };',
  ];
}

/**
 * A TypeScript module describing the agent's webhook contract, for `typed<…Agent>(app)`. The output
 * depends only on the agent's content (everything is sorted), so regenerating an unchanged agent
 * changes nothing.
 * @example writeFileSync('agent-types.ts', generateTypes(await loadAgent('./exported-agent')))
 */
export function generateTypes(agent: Agent, options: GenerateOptions = {}): string {
  const types = describeAgent(agent, options);
  const lines = [
    `// Types of the Dialogflow CX agent ${commentText(JSON.stringify(types.agentName))}: generated by cxhook gen; do not edit.`,
    '// Regenerate with `cxhook gen <agent> --out <file>` when the agent changes. Use with',
    `// \`typed<${types.interfaceName}>(createWebhook())\` from cxhook.`,
    '',
    '/** The webhook tags the agent sends (`fulfillmentInfo.tag`). */',
    `export type AgentTag = ${literalUnion(types.tags.map((tag) => tag.tag))};`,
    '',
    '/** Per tag: the pages (`Flow/Page`) whose fulfillments call it, and their form parameters with entity types. */',
    types.tags.length === 0 ? 'export interface AgentTags {}' : 'export interface AgentTags {',
    ...(types.tags.length === 0 ? [] : [...types.tags.flatMap(tagMember), '}']),
    '',
    '/** Session parameter names the agent fills or reads (form and intent parameters, presets, `$session.params` references). */',
    `export type SessionParam = ${literalUnion(types.sessionParams)};`,
    '',
    `/** The agent's webhook contract, for \`typed<${types.interfaceName}>(app)\`. */`,
    `export interface ${types.interfaceName} {`,
    '  tags: AgentTags;',
    '  sessionParams: SessionParam;',
    '}',
    '',
  ];
  return lines.join('\n');
}
