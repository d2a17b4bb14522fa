// Findings as a SARIF 2.1.0 log, the format CI code-scanning tools read: one run of the `cxhook`
// tool, its rules, and one result per finding with the file and the JSON path inside it.
import { isAbsolute } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Finding, Severity } from './finding.ts';
import { RULES } from './rules.ts';

export const SARIF_SCHEMA = 'https://json.schemastore.org/sarif-2.1.0.json';

/** The part of SARIF 2.1.0 that cxhook writes (tests hold it against the full `@types/sarif` Log). */
export interface SarifLog {
  $schema: string;
  version: '2.1.0';
  runs: {
    tool: { driver: { name: string; version?: string; informationUri?: string; rules: SarifRule[] } };
    results: SarifResult[];
  }[];
}

interface SarifRule {
  id: string;
  shortDescription: { text: string };
  defaultConfiguration: { level: Severity };
}

interface SarifResult {
  ruleId: string;
  ruleIndex: number;
  level: Severity;
  message: { text: string };
  locations: {
    physicalLocation: { artifactLocation: { uri: string } };
    logicalLocations: { fullyQualifiedName: string }[];
  }[];
}

export interface SarifOptions {
  /** cxhook's version, for `tool.driver.version`. */
  version?: string;
  /** Prefix of agent file URIs: the agent folder as given (e.g. `agents/divebooker`), so URIs point into the repository. */
  agentRoot?: string;
  /** The `file` of findings about the app; its URI is not put under `agentRoot`. */
  appFile?: string;
}

/**
 * A path as a URI: a relative one as a relative reference with every segment percent-encoded (export
 * names contain `%`, spaces and `:`), an absolute one as a `file:` URL.
 */
function uriOf(path: string): string {
  if (isAbsolute(path)) return pathToFileURL(path).href;
  return path
    .split(/[\\/]/)
    .filter((segment, index) => segment !== '' || index === 0)
    .map((segment) => (segment === '.' || segment === '..' ? segment : encodeURIComponent(segment)))
    .join('/');
}

/**
 * The SARIF log of `findings`, listing every rule with its default level.
 * @example writeFileSync('check.sarif', JSON.stringify(toSarif(findings, { agentRoot: 'agents/divebooker' })));
 */
export function toSarif(findings: readonly Finding[], options: SarifOptions = {}): SarifLog {
  const rules: SarifRule[] = RULES.map((rule) => ({ id: rule.id, shortDescription: { text: rule.description }, defaultConfiguration: { level: rule.severity } }));
  const root = options.agentRoot?.replace(/[\\/]+$/, '');
  const results = findings.map((finding): SarifResult => {
    const inAgent = finding.file !== options.appFile;
    const path = inAgent && root ? `${root}/${finding.file}` : finding.file;
    return {
      ruleId: finding.rule,
      ruleIndex: RULES.findIndex((rule) => rule.id === finding.rule),
      level: finding.severity,
      message: { text: finding.message },
      locations: [
        {
          physicalLocation: { artifactLocation: { uri: uriOf(path) } },
          logicalLocations: [{ fullyQualifiedName: finding.jsonPath }],
        },
      ],
    };
  });
  return {
    $schema: SARIF_SCHEMA,
    version: '2.1.0',
    runs: [
      {
        tool: { driver: { name: 'cxhook', ...(options.version ? { version: options.version } : {}), rules } },
        results,
      },
    ],
  };
}
