// Sorts an export's paths into the resources they belong to (spec cx-agent-export §2): which file is
// a flow, which are its pages and route groups, which files hold an intent's phrases, and so on.
// Paths are root-relative and still percent-encoded; nothing is read here.

export interface FlowFiles {
  /** `flows/<F>`. */
  folder: string;
  /** `flows/<F>/<F>.json`, when present. */
  file?: string;
  pages: string[];
  routeGroups: string[];
}

export interface ResourceFiles {
  /** `<kind>/<R>`. */
  folder: string;
  /** `<kind>/<R>/<R>.json`, when present. */
  file?: string;
  /** Per-language files by sub-folder: `trainingPhrases`, `entities`, `excludedPhrases`. */
  languages: Map<string, string[]>;
}

export interface Layout {
  flows: FlowFiles[];
  agentRouteGroups: string[];
  intents: ResourceFiles[];
  entityTypes: ResourceFiles[];
  webhooks: string[];
  testCases: string[];
  generators: ResourceFiles[];
  playbooks: ResourceFiles[];
  /** Top-level folders the simulator does not run, sorted. */
  unsimulated: string[];
}

/** Top-level folders whose content becomes part of what the simulator runs. */
const SIMULATED = new Set(['flows', 'intents', 'entityTypes', 'webhooks', 'testCases', 'agentTransitionRouteGroups']);

function resourceIn(groups: Map<string, ResourceFiles>, folder: string): ResourceFiles {
  let found = groups.get(folder);
  if (!found) groups.set(folder, (found = { folder, languages: new Map() }));
  return found;
}

/** `<kind>/<R>/<R>.json` and `<kind>/<R>/<sub>/<lang>.json` for intents, entity types, generators, playbooks. */
function addResourceFile(groups: Map<string, ResourceFiles>, segments: string[], path: string): void {
  const [kind, name, third, fourth] = segments;
  const resource = resourceIn(groups, `${kind}/${name}`);
  if (segments.length === 3 && third === `${name}.json`) resource.file = path;
  else if (segments.length === 4 && third && fourth?.endsWith('.json')) {
    const files = resource.languages.get(third) ?? [];
    files.push(path);
    resource.languages.set(third, files);
  }
}

/**
 * The resources `paths` hold. Files in unknown places are ignored; unknown top-level folders are
 * listed in `unsimulated`.
 * @example layoutOf(['agent.json', 'webhooks/lookup.json']).webhooks // ['webhooks/lookup.json']
 */
export function layoutOf(paths: readonly string[]): Layout {
  const flows = new Map<string, FlowFiles>();
  const intents = new Map<string, ResourceFiles>();
  const entityTypes = new Map<string, ResourceFiles>();
  const generators = new Map<string, ResourceFiles>();
  const playbooks = new Map<string, ResourceFiles>();
  const layout: Layout = { flows: [], agentRouteGroups: [], intents: [], entityTypes: [], webhooks: [], testCases: [], generators: [], playbooks: [], unsimulated: [] };
  const unsimulated = new Set<string>();

  for (const path of paths) {
    const segments = path.split('/');
    const top = segments[0]!;
    if (segments.length > 1 && !SIMULATED.has(top)) unsimulated.add(top);
    if (!path.endsWith('.json') || segments.length < 2) continue;
    if (top === 'flows' && segments.length >= 3) {
      const name = segments[1]!;
      const folder = `flows/${name}`;
      let flow = flows.get(folder);
      if (!flow) flows.set(folder, (flow = { folder, pages: [], routeGroups: [] }));
      if (segments.length === 3 && segments[2] === `${name}.json`) flow.file = path;
      else if (segments.length === 4 && segments[2] === 'pages') flow.pages.push(path);
      else if (segments.length === 4 && segments[2] === 'transitionRouteGroups') flow.routeGroups.push(path);
    } else if (top === 'agentTransitionRouteGroups' && segments.length === 2) layout.agentRouteGroups.push(path);
    else if (top === 'webhooks' && segments.length === 2) layout.webhooks.push(path);
    else if (top === 'testCases' && segments.length === 2) layout.testCases.push(path);
    else if (segments.length < 3) continue;
    else if (top === 'intents') addResourceFile(intents, segments, path);
    else if (top === 'entityTypes') addResourceFile(entityTypes, segments, path);
    else if (top === 'generators') addResourceFile(generators, segments, path);
    else if (top === 'playbooks') addResourceFile(playbooks, segments, path);
  }
  layout.flows = [...flows.values()];
  layout.intents = [...intents.values()];
  layout.entityTypes = [...entityTypes.values()];
  layout.generators = [...generators.values()];
  layout.playbooks = [...playbooks.values()];
  layout.unsimulated = [...unsimulated].sort();
  return layout;
}
