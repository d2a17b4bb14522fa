// Parses every file the model is built from (each against its shape) and indexes the resources'
// bare ids, before anything is built: references may point forward (a page to a later flow, a route
// to a webhook) and may be written as resource names, so all ids must be known first.
import type { AgentProblem } from '../model.ts';
import { emptyIdIndex, type IdIndex } from './context.ts';
import type { ExportFiles } from './export-files.ts';
import type { Layout, ResourceFiles } from './layout.ts';
import { displayNameOfFile, idOf } from './names.ts';
import { parseFile } from './parse-file.ts';
import * as shapes from './shapes.ts';
import type { z } from 'zod';

/** A parsed file with the id and display name of the resource it defines. */
export interface Parsed<T> {
  file: string;
  data: T;
  /** From `displayName` in the file, else the decoded file name. */
  displayName: string;
  /** The bare id from `name`, else the display name (older exports may lack `name`). */
  id: string;
}

export interface ParsedFlow extends Parsed<shapes.FlowShape> {
  pages: Parsed<shapes.PageShape>[];
  routeGroups: Parsed<shapes.RouteGroupShape>[];
}

export interface ParsedIntent extends Parsed<shapes.IntentShape> {
  trainingPhrases: { file: string; language: string; phrases: shapes.TrainingPhraseShape[] }[];
}

export interface ParsedEntityType extends Parsed<shapes.EntityTypeShape> {
  entities: { file: string; language: string; entities: shapes.EntityShape[] }[];
  excludedPhrases: { file: string; language: string; phrases: shapes.ExcludedPhraseShape[] }[];
}

export interface ParsedExport {
  agent: Parsed<shapes.AgentShape>;
  flows: ParsedFlow[];
  agentRouteGroups: Parsed<shapes.RouteGroupShape>[];
  intents: ParsedIntent[];
  entityTypes: ParsedEntityType[];
  webhooks: Parsed<shapes.WebhookShape>[];
  testCases: Parsed<shapes.TestCaseShape>[];
  generators: Parsed<z.output<typeof shapes.namedResourceShape>>[];
  playbooks: Parsed<z.output<typeof shapes.namedResourceShape>>[];
  ids: IdIndex;
  /** Resource folders without their main file (`intents/X/` without `X.json`), reported, not loaded. */
  problems: AgentProblem[];
}

function parse<S extends z.ZodType>(files: ExportFiles, file: string, schema: S): Parsed<z.output<S>> {
  const data = parseFile(file, files.json.get(file) ?? '', schema) as z.output<S> & { name?: string; displayName?: string };
  const displayName = data.displayName || displayNameOfFile(file);
  return { file, data, displayName, id: data.name ? idOf(data.name) : displayName };
}

function languageOf(file: string): string {
  return displayNameOfFile(file);
}

/**
 * Every resource of the export under `layout`, parsed, and the id index over them.
 * @example const parsed = readResources(files, layoutOf(files.paths))
 */
export function readResources(files: ExportFiles, layout: Layout): ParsedExport {
  const problems: AgentProblem[] = [];
  const withFile = (resources: ResourceFiles[]) =>
    resources.filter((resource): resource is ResourceFiles & { file: string } => {
      if (resource.file) return true;
      const name = resource.folder.slice(resource.folder.indexOf('/') + 1);
      problems.push({ severity: 'error', code: 'missing-file', message: `${resource.folder}/ has no ${name}.json; it is not loaded`, source: { file: `${resource.folder}/`, path: '$' } });
      return false;
    });

  const flows: ParsedFlow[] = [];
  for (const flow of layout.flows) {
    if (!flow.file) {
      const name = flow.folder.slice('flows/'.length);
      problems.push({ severity: 'error', code: 'missing-file', message: `${flow.folder}/ has no ${name}.json; the flow and its pages are not loaded`, source: { file: `${flow.folder}/`, path: '$' } });
      continue;
    }
    flows.push({
      ...parse(files, flow.file, shapes.flowShape),
      pages: flow.pages.map((file) => parse(files, file, shapes.pageShape)),
      routeGroups: flow.routeGroups.map((file) => parse(files, file, shapes.routeGroupShape)),
    });
  }

  const intents: ParsedIntent[] = withFile(layout.intents).map((resource) => ({
    ...parse(files, resource.file, shapes.intentShape),
    trainingPhrases: (resource.languages.get('trainingPhrases') ?? []).map((file) => ({
      file,
      language: languageOf(file),
      phrases: parseFile(file, files.json.get(file) ?? '', shapes.trainingPhrasesShape).trainingPhrases ?? [],
    })),
  }));

  const entityTypes: ParsedEntityType[] = withFile(layout.entityTypes).map((resource) => ({
    ...parse(files, resource.file, shapes.entityTypeShape),
    entities: (resource.languages.get('entities') ?? []).map((file) => ({
      file,
      language: languageOf(file),
      entities: parseFile(file, files.json.get(file) ?? '', shapes.entitiesShape).entities ?? [],
    })),
    excludedPhrases: (resource.languages.get('excludedPhrases') ?? []).map((file) => ({
      file,
      language: languageOf(file),
      phrases: parseFile(file, files.json.get(file) ?? '', shapes.excludedPhrasesShape).excludedPhrases ?? [],
    })),
  }));

  const parsed: ParsedExport = {
    agent: parse(files, 'agent.json', shapes.agentShape),
    flows,
    agentRouteGroups: layout.agentRouteGroups.map((file) => parse(files, file, shapes.routeGroupShape)),
    intents,
    entityTypes,
    webhooks: layout.webhooks.map((file) => parse(files, file, shapes.webhookShape)),
    testCases: layout.testCases.map((file) => parse(files, file, shapes.testCaseShape)),
    generators: withFile(layout.generators).map((resource) => parse(files, resource.file, shapes.namedResourceShape)),
    playbooks: withFile(layout.playbooks).map((resource) => parse(files, resource.file, shapes.namedResourceShape)),
    ids: emptyIdIndex(),
    problems,
  };
  indexIds(parsed);
  return parsed;
}

function indexIds(parsed: ParsedExport): void {
  const { ids } = parsed;
  for (const flow of parsed.flows) {
    ids.flows.set(flow.id, flow.displayName);
    for (const page of flow.pages) ids.pages.set(page.id, { flow: flow.displayName, page: page.displayName });
    for (const group of flow.routeGroups) ids.routeGroups.set(group.id, group.displayName);
  }
  for (const group of parsed.agentRouteGroups) ids.routeGroups.set(group.id, group.displayName);
  for (const intent of parsed.intents) ids.intents.set(intent.id, intent.displayName);
  for (const entityType of parsed.entityTypes) ids.entityTypes.set(entityType.id, entityType.displayName);
  for (const webhook of parsed.webhooks) ids.webhooks.set(webhook.id, webhook.displayName);
  for (const playbook of parsed.playbooks) ids.playbooks.set(playbook.id, playbook.displayName);
}
