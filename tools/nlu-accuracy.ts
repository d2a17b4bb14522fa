// Reports the simulator NLU's accuracy on each public agent's held-out training phrases
// (`npm run nlu-accuracy`; docs/nlu.md keeps the table). `--misses` also lists what went wrong.
// Agents come from the shared fixtures; give folders or zips as arguments to measure others.
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadAgent } from '../src/agent/index.ts';
import { measureAccuracy } from '../src/simulator/nlu/accuracy.ts';
import { sharedFixture } from './support/shared-fixtures.ts';

const PUBLIC_AGENTS = ['goodbye-graffiti', 'divebooker', 'blood-donation'];

const args = process.argv.slice(2);
const showMisses = args.includes('--misses');
const given = args.filter((a) => !a.startsWith('--'));
const paths = given.length > 0 ? given.map((p) => path.resolve(p)) : PUBLIC_AGENTS.map((name) => fileURLToPath(sharedFixture(`agents/${name}/`)));

for (const agentPath of paths) {
  const agent = await loadAgent(agentPath);
  const report = measureAccuracy(agent);
  const name = given.length > 0 ? report.agent : path.basename(agentPath.replace(/[\\/]+$/, ''));
  console.log(
    `nlu-accuracy: agent=${name} intents=${report.intents} train=${report.train} test=${report.test} accuracy=${report.accuracy.toFixed(2)} no_match_rate=${report.noMatchRate.toFixed(2)}`,
  );
  if (showMisses) console.log(`  threshold ${report.threshold}; ${report.misses.length} misses:`);
  if (showMisses) for (const miss of report.misses) console.log(`  ${JSON.stringify(miss.text)}: ${miss.expected} -> ${miss.got ?? 'no-match'} (${miss.confidence.toFixed(2)})`);
}
